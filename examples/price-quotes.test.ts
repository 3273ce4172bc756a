/** The price quote fan-out's test bodies under vitest (the same bodies run under node:test: price-quotes.node-test.ts). */
import { afterAll, beforeAll, describe, it } from "vitest";
import { setupExamples, teardownExamples } from "./example-cases.js";
import { priceQuotesCases } from "./price-quotes.cases.js";

beforeAll(setupExamples);
afterAll(teardownExamples);

describe("price quote fan-out", () => {
  for (const testCase of priceQuotesCases) it(testCase.name, testCase.run);
});

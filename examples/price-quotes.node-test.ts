/** The price quote fan-out's test bodies under node's test runner (the same bodies run under vitest: price-quotes.test.ts). */
import { after, before, describe, it } from "node:test";
import { setupExamples, teardownExamples } from "./example-cases.js";
import { priceQuotesCases } from "./price-quotes.cases.js";

before(setupExamples);
after(teardownExamples);

describe("price quote fan-out", () => {
  for (const testCase of priceQuotesCases) it(testCase.name, testCase.run);
});

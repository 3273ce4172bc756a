/** The price quote fan-out test bodies (price-quotes.cases.ts) under vitest; price-quotes.node-test.ts runs the same under node:test. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { registerExampleSuite } from "./example-cases.js";
import { priceQuotesCases } from "./price-quotes.cases.js";

registerExampleSuite({ before: beforeAll, after: afterAll, describe, it }, "price quote fan-out", priceQuotesCases);

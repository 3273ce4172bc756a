/** The price quote fan-out test bodies (price-quotes.cases.ts) under node:test; price-quotes.test.ts runs the same under vitest. */
import { after, before, describe, it } from "node:test";
import { registerExampleSuite } from "./example-cases.js";
import { priceQuotesCases } from "./price-quotes.cases.js";

registerExampleSuite({ before, after, describe, it }, "price quote fan-out", priceQuotesCases);

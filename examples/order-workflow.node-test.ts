/** The order saga test bodies (order-workflow.cases.ts) under node:test; order-workflow.test.ts runs the same under vitest. */
import { after, before, describe, it } from "node:test";
import { registerExampleSuite } from "./example-cases.js";
import { orderWorkflowCases } from "./order-workflow.cases.js";

registerExampleSuite({ before, after, describe, it }, "order saga", orderWorkflowCases);

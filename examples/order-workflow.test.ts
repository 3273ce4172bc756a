/** The order saga test bodies (order-workflow.cases.ts) under vitest; order-workflow.node-test.ts runs the same under node:test. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { registerExampleSuite } from "./example-cases.js";
import { orderWorkflowCases } from "./order-workflow.cases.js";

registerExampleSuite({ before: beforeAll, after: afterAll, describe, it }, "order saga", orderWorkflowCases);

/** The order saga's test bodies under vitest (the same bodies run under node:test: order-workflow.node-test.ts). */
import { afterAll, beforeAll, describe, it } from "vitest";
import { setupExamples, teardownExamples } from "./example-cases.js";
import { orderWorkflowCases } from "./order-workflow.cases.js";

beforeAll(setupExamples);
afterAll(teardownExamples);

describe("order saga", () => {
  for (const testCase of orderWorkflowCases) it(testCase.name, testCase.run);
});

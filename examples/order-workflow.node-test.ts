/** The order saga's test bodies under node's test runner (the same bodies run under vitest: order-workflow.test.ts). */
import { after, before, describe, it } from "node:test";
import { setupExamples, teardownExamples } from "./example-cases.js";
import { orderWorkflowCases } from "./order-workflow.cases.js";

before(setupExamples);
after(teardownExamples);

describe("order saga", () => {
  for (const testCase of orderWorkflowCases) it(testCase.name, testCase.run);
});

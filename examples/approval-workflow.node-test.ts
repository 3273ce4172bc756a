/** The approval workflow's test bodies under node's test runner (the same bodies run under vitest: approval-workflow.test.ts). */
import { after, before, describe, it } from "node:test";
import { setupExamples, teardownExamples } from "./example-cases.js";
import { approvalWorkflowCases } from "./approval-workflow.cases.js";

before(setupExamples);
after(teardownExamples);

describe("approval workflow", () => {
  for (const testCase of approvalWorkflowCases) it(testCase.name, testCase.run);
});

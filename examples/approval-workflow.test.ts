/** The approval workflow's test bodies under vitest (the same bodies run under node:test: approval-workflow.node-test.ts). */
import { afterAll, beforeAll, describe, it } from "vitest";
import { setupExamples, teardownExamples } from "./example-cases.js";
import { approvalWorkflowCases } from "./approval-workflow.cases.js";

beforeAll(setupExamples);
afterAll(teardownExamples);

describe("approval workflow", () => {
  for (const testCase of approvalWorkflowCases) it(testCase.name, testCase.run);
});

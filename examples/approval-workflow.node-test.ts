/** The approval workflow test bodies (approval-workflow.cases.ts) under node:test; approval-workflow.test.ts runs the same under vitest. */
import { after, before, describe, it } from "node:test";
import { registerExampleSuite } from "./example-cases.js";
import { approvalWorkflowCases } from "./approval-workflow.cases.js";

registerExampleSuite({ before, after, describe, it }, "approval workflow", approvalWorkflowCases);

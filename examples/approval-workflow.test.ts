/** The approval workflow test bodies (approval-workflow.cases.ts) under vitest; approval-workflow.node-test.ts runs the same under node:test. */
import { afterAll, beforeAll, describe, it } from "vitest";
import { registerExampleSuite } from "./example-cases.js";
import { approvalWorkflowCases } from "./approval-workflow.cases.js";

registerExampleSuite({ before: beforeAll, after: afterAll, describe, it }, "approval workflow", approvalWorkflowCases);

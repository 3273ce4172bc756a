/** Test bodies of the approval workflow (examples/approval-workflow.ts), shared by vitest and node:test. */
import assert from "node:assert/strict";
import { withDurableExecution } from "../src/index.js";
import { LocalDurableTestRunner, WaitingOperationStatus } from "../src/testing.js";
import { InMemoryApprovalServices, createApprovalWorkflow, type ApprovalDecision, type ApprovalOutcome, type ExpenseClaim } from "./approval-workflow.js";
import { assertTook, type ExampleCase } from "./example-cases.js";

const claim: ExpenseClaim = { id: "exp-42", employee: "sam", amount: 180, description: "conference ticket" };
const HOUR = 3_600_000;

function approvalRunner(services: InMemoryApprovalServices) {
  return new LocalDurableTestRunner<ApprovalOutcome>({ handlerFunction: withDurableExecution(createApprovalWorkflow(services)) });
}

/** Starts a run for `claim` and resolves once the approval request went out (the run is still in progress). */
async function awaitingApproval() {
  const services = new InMemoryApprovalServices();
  const runner = approvalRunner(services);
  const execution = runner.run({ payload: claim });
  const approval = runner.getOperation("manager-approval");
  await approval.waitForData(WaitingOperationStatus.SUBMITTED);
  return { services, runner, execution, approval };
}

const answer = (decision: ApprovalDecision) => JSON.stringify(decision);

export const approvalWorkflowCases: ExampleCase[] = [
  {
    name: "approved: the manager answers through the callback the request carried; the claim is paid",
    run: async () => {
      const { services, execution, approval } = await awaitingApproval();
      assert.equal(services.requests.length, 1);
      assert.equal(services.requests[0]!.callbackId, approval.getCallbackDetails()?.callbackId);
      await approval.sendCallbackSuccess(answer({ approved: true, approver: "maria" }));
      const result = await execution;

      assert.deepEqual(result.getResult(), { claimId: "exp-42", status: "paid", approver: "maria", transferId: "tr-exp-42" });
      assert.deepEqual(services.messages, ["sam: conference ticket: 180 paid (approved by maria)"]);
      assert.equal(approval.getStatus(), "SUCCEEDED");
      assert.deepEqual(approval.getCallbackDetails()?.result, { approved: true, approver: "maria" });
    },
  },
  {
    name: "approved a day later: the 48-hour timeout has not fired, the answer still counts",
    run: async () => {
      const { runner, execution, approval } = await awaitingApproval();
      await runner.skipTime(24 * HOUR);
      assert.equal(approval.getStatus(), "STARTED");
      await approval.sendCallbackSuccess(answer({ approved: true, approver: "lee" }));
      const result = await execution;

      assert.equal(result.getResult()?.status, "paid");
      assertTook(approval, 24 * HOUR);
    },
  },
  {
    name: "rejected with a comment: the employee is told why, nothing is paid",
    run: async () => {
      const { services, runner, execution, approval } = await awaitingApproval();
      await approval.sendCallbackSuccess(answer({ approved: false, approver: "maria", comment: "over the travel budget" }));
      const result = await execution;

      assert.deepEqual(result.getResult(), { claimId: "exp-42", status: "rejected", reason: "over the travel budget" });
      assert.deepEqual(services.messages, ["sam: over the travel budget"]);
      assert.equal(runner.getOperation("pay-out").getOperationData(), undefined);
    },
  },
  {
    name: "rejected by a failure the approval system sends",
    run: async () => {
      const { execution, approval } = await awaitingApproval();
      await approval.sendCallbackFailure({ ErrorType: "ApproverUnavailable", ErrorMessage: "manager left the company" });
      const result = await execution;

      const outcome = result.getResult();
      assert.equal(outcome?.status, "rejected");
      assert.ok(outcome?.status === "rejected");
      assert.match(outcome.reason, /^approval failed: .*manager left the company/);
      assert.equal(approval.getStatus(), "FAILED");
      assert.equal(approval.getCallbackDetails()?.error?.errorType, "ApproverUnavailable");
    },
  },
  {
    name: "timed out: nobody answers in 48 hours, the claim is escalated (no real time passes)",
    run: async () => {
      const services = new InMemoryApprovalServices();
      const runner = approvalRunner(services);
      const result = await runner.run({ payload: claim });

      assert.deepEqual(result.getResult(), { claimId: "exp-42", status: "escalated", ticket: "fin-exp-42" });
      assert.deepEqual(services.messages, ["finance: exp-42 no answer within 48 hours"]);
      const approval = runner.getOperation("manager-approval");
      const callback = approval.getChildOperations()!.find((child) => child.isCallback())!;
      assert.equal(callback.getStatus(), "TIMED_OUT");
      assert.equal(callback.getEndTimestamp()!.getTime() - callback.getStartTimestamp()!.getTime(), 48 * HOUR);
      assert.equal(approval.getCallbackDetails()?.error?.errorMessage, "Callback timed out");
    },
  },
];

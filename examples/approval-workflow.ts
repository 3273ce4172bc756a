/**
 * A human approval: an expense claim is sent to a manager (waitForCallback) who has 48 hours to
 * answer. Approved → the expense is paid out; rejected (an answer with approved: false, or the
 * approval system reporting a failure) → the employee is told why; no answer in time → the claim
 * is escalated to finance. While it waits the execution costs nothing: no invocation is running.
 */
import { CallbackTimeoutError, withDurableExecution, type DurableContext } from "../src/index.js";

export interface ExpenseClaim {
  id: string;
  employee: string;
  amount: number;
  description: string;
}

/** What the manager sends back through the callback (JSON). */
export interface ApprovalDecision {
  approved: boolean;
  approver: string;
  comment?: string;
}

export interface ApprovalServices {
  /** Asks the manager; the answer comes back through `callbackId`. */
  requestApproval(callbackId: string, claim: ExpenseClaim): Promise<void>;
  payOut(claim: ExpenseClaim): Promise<{ transferId: string }>;
  notifyEmployee(employee: string, message: string): Promise<void>;
  escalate(claim: ExpenseClaim, reason: string): Promise<{ ticket: string }>;
}

export type ApprovalOutcome =
  | { claimId: string; status: "paid"; approver: string; transferId: string }
  | { claimId: string; status: "rejected"; reason: string }
  | { claimId: string; status: "escalated"; ticket: string };

/** How long the manager has to answer. */
export const APPROVAL_TIMEOUT = { hours: 48 } as const;

export function createApprovalWorkflow(services: ApprovalServices) {
  return async (claim: ExpenseClaim, context: DurableContext): Promise<ApprovalOutcome> => {
    let decision: ApprovalDecision;
    try {
      const answer = await context.waitForCallback<string>(
        "manager-approval",
        async (callbackId) => services.requestApproval(callbackId, claim),
        { timeout: APPROVAL_TIMEOUT },
      );
      decision = JSON.parse(answer) as ApprovalDecision;
    } catch (error) {
      if (error instanceof CallbackTimeoutError) {
        const { ticket } = await context.step("escalate", async () => services.escalate(claim, "no answer within 48 hours"));
        return { claimId: claim.id, status: "escalated", ticket };
      }
      // The approval system completed the callback with a failure: treat it as a rejection.
      const reason = `approval failed: ${(error as Error).message}`;
      await context.step("notify-rejection", async () => services.notifyEmployee(claim.employee, reason));
      return { claimId: claim.id, status: "rejected", reason };
    }

    if (!decision.approved) {
      const reason = decision.comment ?? `rejected by ${decision.approver}`;
      await context.step("notify-rejection", async () => services.notifyEmployee(claim.employee, reason));
      return { claimId: claim.id, status: "rejected", reason };
    }
    const { transferId } = await context.step("pay-out", async () => services.payOut(claim));
    await context.step("notify-approval", async () =>
      services.notifyEmployee(claim.employee, `${claim.description}: ${claim.amount} paid (approved by ${decision.approver})`),
    );
    return { claimId: claim.id, status: "paid", approver: decision.approver, transferId };
  };
}

/** Stand-ins that record what happened (the approval request is only remembered). */
export class InMemoryApprovalServices implements ApprovalServices {
  readonly requests: { callbackId: string; claim: ExpenseClaim }[] = [];
  readonly messages: string[] = [];

  async requestApproval(callbackId: string, claim: ExpenseClaim): Promise<void> {
    this.requests.push({ callbackId, claim });
  }

  async payOut(claim: ExpenseClaim): Promise<{ transferId: string }> {
    return { transferId: `tr-${claim.id}` };
  }

  async notifyEmployee(employee: string, message: string): Promise<void> {
    this.messages.push(`${employee}: ${message}`);
  }

  async escalate(claim: ExpenseClaim, reason: string): Promise<{ ticket: string }> {
    this.messages.push(`finance: ${claim.id} ${reason}`);
    return { ticket: `fin-${claim.id}` };
  }
}

export const handler = withDurableExecution(createApprovalWorkflow(new InMemoryApprovalServices()));

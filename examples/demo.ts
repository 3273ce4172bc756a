/**
 * `npm run demo`: the example workflows end to end on the local durable service, on its virtual
 * clock (the 30-minute packing wait, the retries and the approval take no real time):
 *   1. the order saga ships an order;
 *   2. the same saga with a declined card compensates (releases the reserved stock);
 *   3. an expense approval waits for a manager, who approves through the callback.
 */
import type { Operation } from "../src/index.js";
import { LocalDurableService } from "../src/testing.js";
import { handler as approvalHandler, type ExpenseClaim } from "./approval-workflow.js";
import { handler as orderHandler, type Order } from "./order-workflow.js";

const service = new LocalDurableService({ clock: "virtual" });
service.registerFunction("order-saga", orderHandler);
service.registerFunction("expense-approval", approvalHandler);

function printOperations(arn: string): void {
  const operations = service.getOperations(arn);
  const byId = new Map(operations.map((op) => [op.Id, op]));
  const depthOf = (op: Operation | undefined): number => (op?.ParentId ? 1 + depthOf(byId.get(op.ParentId)) : 0);
  for (const op of operations) {
    if (op.Type === "EXECUTION") continue;
    const indent = "  ".repeat(depthOf(op));
    console.log(`    ${`${indent}${op.Type}`.padEnd(20)} ${(op.Name ?? "(unnamed)").padEnd(22)} ${op.Status}`);
  }
}

async function runOrder(title: string, order: Order): Promise<string> {
  console.log(`\n${title}`);
  const arn = service.startExecution({ functionName: "order-saga", input: order });
  const execution = await service.waitForCompletion(arn);
  printOperations(arn);
  console.log(`  → ${execution.Status}: ${execution.Result ?? JSON.stringify(execution.Error)}`);
  return execution.Status;
}

const statuses: string[] = [];
statuses.push(await runOrder("1. Order o-1001 (card limit 500):", { id: "o-1001", lines: [{ sku: "book", quantity: 2 }, { sku: "pen", quantity: 5 }], amount: 42 }));
statuses.push(await runOrder("2. Order o-1002 over the card limit (charge retried, then compensated):", { id: "o-1002", lines: [{ sku: "desk", quantity: 1 }, { sku: "lamp", quantity: 2 }], amount: 900 }));

console.log("\n3. Expense claim exp-7 waits for a manager:");
const claim: ExpenseClaim = { id: "exp-7", employee: "sam", amount: 180, description: "conference ticket" };
const arn = service.startExecution({ functionName: "expense-approval", input: claim });
await service.runReady();
const callback = service.getOperations(arn).find((op) => op.Type === "CALLBACK" && op.Status === "STARTED");
if (!callback?.CallbackDetails?.CallbackId) throw new Error("the approval workflow did not reach its callback");
console.log(`  waiting; the manager approves through callback ${callback.CallbackDetails.CallbackId.slice(0, 24)}…`);
service.sendCallbackSuccess(callback.CallbackDetails.CallbackId, JSON.stringify({ approved: true, approver: "maria" }));
const approval = await service.waitForCompletion(arn);
printOperations(arn);
console.log(`  → ${approval.Status}: ${approval.Result ?? JSON.stringify(approval.Error)}`);
statuses.push(approval.Status);

service.close();
if (statuses.some((status) => status !== "SUCCEEDED")) process.exitCode = 1;

/**
 * `npm run demo`: runs the order workflow end to end on the local durable service (virtual clock: the
 * 30-minute wait and the callback take no real time), approving the order through its callback.
 */
import { LocalDurableService } from "../src/testing.js";
import { handler, type Order } from "./order-workflow.js";

const service = new LocalDurableService({ clock: "virtual" });
service.registerFunction("order-workflow", handler);

const order: Order = { id: "o-1001", lines: [{ sku: "book", quantity: 2 }, { sku: "pen", quantity: 5 }], amount: 42 };
const arn = service.startExecution({ functionName: "order-workflow", input: order });
console.log(`started ${arn}`);

await service.runReady();
const callback = service.getOperations(arn).find((op) => op.Type === "CALLBACK" && op.Status === "STARTED");
if (!callback?.CallbackDetails?.CallbackId) throw new Error("the workflow did not reach its approval callback");
console.log(`waiting for approval; approving through callback ${callback.CallbackDetails.CallbackId.slice(0, 24)}…`);
service.sendCallbackSuccess(callback.CallbackDetails.CallbackId, JSON.stringify({ approved: true }));

const execution = await service.waitForCompletion(arn);
console.log(`\nexecution ${execution.Status}: ${execution.Result ?? JSON.stringify(execution.Error)}`);
console.log("\noperations:");
const operations = service.getOperations(arn);
const byId = new Map(operations.map((op) => [op.Id, op]));
const depthOf = (id: string | undefined): number => (id ? 1 + depthOf(byId.get(id)?.ParentId) : 0);
for (const op of operations) {
  if (op.Type === "EXECUTION") continue;
  const indent = "  ".repeat(depthOf(op.ParentId));
  console.log(`  ${`${indent}${op.Type}`.padEnd(18)} ${(op.Name ?? "(unnamed)").padEnd(16)} ${op.Status}`);
}
console.log(`\nhistory: ${service.getHistory(arn).length} events`);
service.close();
if (execution.Status !== "SUCCEEDED") process.exitCode = 1;

/**
 * A test module written against the reference testing package's API, strictly typed (no `any`).
 * runner-swap-types.test.ts type-checks it with the imports pointing at the reference packages
 * and at ours; `npm run typecheck` compiles it as it stands (against ours).
 */
import { LocalDurableTestRunner, OperationStatus, WaitingOperationStatus } from "../../src/testing.js";
import { withDurableExecution } from "../../src/index.js";

interface Claim {
  id: string;
  amount: number;
}

const approval = withDurableExecution(async (claim: Claim, context) => {
  const checked = await context.step("check", async () => claim.amount < 1000);
  const answer = await context.waitForCallback("manager", async () => undefined, { timeout: { hours: 48 } });
  await context.wait({ seconds: 5 });
  const quote = await context.invoke<{ id: string }, { price: number }>("quote", "quote-service", { id: claim.id });
  return { checked, answer, price: quote.price };
});

export async function referenceStyleUsage(): Promise<string[]> {
  await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
  const runner = new LocalDurableTestRunner<{ checked: boolean; answer: string; price: number }>({ handlerFunction: approval });
  runner
    .registerFunction("quote-service", async (event: { id: string }) => ({ price: event.id.length }))
    .registerDurableFunction("other", approval);

  const execution = runner.run({ payload: { id: "c-1", amount: 5 } });
  const manager = runner.getOperation("manager");
  await manager.waitForData(WaitingOperationStatus.SUBMITTED);
  const callbackId: string | undefined = manager.getCallbackDetails()?.callbackId;
  await manager.sendCallbackHeartbeat();
  await manager.sendCallbackSuccess(JSON.stringify({ ok: true }));
  const result = await execution;

  const notes: string[] = [String(callbackId)];
  const status = result.getStatus();
  notes.push(String(status));
  const value = result.getResult();
  if (value) notes.push(String(value.checked), value.answer, String(value.price));
  if (status !== "SUCCEEDED") notes.push(String(result.getError().errorMessage));
  for (const op of result.getOperations({ status: OperationStatus.SUCCEEDED })) {
    notes.push(`${op.getName() ?? "-"} ${op.getType() ?? "-"} ${op.getStatus() ?? "-"}`);
  }
  const check = runner.getOperation<boolean>("check");
  const attempt: number | undefined = check.getStepDetails()?.attempt;
  const passed: boolean | undefined = check.getStepDetails()?.result;
  notes.push(String(attempt), String(passed));
  const wait = runner.getOperationByIndex(4);
  notes.push(String(wait.getWaitDetails()?.waitSeconds), String(wait.getWaitDetails()?.scheduledEndTimestamp?.getTime()));
  const byId = runner.getOperationById(check.getId() ?? "");
  const second = runner.getOperationByNameAndIndex("check", 0);
  notes.push(String(byId.getStartTimestamp()?.toISOString()), String(second.getEndTimestamp()?.getTime()));
  notes.push(String(runner.getOperation("quote").getChainedInvokeDetails()?.result));
  notes.push(String(manager.getChildOperations()?.length), String(manager.isWaitForCallback()), String(manager.getContextDetails()?.error));
  for (const invocation of result.getInvocations()) notes.push(String(invocation.requestId), String(invocation.error?.errorType));
  notes.push(String(result.getHistoryEvents().length));
  result.print({ name: true, status: true, duration: true });
  runner.reset();
  await LocalDurableTestRunner.teardownTestEnvironment();
  return notes;
}

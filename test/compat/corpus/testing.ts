/**
 * Compatibility corpus: a test module written against the reference testing package's types, in the
 * style of the reference's example tests. Compiled by the compatibility suite against the reference and,
 * with only the import paths changed, against this SDK. Compile-time only (never run).
 */
import type { Event } from "@aws-sdk/client-lambda";
import {
  ExecutionStatus,
  InvocationType,
  LocalDurableTestRunner,
  OperationStatus,
  OperationType,
  WaitingOperationStatus,
  type CallbackDetails,
  type ChainedInvokeDetails,
  type ContextDetails,
  type DurableOperation,
  type DurableTestRunner,
  type Invocation,
  type InvokeRequest,
  type LocalDurableTestRunnerParameters,
  type LocalDurableTestRunnerSetupParameters,
  type Operation,
  type StepDetails,
  type TestResult,
  type TestResultError,
  type WaitResultDetails,
  type WireOperation,
} from "@aws/durable-execution-sdk-js-testing";
import { OperationSubType, withDurableExecution, type DurableContext } from "@aws/durable-execution-sdk-js";

const durableHandler = withDurableExecution(async (event: { name: string }, context: DurableContext) => {
  const greeting = await context.step("greet", async () => `hello ${event.name}`);
  await context.wait("pause", { seconds: 10 });
  const approval = await context.waitForCallback<string>("approve", async () => {});
  return { greeting, approval };
});

export async function exampleTest(): Promise<string[]> {
  const setup: LocalDurableTestRunnerSetupParameters = { skipTime: true };
  await LocalDurableTestRunner.setupTestEnvironment(setup);
  const parameters: LocalDurableTestRunnerParameters = { handlerFunction: durableHandler };
  const runner = new LocalDurableTestRunner<{ greeting: string; approval: string }>(parameters);
  const asRunner: DurableTestRunner<DurableOperation, { greeting: string; approval: string }> = runner;

  const callback = runner.getOperation<string>("approve");
  const request: InvokeRequest = { payload: { name: "world" } };
  const running = asRunner.run(request);
  const ready: DurableOperation<string> = await callback.waitForData(WaitingOperationStatus.SUBMITTED);
  await ready.sendCallbackSuccess(JSON.stringify("yes"));
  const result: TestResult<{ greeting: string; approval: string }> = await running;

  const notes: string[] = [];
  const status: ExecutionStatus | undefined = result.getStatus();
  if (status === ExecutionStatus.SUCCEEDED) notes.push("ok");
  notes.push(result.getResult()?.greeting ?? "");
  const error: TestResultError = result.getError();
  notes.push(String(error.errorMessage), String(error.errorType), String(error.errorData), String(error.stackTrace?.length));

  // History events are the AWS SDK's Event type.
  const events: Event[] = result.getHistoryEvents();
  const started = events.find((event) => event.EventType === "ExecutionStarted");
  notes.push(String(started?.ExecutionStartedDetails?.ExecutionTimeout), String(started?.EventTimestamp?.getTime()));

  const invocations: Invocation[] = result.getInvocations();
  for (const invocation of invocations) notes.push(String(invocation.requestId), String(invocation.startTimestamp?.toISOString()), String(invocation.error?.errorMessage));

  const succeeded: DurableOperation[] = result.getOperations({ status: OperationStatus.SUCCEEDED });
  for (const op of succeeded) {
    const data: Operation | undefined = op.getOperationData();
    const opEvents: Event[] | undefined = op.getEvents();
    const type: OperationType | undefined = op.getType();
    const subType: OperationSubType | undefined = op.getSubType();
    notes.push(`${op.getId()} ${op.getParentId()} ${op.getName()} ${type} ${subType} ${op.getStatus()} ${data?.Id} ${opEvents?.length}`);
    notes.push(String(op.getStartTimestamp()?.getTime()), String(op.getEndTimestamp()?.getTime()), String(op.isCallback()), String(op.isWaitForCallback()));
    const children: DurableOperation[] | undefined = op.getChildOperations();
    notes.push(String(children?.length));
  }

  const step: StepDetails<string> | undefined = runner.getOperation<string>("greet").getStepDetails();
  notes.push(String(step?.attempt), String(step?.result), String(step?.error?.errorMessage), String(step?.nextAttemptTimestamp?.getTime()));
  const wait: WaitResultDetails | undefined = runner.getOperationByIndex(1).getWaitDetails();
  notes.push(String(wait?.waitSeconds), String(wait?.scheduledEndTimestamp?.getTime()));
  const callbackDetails: CallbackDetails<string> | undefined = runner.getOperationByNameAndIndex("approve", 0).getCallbackDetails();
  notes.push(String(callbackDetails?.callbackId), String(callbackDetails?.result));
  const context: ContextDetails | undefined = runner.getOperationById("some-id").getContextDetails();
  const chained: ChainedInvokeDetails | undefined = runner.getOperation("charge").getChainedInvokeDetails();
  notes.push(String(context?.result), String(chained?.error?.errorType));

  if (runner.getOperation("greet").getType() === OperationType.STEP) notes.push("step");
  const invocationType: InvocationType = InvocationType.RequestResponse;
  notes.push(invocationType);
  const wire: WireOperation | undefined = undefined;
  notes.push(String(wire));

  result.print({ name: true, status: true, duration: true });
  runner.reset();
  await LocalDurableTestRunner.teardownTestEnvironment();
  return notes;
}

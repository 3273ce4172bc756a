/**
 * The service's side of an execution, recorded and played back: `recordInvocations` wraps a durable
 * handler so that every invocation's input (ARN, checkpoint token, initial operations), Lambda request id
 * and checkpoint-service responses are kept; `playInvocations` runs a handler through the same
 * invocations in another process — the handler and the SDK execute for real from the handler's start in
 * each invocation (replaying the history they are given), only the service's answers are the recorded
 * ones. Nothing about plugins or hooks is recorded.
 */
import type { DurableExecutionClient, DurableExecutionInvocationInput } from "../../src/generated/index.js";
import { createLambdaContext } from "../../src/local/lambda-context.js";
import { DurableExecutionInvocationInputWithClient } from "../../src/runtime/with-durable-execution.js";

type ClientMethod = "checkpoint" | "getExecutionState";

export interface RecordedInvocation {
  input: DurableExecutionInvocationInput;
  requestId: string;
  /** The service's answers, in the order the SDK asked. */
  calls: { method: ClientMethod; request: unknown; response: unknown }[];
  /** The invocation's output status (SUCCEEDED, FAILED, PENDING). */
  status: string;
}

type Handler = (event: unknown, context: unknown) => Promise<{ Status: string }>;
const clone = <T>(value: T): T => JSON.parse(JSON.stringify(value));

/** Wraps `inner` (a withDurableExecution handler) to record each invocation into `log`. */
export function recordInvocations(inner: unknown, log: RecordedInvocation[]): Handler {
  return async (event, context) => {
    const input = event as DurableExecutionInvocationInputWithClient;
    const client = input.durableExecutionClient;
    const entry: RecordedInvocation = {
      input: clone({
        DurableExecutionArn: input.DurableExecutionArn,
        CheckpointToken: input.CheckpointToken,
        InitialExecutionState: input.InitialExecutionState,
        ...(input.UpdatedOperationIds ? { UpdatedOperationIds: input.UpdatedOperationIds } : {}),
      }),
      requestId: (context as { awsRequestId: string }).awsRequestId,
      calls: [],
      status: "",
    };
    log.push(entry);
    const answer = (method: ClientMethod) => async (request: unknown, logger?: unknown) => {
      const index = entry.calls.length;
      entry.calls.push({ method, request: clone(request), response: undefined });
      const response = await (client[method] as (r: unknown, l?: unknown) => Promise<unknown>)(request, logger);
      entry.calls[index]!.response = clone(response);
      return response;
    };
    const recording: DurableExecutionClient = { checkpoint: answer("checkpoint"), getExecutionState: answer("getExecutionState") } as DurableExecutionClient;
    const output = await (inner as Handler)(new DurableExecutionInvocationInputWithClient(input, recording), context);
    entry.status = output.Status;
    return output;
  };
}

type Updates = { Id?: string; Action?: string }[];
const updatesOf = (request: unknown): Updates => (request as { Updates?: Updates } | undefined)?.Updates ?? [];
/** Whether `sent` are the first updates of `recorded` (same operation and action, in order). */
const isStartOf = (sent: Updates, recorded: Updates): boolean =>
  sent.length < recorded.length && sent.every((update, i) => update.Id === recorded[i]!.Id && update.Action === recorded[i]!.Action);

/**
 * Runs `handler` through the recorded invocations, in order, in this process; returns each invocation's
 * output status. A call the SDK makes that the recording does not have at that position (another method,
 * other updates, or more calls than recorded) is an error: the handler did something else than in the
 * recorded run. One difference is timing, not behaviour, and is allowed: a recorded checkpoint batch may
 * arrive in two or more calls (a step's START goes alone when its body takes longer than an event-loop
 * turn, as a body can in a fresh, busy process). The calls before the last part are answered with the
 * recorded token and no operations; the call that completes the batch gets the recorded answer.
 * The other timing difference is a poll: while it waits for an operation's status, the SDK sends an
 * empty checkpoint on a real-time timer (src/runtime/checkpoint/status-waiters.ts), and a recorded
 * timestamp (a retry's next attempt) is already past in the replay, so a poll may fire before the
 * invocation ends where the recorded run's did not (or the other way round). An empty call the
 * recording does not have there is answered with its own token and no operations (nothing changed);
 * a recorded empty call that brought no operations is skipped when the SDK sends something else.
 */
export async function playInvocations(handler: unknown, invocations: RecordedInvocation[]): Promise<string[]> {
  const statuses: string[] = [];
  for (const invocation of invocations) {
    let next = 0;
    /** The updates of the recorded call at `next` that the SDK has not sent yet (while it splits that batch). */
    let rest: Updates | undefined;
    /** A recorded poll: an empty checkpoint whose answer brought no operations. */
    const isQuietPoll = (call: RecordedInvocation["calls"][number] | undefined) =>
      call?.method === "checkpoint" &&
      updatesOf(call.request).length === 0 &&
      ((call.response as { NewExecutionState?: { Operations?: unknown[] } }).NewExecutionState?.Operations ?? []).length === 0;
    const answer = (method: ClientMethod) => async (request: unknown) => {
      const empty = method === "checkpoint" && updatesOf(request).length === 0;
      if (!empty && rest === undefined) while (isQuietPoll(invocation.calls[next])) next++;
      if (empty && rest === undefined) {
        const recorded = invocation.calls[next];
        // A poll the recorded run did not make here: nothing changed.
        if (!(recorded?.method === "checkpoint" && updatesOf(recorded.request).length === 0)) {
          return { CheckpointToken: (request as { CheckpointToken?: string }).CheckpointToken, NewExecutionState: { Operations: [] } };
        }
      }
      const call = invocation.calls[next];
      if (!call || call.method !== method) {
        throw new Error(`invocation ${invocation.requestId}: call ${next + 1} is ${method}; the recording has ${call?.method ?? "no more calls"}`);
      }
      if (method === "checkpoint") {
        const expected = rest ?? updatesOf(call.request);
        const sent = updatesOf(request);
        if (isStartOf(sent, expected)) {
          rest = expected.slice(sent.length);
          return { CheckpointToken: (call.response as { CheckpointToken?: string }).CheckpointToken };
        }
        rest = undefined;
      }
      next++;
      return clone(call.response);
    };
    const client = { checkpoint: answer("checkpoint"), getExecutionState: answer("getExecutionState") } as unknown as DurableExecutionClient;
    const context = createLambdaContext({
      functionName: "scenario",
      functionArn: "arn:aws:lambda:us-east-1:000000000000:function:scenario",
      requestId: invocation.requestId,
      timeoutMs: 60_000,
    });
    const output = await (handler as Handler)(new DurableExecutionInvocationInputWithClient(clone(invocation.input), client), context);
    while (isQuietPoll(invocation.calls[next])) next++;
    if (next !== invocation.calls.length) {
      throw new Error(`invocation ${invocation.requestId}: made ${next} service calls; the recorded run made ${invocation.calls.length}`);
    }
    statuses.push(output.Status);
  }
  return statuses;
}

/**
 * `replayHistory(handler, history)`: replays a recorded execution history (the events of
 * `durable history --json` or GetDurableExecutionHistory) against a handler — typically a new
 * version of the code — the way the service would on its next invocation, and reports whether the
 * new code follows the recorded operations. The check a deploy needs: an in-flight execution
 * recorded by the old code must replay on the new code without non-determinism.
 *
 * The handler receives the recorded operations as its invocation state. Replaying finished
 * operations runs no step bodies; the replay stops at the first checkpoint the new code makes —
 * the point where the recorded history ends and new work begins — without answering it. (A step
 * that was running when the history was recorded is at that point: an at-least-once step runs its
 * body again before its first checkpoint, as it would on the service.)
 */
import { randomUUID } from "node:crypto";
import { detailsOf, errorNameOf, EVENT_OPERATION_STATUS, EventType, InvocationStatus, NonDeterministicExecutionError, OperationAction, OperationStatus, OperationType, WAITING_OPERATION_STATUSES, describeReceived, type DurableExecutionClient, type ErrorObject, type Operation, type OperationUpdate } from "../generated/index.js";
import type { DurableFunctionHandler } from "../local/function-registry.js";
import type { HistoryEvent } from "../local/history.js";
import { DurableExecutionInvocationInputWithClient } from "../local/invocation-event.js";
import { durableExecutionArn, EXECUTION_NAME_PATTERN, formatFunctionArn, functionArn, LATEST_VERSION, parseDurableExecutionArn } from "../generated/lambda-api.js";
import { createLambdaContext } from "../local/lambda-context.js";
import { toWireId } from "../runtime/ids.js";
import { HistoryIndex } from "./cloud/history-index.js";
import { TestRunnerUsageError } from "./errors.js";
// The real timers, so that a test's fake timers never stall the replay.
import { realClearTimeout as clearTimeout, realSetTimeout as setTimeout } from "../runtime/real-timers.js";

/**
 * One recorded operation as the replay report shows it.
 *
 * @example
 * ```ts
 * import type { ReplayedOperation } from "durable-execution-sdk/testing";
 *
 * const label = (op: ReplayedOperation) => `#${op.index} ${op.type} ${op.name ?? ""} ${op.status}`;
 * ```
 */
export interface ReplayedOperation {
  /** Position in the recorded start order (0-based). */
  index: number;
  id: string;
  type: string;
  subType: string | undefined;
  name: string | undefined;
  /** Position of the enclosing context operation, if any. */
  parentIndex: number | undefined;
  status: string;
}

/**
 * How a `replayHistory` replay ended (see the values' comments).
 *
 * @example
 * ```ts
 * import type { ReplayOutcome } from "durable-execution-sdk/testing";
 *
 * const fine: ReplayOutcome[] = ["suspended", "reached-end-of-history", "finished"];
 * ```
 */
export type ReplayOutcome =
  /** The new code replayed every recorded operation and went on to new work (its first checkpoint). */
  | "reached-end-of-history"
  /** The new code replayed the recorded operations and suspended, waiting as the recorded execution was. */
  | "suspended"
  /** The new code finished, as the recorded execution did (same status and result). */
  | "finished"
  /** The new code does something other than the history records (see `differences`). */
  | "non-deterministic"
  /** The new code replays the operations but ends differently (result, status, or suspends where it finished). */
  | "different-outcome"
  /** The handler threw, or neither checkpointed nor finished within the time limit. */
  | "handler-error";

/**
 * What `replayHistory` found.
 *
 * @example
 * ```ts
 * import type { ReplayReport } from "durable-execution-sdk/testing";
 *
 * function assertReplayable(report: ReplayReport): void {
 *   if (!report.ok) throw new Error(report.summary);
 * }
 * ```
 */
export interface ReplayReport {
  /** True when the new code can take over the recorded execution. */
  ok: boolean;
  outcome: ReplayOutcome;
  /** The recorded operations in start order. */
  expected: ReplayedOperation[];
  /** Where the new code diverged: the recorded operation and what the new code did there. */
  mismatch?: { expected: ReplayedOperation | undefined; found: { type?: string; name?: string; subType?: string }; message: string };
  /** The updates of the new code's first checkpoint (new work past the end of the history). */
  nextUpdates: string[];
  /** Expected-vs-found lines; empty when `ok`. */
  differences: string[];
  /** A readable summary of all of the above. */
  summary: string;
}

/**
 * A recorded history: its events (GetDurableExecutionHistory's `Events`), or an object holding them
 * (`{ Events }`: the GetDurableExecutionHistory response; `{ Execution, Events }`: `durable history --json`'s output).
 *
 * @example
 * ```ts
 * import type { RecordedHistory, TestResult } from "durable-execution-sdk/testing";
 *
 * const fromRun = (result: TestResult): RecordedHistory => result.getHistoryEvents();
 * ```
 */
export type RecordedHistory =
  | readonly HistoryEvent[]
  | {
      readonly Events?: readonly HistoryEvent[];
      /**
       * The execution (GetDurableExecution's response, as `durable history --json` prints it): when its
       * `DurableExecutionArn` is a durable execution's ARN, the replayed handler sees that ARN.
       */
      readonly Execution?: { readonly DurableExecutionArn?: string; readonly DurableExecutionName?: string };
    };

/**
 * Options of `replayHistory`.
 *
 * @example
 * ```ts
 * import type { ReplayHistoryOptions } from "durable-execution-sdk/testing";
 *
 * const options: ReplayHistoryOptions = { timeoutMs: 5_000 };
 * ```
 */
export interface ReplayHistoryOptions {
  /**
   * Real milliseconds the handler may take before the replay gives up.
   * @defaultValue `30_000`
   */
  timeoutMs?: number;
}

/** The name (and ErrorType) a replay that left the recorded path fails with, in this SDK and in the reference. */
const NON_DETERMINISTIC = errorNameOf(NonDeterministicExecutionError);

/**
 * Replays a recorded history against `handler` and reports non-determinism with a diff of the
 * expected (recorded) and found operations.
 *
 * @example
 * ```ts
 * import { readFile } from "node:fs/promises";
 * import { replayHistory } from "durable-execution-sdk/testing";
 * import { withDurableExecution } from "durable-execution-sdk";
 *
 * // `durable history <arn> --json > order-123.json`, recorded from the version now deployed.
 * const recorded = JSON.parse(await readFile("order-123.json", "utf8"));
 * const nextVersion = withDurableExecution(async (event: { id: string }, context) => {
 *   const reserved = await context.step("reserve", async () => `reserved ${event.id}`);
 *   await context.wait("cool-off", { hours: 1 });
 *   return context.step("ship", async () => `${reserved}, shipped`);
 * });
 * const report = await replayHistory(nextVersion, recorded);
 * if (!report.ok) throw new Error(report.summary);
 * ```
 */
export async function replayHistory(handler: DurableFunctionHandler, history: RecordedHistory, options: ReplayHistoryOptions = {}): Promise<ReplayReport> {
  if (typeof handler !== "function") {
    throw new TestRunnerUsageError(`replayHistory(handler, history): handler must be the function withDurableExecution returned (received ${describeReceived(handler)})`);
  }
  const events = eventsOf(history);
  const timeoutMs = options.timeoutMs ?? 30_000;
  if (!(typeof timeoutMs === "number" && Number.isFinite(timeoutMs) && timeoutMs > 0)) {
    throw new TestRunnerUsageError(`replayHistory(handler, history, { timeoutMs }): timeoutMs must be a positive number of milliseconds (received ${describeReceived(timeoutMs)})`);
  }
  const index = new HistoryIndex();
  index.add(events.map(reviveTimestamps));
  const started = events.find((event) => event.EventType === EventType.ExecutionStarted);
  if (!started) {
    throw new TestRunnerUsageError("replayHistory(handler, history): the history has no ExecutionStarted event; pass every event of the execution, from the first");
  }
  const executionId = started.Id ?? "(execution)";
  const execution = index.operation(executionId) ?? { Id: executionId, Type: OperationType.EXECUTION, Status: EVENT_OPERATION_STATUS.ExecutionStarted.status };
  const ids = index.operationIds();
  const expected = ids.map((id, position) => describeRecorded(index.peek(id)!, position, ids));
  const recordedOutcome = index.outcome;

  const arn = replayArn(history, started);
  const operations: Operation[] = [execution as Operation, ...ids.map((id) => index.operation(id)!)];
  let reachedEnd!: (updates: OperationUpdate[]) => void;
  const checkpointed = new Promise<{ kind: "checkpoint"; updates: OperationUpdate[] }>((resolve) => (reachedEnd = (updates) => resolve({ kind: "checkpoint", updates })));
  const client: DurableExecutionClient = {
    checkpoint: (request) => {
      reachedEnd(request.Updates ?? []);
      return new Promise(() => undefined); // new work: the replay stops here
    },
    getExecutionState: async () => ({ Operations: [], NextMarker: undefined }),
  };
  const event = new DurableExecutionInvocationInputWithClient(
    { DurableExecutionArn: arn, CheckpointToken: `replay-${randomUUID()}`, InitialExecutionState: { Operations: operations, NextMarker: "" } },
    client,
  );
  // The function as invoked: the execution ARN's function ARN, in its partition and with its qualifier.
  const invoked = parseDurableExecutionArn(arn)!;
  const context = createLambdaContext({ functionName: invoked.functionName, functionArn: formatFunctionArn(invoked), requestId: randomUUID(), timeoutMs });
  let timer: ReturnType<typeof setTimeout> | undefined;
  const timedOut = new Promise<{ kind: "timeout" }>((resolve) => {
    timer = setTimeout(() => resolve({ kind: "timeout" }), timeoutMs);
  });
  type Ended = { kind: "output"; output: { Status?: string; Result?: string; Error?: ErrorObject } } | { kind: "threw"; error: unknown };
  const ran: Promise<Ended> = Promise.resolve()
    .then(() => handler(event, context))
    .then(
      (output) => ({ kind: "output" as const, output: (output ?? {}) as { Status?: string; Result?: string; Error?: ErrorObject } }),
      (error: unknown) => ({ kind: "threw" as const, error }),
    );
  const ended = await Promise.race([ran, checkpointed, timedOut]);
  clearTimeout(timer);

  const base = { expected, nextUpdates: [] as string[] };
  const recordedEnd = recordedOutcome ? `the recorded execution ${recordedOutcome.status}` : "the recorded execution was still running";
  if (ended.kind === "timeout") {
    return finish({ ...base, ok: false, outcome: "handler-error", differences: [`the handler neither checkpointed nor finished within ${timeoutMs} ms`] });
  }
  if (ended.kind === "threw") {
    const error = ended.error as { name?: string; message?: string };
    if (error?.name === NON_DETERMINISTIC) return finish(mismatchReport(base, error?.message ?? String(error), index));
    return finish({ ...base, ok: false, outcome: "handler-error", differences: [`the handler threw ${error?.name ?? "an error"}: ${error?.message ?? String(error)}`] });
  }
  if (ended.kind === "checkpoint") {
    const nextUpdates = ended.updates.map(describeUpdate);
    const finishing = ended.updates.find((update) => update.Type === OperationType.EXECUTION);
    if (finishing) {
      const status = finishing.Action === OperationAction.SUCCEED ? InvocationStatus.SUCCEEDED : InvocationStatus.FAILED;
      return finish(compareFinish({ ...base, nextUpdates }, { Status: status, Result: finishing.Payload, Error: finishing.Error }, recordedOutcome, index, ids));
    }
    if (recordedOutcome) {
      return finish({
        ...base,
        nextUpdates,
        ok: false,
        outcome: "non-deterministic",
        differences: [`${recordedEnd}, but the new code goes on: expected nothing more, found ${nextUpdates.join(", ")}`],
      });
    }
    return finish({ ...base, nextUpdates, ok: true, outcome: "reached-end-of-history", differences: [] });
  }
  const output = ended.output;
  const errorType = output.Error?.ErrorType ?? "";
  if (output.Status === InvocationStatus.FAILED && errorType === NON_DETERMINISTIC) {
    return finish(mismatchReport(base, output.Error?.ErrorMessage ?? errorType, index));
  }
  if (output.Status === InvocationStatus.PENDING) {
    if (recordedOutcome) {
      return finish({ ...base, ok: false, outcome: "different-outcome", differences: [`${recordedEnd}, but the new code suspends (PENDING) waiting for more`] });
    }
    return finish({ ...base, ok: true, outcome: "suspended", differences: [] });
  }
  return finish(compareFinish(base, output, recordedOutcome, index, ids));
}

// The parts of the replay's ARN a history does not record: placeholders, in the shape the local service mints.
/** Region of the replay's ARN when the history has no ARN. */
const REPLAY_REGION = "us-east-1";
/** Account of the replay's ARN when the history has no ARN: the documentation placeholder AWS uses. */
const REPLAY_ACCOUNT_ID = "123456789012";
/** Function name of the replay's ARN when the history has no ARN (what the Lambda context names). */
const REPLAY_FUNCTION_NAME = "replay";
/** Execution name of the replay's ARN when the history names none that is a valid execution name. */
const REPLAY_EXECUTION_NAME = "replay";
/** Execution id (the ARN's last segment) when the ExecutionStarted event has no Id that can be one. */
const REPLAY_EXECUTION_ID = "replay";

/**
 * The durable execution ARN the replayed handler sees, in the grammar of schema/wire.yaml
 * (DURABLE_EXECUTION_ARN_PATTERN), so a handler that reads it (a serdes context's durableExecutionArn,
 * createFileSystemSerdes, ids derived from the ARN) gets a well-formed one: the recorded ARN when the
 * history carries one (`durable history --json`'s `Execution`), else one built from the execution's
 * name and the ExecutionStarted event's Id, with placeholders for what the history does not record.
 */
function replayArn(history: RecordedHistory, started: HistoryEvent): string {
  const execution = Array.isArray(history) ? undefined : (history as { Execution?: { DurableExecutionArn?: unknown; DurableExecutionName?: unknown } }).Execution;
  const recorded = execution?.DurableExecutionArn;
  if (typeof recorded === "string" && parseDurableExecutionArn(recorded)) return recorded;
  const name = [execution?.DurableExecutionName, started.Name].find((value): value is string => typeof value === "string" && EXECUTION_NAME_PATTERN.test(value));
  const build = (id: string) => durableExecutionArn(functionArn(REPLAY_REGION, REPLAY_ACCOUNT_ID, REPLAY_FUNCTION_NAME), LATEST_VERSION, name ?? REPLAY_EXECUTION_NAME, id);
  const withId = started.Id === undefined ? undefined : build(started.Id);
  return withId !== undefined && parseDurableExecutionArn(withId)?.executionId === started.Id ? withId : build(REPLAY_EXECUTION_ID);
}

function eventsOf(history: unknown): HistoryEvent[] {
  const events = Array.isArray(history) ? history : typeof history === "object" && history !== null ? (history as { Events?: unknown }).Events : undefined;
  if (!Array.isArray(events)) {
    throw new TestRunnerUsageError(
      `replayHistory(handler, history): history must be an array of history events or { Events: [...] } (GetDurableExecutionHistory's response, or \`durable history --json\`) (received ${describeReceived(history)})`,
    );
  }
  events.forEach((event, position) => {
    if (typeof event !== "object" || event === null || typeof (event as HistoryEvent).EventType !== "string") {
      throw new TestRunnerUsageError(`replayHistory(handler, history): Events[${position}] is not a history event (it needs an EventType) (received ${describeReceived(event)})`);
    }
  });
  return [...(events as HistoryEvent[])].sort((a, b) => (a.EventId ?? 0) - (b.EventId ?? 0));
}

/** JSON histories carry timestamps as strings; operations need Dates. */
function reviveTimestamps(event: HistoryEvent): HistoryEvent {
  const copy: HistoryEvent = { ...event };
  // Typed as Date, but a JSON history holds the ISO text.
  const eventTimestamp: Date | string = copy.EventTimestamp;
  if (typeof eventTimestamp === "string") copy.EventTimestamp = new Date(eventTimestamp);
  // Only WaitStarted carries a timestamp in its details (schema/history.yaml).
  const wait = detailsOf(copy, EventType.WaitStarted);
  const scheduled: Date | string | undefined = wait?.ScheduledEndTimestamp;
  if (wait && typeof scheduled === "string") copy.WaitStartedDetails = { ...wait, ScheduledEndTimestamp: new Date(scheduled) };
  return copy;
}

function describeRecorded(op: Readonly<Operation>, position: number, ids: readonly string[]): ReplayedOperation {
  const parentIndex = op.ParentId === undefined ? undefined : ids.indexOf(op.ParentId);
  return {
    index: position,
    id: op.Id ?? "",
    type: op.Type ?? "?",
    subType: op.SubType ?? undefined,
    name: op.Name ?? undefined,
    parentIndex: parentIndex === undefined || parentIndex < 0 ? undefined : parentIndex,
    status: op.Status ?? "?",
  };
}

/** `#2 STEP "charge" in #1 SUCCEEDED` */
export function formatRecorded(op: ReplayedOperation): string {
  const type = op.subType && op.subType.toUpperCase() !== op.type.toUpperCase() ? `${op.type}/${op.subType}` : op.type;
  return `#${op.index} ${type} ${op.name !== undefined ? JSON.stringify(op.name) : "(unnamed)"}${op.parentIndex !== undefined ? ` in #${op.parentIndex}` : ""} ${op.status}`;
}

function describeUpdate(update: OperationUpdate): string {
  const type = update.SubType && update.SubType.toUpperCase() !== (update.Type ?? "").toUpperCase() ? `${update.Type}/${update.SubType}` : (update.Type ?? "?");
  return `${type} ${update.Name !== undefined ? JSON.stringify(update.Name) : (update.Id ?? "")} ${update.Action}`;
}

type Draft = Omit<ReplayReport, "summary">;

/** The SDK's non-determinism error (`… mismatch for step "1-2". Expected name "a", but got "b"`) as a diff. */
function mismatchReport(base: Pick<Draft, "expected" | "nextUpdates">, message: string, index: HistoryIndex): Draft {
  const match = /(type|name|subtype) mismatch for step "([^"]+)"\. Expected \w+ "([^"]*)", but got "([^"]*)"/i.exec(message);
  if (!match) {
    return { ...base, ok: false, outcome: "non-deterministic", mismatch: { expected: undefined, found: {}, message }, differences: [message] };
  }
  // The pattern's groups always participate in a match; the defaults only satisfy the index types.
  const [, what = "", rawId = "", , got = ""] = match;
  const id = toWireId(rawId);
  const recorded = base.expected.find((op) => op.id === id) ?? (index.peek(id) ? describeRecorded(index.peek(id)!, -1, index.operationIds()) : undefined);
  const key = what.toLowerCase() === "subtype" ? "subType" : (what.toLowerCase() as "type" | "name");
  const found = { [key]: got } as { type?: string; name?: string; subType?: string };
  const foundText = recorded
    ? formatRecorded({ ...recorded, [key]: got, status: "(new code)" })
    : `${what} ${JSON.stringify(got)}`;
  return {
    ...base,
    ok: false,
    outcome: "non-deterministic",
    mismatch: { expected: recorded, found, message },
    differences: [`operation ${recorded ? `#${recorded.index}` : rawId}: expected ${recorded ? formatRecorded(recorded) : "the recorded operation"}, found ${foundText}`],
  };
}

function compareFinish(
  base: Pick<Draft, "expected" | "nextUpdates">,
  output: { Status?: string; Result?: string; Error?: ErrorObject },
  recorded: HistoryIndex["outcome"],
  index: HistoryIndex,
  ids: readonly string[],
): Draft {
  const status = output.Status ?? "?";
  if (!recorded) {
    const open = ids.map((id) => index.peek(id)!).filter((op) => op.Status !== undefined && WAITING_OPERATION_STATUSES.has(op.Status) && op.Type !== OperationType.CONTEXT);
    if (open.length === 0) return { ...base, ok: true, outcome: "finished", differences: [] };
    return {
      ...base,
      ok: false,
      outcome: "different-outcome",
      differences: [
        `the new code finished (${status}) while the recorded execution was waiting for ${open
          .map((op) => formatRecorded(describeRecorded(op, ids.indexOf(op.Id!), ids)))
          .join(", ")}: expected the new code to wait for it too`,
      ],
    };
  }
  const differences: string[] = [];
  if (recorded.status !== status) {
    differences.push(`status: expected ${recorded.status}, found ${status}${output.Error ? ` (${output.Error.ErrorType}: ${output.Error.ErrorMessage})` : ""}`);
  } else if (status === InvocationStatus.SUCCEEDED && (recorded.result ?? "") !== (output.Result ?? "")) {
    differences.push(`result: expected ${recorded.result ?? "(none)"}, found ${output.Result ?? "(none)"}`);
  } else if (status !== InvocationStatus.SUCCEEDED && recorded.error?.ErrorType !== output.Error?.ErrorType) {
    differences.push(`error: expected ${recorded.error?.ErrorType}, found ${output.Error?.ErrorType}`);
  }
  return { ...base, ok: differences.length === 0, outcome: differences.length === 0 ? "finished" : "different-outcome", differences };
}

function finish(draft: Draft): ReplayReport {
  const lines = [`replayHistory: ${draft.ok ? "OK" : "NOT OK"} (${draft.outcome}); ${draft.expected.length} recorded operations`];
  for (const difference of draft.differences) lines.push(`  ${difference}`);
  if (draft.nextUpdates.length > 0) lines.push(`  next (new work past the recorded history): ${draft.nextUpdates.join(", ")}`);
  if (!draft.ok && draft.expected.length > 0) {
    lines.push("  recorded operations:");
    for (const op of draft.expected.slice(0, 50)) lines.push(`    ${formatRecorded(op)}`);
    if (draft.expected.length > 50) lines.push(`    … and ${draft.expected.length - 50} more`);
  }
  return { ...draft, summary: lines.join("\n") };
}

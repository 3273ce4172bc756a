/**
 * Crash-anywhere testing (`run({ crashEverywhere: true })`): after a normal run (the baseline) the
 * runner runs the handler again once per checkpoint call of the baseline, each time cutting the
 * invocation at that checkpoint — as if the Lambda sandbox died there — and lets the service invoke
 * again. Every cut run must end like the baseline: same status and result, same operation sequence,
 * every operation finished as in the baseline, and (for steps named in `atMostOnce`) no step body run
 * twice for one attempt.
 *
 * Two ways to cut at checkpoint #k:
 *  - "response-lost": the service applied checkpoint #k, the handler never saw the reply;
 *  - "request-lost": the handler ran up to checkpoint #k, which never reached the service.
 * The cut invocation fails (as a crashed sandbox does); the code it was running can no longer reach
 * the service: its further checkpoint calls never answer. In process (`handlerFunction`) that code
 * is not stopped: a step body already running finishes (as if the sandbox died just after it), so
 * its side effects are those of the worst moment for a crash. With `handlerModule` every invocation
 * runs in its own worker thread, which the cut kills: nothing of it runs on, as in a real crash.
 */
import { ExecutionStatus, OperationAction, StepInterruptedError, errorNameOf, OperationType, OperationTypeValidActions, describeReceived, type CheckpointDurableExecutionResponse, type DurableExecutionClient, type OperationUpdate } from "../generated/index.js";
import type { DurableFunctionHandler } from "../local/function-registry.js";
import { DurableExecutionInvocationInputWithClient } from "../local/invocation-event.js";
import { DurableTestRunnerError, TestRunnerUsageError } from "./errors.js";
import type { DurableOperation, TestResult } from "./types.js";

/**
 * Where a cut run's invocation is cut: "response-lost" (the checkpoint was applied, its reply never
 * arrived) or "request-lost" (the checkpoint never reached the service).
 *
 * @example
 * ```ts
 * import type { CrashCutMode } from "durable-execution-sdk/testing";
 *
 * const cuts: CrashCutMode[] = ["response-lost"];
 * ```
 */
export type CrashCutMode = "response-lost" | "request-lost";

/**
 * Options of `run({ crashEverywhere })`.
 *
 * @example
 * ```ts
 * import { LocalDurableTestRunner, type CrashEverywhereOptions } from "durable-execution-sdk/testing";
 * import { withDurableExecution } from "durable-execution-sdk";
 *
 * const charges: string[] = [];
 * const handler = withDurableExecution(async (_event: unknown, context) => {
 *   return context.step("charge", async () => {
 *     charges.push("card-1");
 *     return charges.length;
 *   });
 * });
 * const options: CrashEverywhereOptions = {
 *   beforeRun: () => void charges.splice(0),
 *   atMostOnce: ["charge"],
 * };
 * await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
 * const runner = new LocalDurableTestRunner({ handlerFunction: handler });
 * await runner.run({ payload: {}, crashEverywhere: options }); // rejects with a CrashEverywhereError naming the cut
 * ```
 */
export interface CrashEverywhereOptions {
  /**
   * Which cuts to try at every checkpoint.
   * @defaultValue both
   */
  cuts?: CrashCutMode[];
  /**
   * Steps (by name) whose body must never run twice for one attempt, or `true` for every step.
   * Steps run at least once per retry by default, so a cut can run a body again; list the steps
   * whose side effects must not repeat (re-runs are still listed in the report).
   * @defaultValue none
   */
  atMostOnce?: boolean | string[];
  /** Runs before the baseline and before every cut run: reset the state the handler's side effects change. */
  beforeRun?: () => void | Promise<void>;
  /**
   * Compares the results; give one when results legitimately differ between runs.
   * @defaultValue equal JSON
   */
  compareResult?: (expected: unknown, found: unknown) => boolean;
  /** Receives the report when every cut run passed. */
  onReport?: (report: CrashEverywhereReport) => void;
  /**
   * At most this many checkpoints are cut; the run fails when the baseline made more.
   * @defaultValue `200`
   */
  maxCheckpoints?: number;
}

/**
 * One cut: the checkpoint call it was made at and how.
 *
 * @example
 * ```ts
 * import type { CrashCutPoint } from "durable-execution-sdk/testing";
 *
 * const where = (cut: CrashCutPoint) => `checkpoint #${cut.checkpoint} (${cut.mode}): ${cut.updates.join(", ")}`;
 * ```
 */
export interface CrashCutPoint {
  /** 1-based position of the checkpoint call in the execution (over all invocations). */
  checkpoint: number;
  mode: CrashCutMode;
  /** 1-based invocation of the baseline that made the call. */
  invocation: number;
  /** The updates the call carried, e.g. `STEP "charge" SUCCEED`. */
  updates: string[];
}

/**
 * A step attempt whose body ran more than once (a cut made the service invoke it again).
 *
 * @example
 * ```ts
 * import type { ReExecutedStep } from "durable-execution-sdk/testing";
 *
 * const describe = (step: ReExecutedStep) => `${step.name} ran ${step.runs}× in attempt ${step.attempt}`;
 * ```
 */
export interface ReExecutedStep {
  stepId: string;
  name: string | undefined;
  /** 1-based attempt. */
  attempt: number;
  runs: number;
  cut: CrashCutPoint;
}

/**
 * A cut run that did not end like the baseline.
 *
 * @example
 * ```ts
 * import type { CrashPointFailure } from "durable-execution-sdk/testing";
 *
 * const lines = (failure: CrashPointFailure) => [`cut at #${failure.cut.checkpoint}`, ...failure.differences];
 * ```
 */
export interface CrashPointFailure {
  cut: CrashCutPoint;
  /** What differs, one line each (expected vs found). */
  differences: string[];
}

/**
 * What `run({ crashEverywhere })` did and found (passed to `onReport`, or on `CrashEverywhereError.report`).
 *
 * @example
 * ```ts
 * import type { CrashEverywhereReport } from "durable-execution-sdk/testing";
 *
 * const onReport = (report: CrashEverywhereReport) =>
 *   console.log(`${report.cutRuns} cut runs over ${report.checkpoints} checkpoints; ${report.reExecutedSteps.length} step re-runs`);
 * ```
 */
export interface CrashEverywhereReport {
  /** Checkpoint calls of the baseline run. */
  checkpoints: number;
  /** Invocations of the baseline run. */
  invocations: number;
  /** Cut runs made. */
  cutRuns: number;
  failures: CrashPointFailure[];
  /** Step attempts whose body ran again after a cut (allowed unless the step is listed in `atMostOnce`). */
  reExecutedSteps: ReExecutedStep[];
}

/**
 * `run({ crashEverywhere })` found cut points after which the execution did not end as the baseline
 * did. The message names each cut point and the differences; `report` holds them as data.
 *
 * @example
 * ```ts
 * import { CrashEverywhereError, LocalDurableTestRunner } from "durable-execution-sdk/testing";
 * import { withDurableExecution } from "durable-execution-sdk";
 *
 * const handler = withDurableExecution(async (_event: unknown, context) => context.step("a", async () => Date.now()));
 * await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
 * try {
 *   await new LocalDurableTestRunner({ handlerFunction: handler }).run({ crashEverywhere: true });
 * } catch (error) {
 *   if (error instanceof CrashEverywhereError) console.log(error.report.failures.length, "cut points differ");
 * }
 * ```
 */
export class CrashEverywhereError extends DurableTestRunnerError {
  override name = "CrashEverywhereError";
  constructor(readonly report: CrashEverywhereReport) {
    super(describeFailures(report));
  }
}

/** The checked options (defaults applied). */
export interface CrashPlan {
  cuts: CrashCutMode[];
  atMostOnce: (name: string | undefined) => boolean;
  beforeRun: (() => void | Promise<void>) | undefined;
  compareResult: (expected: unknown, found: unknown) => boolean;
  onReport: ((report: CrashEverywhereReport) => void) | undefined;
  maxCheckpoints: number;
}

const OPTION_KEYS = ["cuts", "atMostOnce", "beforeRun", "compareResult", "onReport", "maxCheckpoints"];

export function checkCrashOptions(value: unknown): CrashPlan | undefined {
  const where = "run({ crashEverywhere })";
  if (value === undefined || value === false) return undefined;
  const options = value === true ? {} : value;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw new TestRunnerUsageError(`${where}: crashEverywhere must be true or { cuts?, atMostOnce?, beforeRun?, compareResult?, onReport?, maxCheckpoints? } (received ${describeReceived(value)})`);
  }
  const record = options as Record<string, unknown>;
  for (const key of Object.keys(record)) {
    if (!OPTION_KEYS.includes(key)) throw new TestRunnerUsageError(`${where}: unknown option "${key}"; the options are ${OPTION_KEYS.join(", ")}`);
  }
  const { cuts, atMostOnce, beforeRun, compareResult, onReport, maxCheckpoints } = record;
  if (cuts !== undefined && !(Array.isArray(cuts) && cuts.length > 0 && cuts.every((cut) => cut === "response-lost" || cut === "request-lost"))) {
    throw new TestRunnerUsageError(`${where}: cuts must be a non-empty array of "response-lost" and/or "request-lost" (received ${describeReceived(cuts)})`);
  }
  if (atMostOnce !== undefined && typeof atMostOnce !== "boolean" && !(Array.isArray(atMostOnce) && atMostOnce.every((name) => typeof name === "string"))) {
    throw new TestRunnerUsageError(`${where}: atMostOnce must be true, false or an array of step names (received ${describeReceived(atMostOnce)})`);
  }
  for (const [key, fn] of [["beforeRun", beforeRun], ["compareResult", compareResult], ["onReport", onReport]] as const) {
    if (fn !== undefined && typeof fn !== "function") throw new TestRunnerUsageError(`${where}: ${key} must be a function (received ${describeReceived(fn)})`);
  }
  if (maxCheckpoints !== undefined && !(typeof maxCheckpoints === "number" && Number.isInteger(maxCheckpoints) && maxCheckpoints > 0)) {
    throw new TestRunnerUsageError(`${where}: maxCheckpoints must be a positive whole number (received ${describeReceived(maxCheckpoints)})`);
  }
  const names = Array.isArray(atMostOnce) ? new Set(atMostOnce as string[]) : undefined;
  return {
    cuts: (cuts as CrashCutMode[] | undefined) ?? ["response-lost", "request-lost"],
    atMostOnce: (name) => atMostOnce === true || (names !== undefined && name !== undefined && names.has(name)),
    beforeRun: beforeRun as CrashPlan["beforeRun"],
    compareResult: (compareResult as CrashPlan["compareResult"] | undefined) ?? ((a, b) => JSON.stringify(a) === JSON.stringify(b)),
    onReport: onReport as CrashPlan["onReport"],
    maxCheckpoints: (maxCheckpoints as number | undefined) ?? 200,
  };
}

/** One checkpoint call as the tap saw it. */
interface TapCall {
  invocation: number;
  updates: string[];
}

/** The STEP actions that end a body attempt: every action a STEP takes except START (from the schema's validActions). */
const STEP_BODY_DONE: ReadonlySet<string> = new Set<string>(OperationTypeValidActions.STEP.filter((action) => action !== OperationAction.START));
/** The ErrorType of an at-most-once attempt that was cut off before its body ran to the end. */
const INTERRUPTED = errorNameOf(StepInterruptedError);

/** Never settles: what a dead sandbox's calls get. */
function hang<T>(): Promise<T> {
  return new Promise<T>(() => undefined);
}

/** Thrown into a cut invocation: the sandbox died at the cut point. */
export class CrashCutSignal extends Error {
  override name = "CrashEverywhere.Cut";
}

/**
 * Sits between a handler and the service's client: records every checkpoint call and, when given a
 * cut, cuts the invocation at that call.
 */
export class CheckpointTap {
  readonly calls: TapCall[] = [];
  invocations = 0;
  private cutDone = false;
  /** Body completions sent per step attempt ("id#attempt"), with the step's name. */
  readonly bodyRuns = new Map<string, { id: string; name: string | undefined; attempt: number; runs: number }>();
  private readonly retries = new Map<string, number>();

  constructor(private readonly cut?: { checkpoint: number; mode: CrashCutMode }) {}

  /** Wraps an in-process handler: a cut rejects the invocation (its code keeps running, cut off from the service). */
  wrap(handler: DurableFunctionHandler): DurableFunctionHandler {
    return async (event, context) => {
      const inner = (event as { durableExecutionClient?: DurableExecutionClient }).durableExecutionClient;
      if (!inner) return handler(event, context);
      let cutInvocation!: (error: Error) => void;
      const cutSignal = new Promise<never>((_, reject) => (cutInvocation = reject));
      cutSignal.catch(() => undefined);
      const client = this.tapClient(inner, cutInvocation);
      const wrapped = new DurableExecutionInvocationInputWithClient(event, client);
      return Promise.race([handler(wrapped, context), cutSignal]);
    };
  }

  /**
   * For a handler module run in a worker thread per invocation: wraps the client answering the
   * worker's calls; a cut kills the worker, as a crashed sandbox (nothing of it runs on).
   */
  readonly wrapWorkerClient = (inner: DurableExecutionClient, kill: () => void): DurableExecutionClient => this.tapClient(inner, () => kill());

  /** One invocation's client: records every checkpoint call and, at the cut, calls `die` and never answers again. */
  private tapClient(inner: DurableExecutionClient, die: (error: Error) => void): DurableExecutionClient {
    const invocation = ++this.invocations;
    let dead = false;
    const cutAt = (index: number, mode: CrashCutMode) => {
      dead = true;
      this.cutDone = true;
      die(new CrashCutSignal(`crashEverywhere cut the invocation at checkpoint #${index} (${mode})`));
    };
    return {
      checkpoint: async (request, logger): Promise<CheckpointDurableExecutionResponse> => {
        const updates = request.Updates ?? [];
        this.noteBodyRuns(updates);
        if (dead) return hang();
        const index = this.calls.length + 1;
        this.calls.push({ invocation, updates: updates.map(describeUpdate) });
        const cutHere = this.cut !== undefined && !this.cutDone && this.cut.checkpoint === index;
        if (cutHere && this.cut!.mode === "request-lost") {
          cutAt(index, "request-lost");
          return hang();
        }
        const response = await inner.checkpoint(request, logger);
        for (const update of updates) {
          if (update.Type === OperationType.STEP && update.Action === OperationAction.RETRY && update.Id !== undefined) {
            this.retries.set(update.Id, (this.retries.get(update.Id) ?? 0) + 1);
          }
        }
        if (cutHere) {
          cutAt(index, "response-lost");
          return hang();
        }
        if (dead) return hang();
        return response;
      },
      getExecutionState: (request, logger) => (dead ? hang() : inner.getExecutionState(request, logger)),
    };
  }

  /** A step update that reports an attempt's outcome means its body ran (StepInterruptedError: it did not). */
  private noteBodyRuns(updates: OperationUpdate[]): void {
    for (const update of updates) {
      if (update.Type !== OperationType.STEP || update.Id === undefined || !STEP_BODY_DONE.has(update.Action ?? "")) continue;
      if (update.Error?.ErrorType === INTERRUPTED) continue;
      const attempt = (this.retries.get(update.Id) ?? 0) + 1;
      const key = `${update.Id}#${attempt}`;
      const entry = this.bodyRuns.get(key);
      if (entry) entry.runs++;
      else this.bodyRuns.set(key, { id: update.Id, name: update.Name, attempt, runs: 1 });
    }
  }
}

function describeUpdate(update: OperationUpdate): string {
  const type = withSubType(update.Type ?? "?", update.SubType);
  return `${type}${update.Name !== undefined ? ` "${update.Name}"` : ` ${update.Id}`} ${update.Action}`;
}

/** "STEP", "CONTEXT/Map": the subtype only where it says more than the type. */
function withSubType(type: string, subType: string | undefined): string {
  return subType && subType.toUpperCase() !== type.toUpperCase() ? `${type}/${subType}` : type;
}

/** What a run is compared on. */
export interface RunOutline {
  status: string;
  result: unknown;
  error: string | undefined;
  /** One line per operation (type, name, final status), indented under its context (see operationTree). */
  operations: string[];
}

export function outline(result: TestResult): RunOutline {
  const status = result.getStatus();
  let value: unknown;
  let error: string | undefined;
  if (status === ExecutionStatus.SUCCEEDED) value = result.getResult();
  else {
    const details = result.getError();
    error = `${details.errorType ?? "Error"}: ${details.errorMessage ?? ""}`;
  }
  return { status, result: value, error, operations: operationTree(result.getOperations()) };
}

/**
 * The operations as a tree, one line each, indented under their context: children in the order their
 * context started them. Operations of concurrent branches interleave differently from run to run;
 * within one context the order is the code's.
 */
export function operationTree(operations: readonly DurableOperation[]): string[] {
  const known = new Set(operations.map((op) => op.getId()));
  const children = new Map<string | undefined, DurableOperation[]>();
  for (const op of operations) {
    const parent = op.getParentId();
    const key = parent !== undefined && known.has(parent) ? parent : undefined;
    const list = children.get(key);
    if (list) list.push(op);
    else children.set(key, [op]);
  }
  const lines: string[] = [];
  const visit = (parent: string | undefined, depth: number) => {
    for (const op of children.get(parent) ?? []) {
      lines.push(`${"  ".repeat(depth)}${describeOperation(op)}`);
      const id = op.getId();
      if (id !== undefined) visit(id, depth + 1);
    }
  };
  visit(undefined, 0);
  return lines;
}

function describeOperation(op: DurableOperation): string {
  const name = op.getName();
  return `${withSubType(op.getType() ?? "?", op.getSubType())} ${name !== undefined ? JSON.stringify(name) : "(unnamed)"} ${op.getStatus() ?? "?"}`;
}

/** Expected-vs-found lines between the baseline and a cut run (empty when they agree). */
export function compareOutlines(expected: RunOutline, found: RunOutline, plan: CrashPlan): string[] {
  const differences: string[] = [];
  if (expected.status !== found.status) {
    differences.push(`status: expected ${expected.status}, found ${found.status}${found.error ? ` (${found.error})` : ""}`);
  } else if (expected.status === ExecutionStatus.SUCCEEDED && !plan.compareResult(expected.result, found.result)) {
    differences.push(`result: expected ${preview(expected.result)}, found ${preview(found.result)}`);
  } else if (expected.error !== found.error) {
    differences.push(`error: expected ${expected.error}, found ${found.error}`);
  }
  differences.push(...diffSequences(expected.operations, found.operations));
  return differences;
}

/** The first differences between two operation sequences, as "expected … found …" lines. */
export function diffSequences(expected: readonly string[], found: readonly string[], limit = 5): string[] {
  const lines: string[] = [];
  const length = Math.max(expected.length, found.length);
  for (let i = 0; i < length && lines.length < limit; i++) {
    if (expected[i] === found[i]) continue;
    const want = expected[i]?.trim();
    const got = found[i]?.trim();
    if (got === undefined) lines.push(`operation #${i}: expected ${want}, found nothing (missing)`);
    else if (want === undefined) lines.push(`operation #${i}: expected nothing, found ${got} (extra)`);
    else lines.push(`operation #${i}: expected ${want}, found ${got}`);
  }
  if (expected.length !== found.length) lines.push(`operations: expected ${expected.length}, found ${found.length}`);
  return lines;
}

function preview(value: unknown): string {
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 200 ? `${text.slice(0, 200)}…` : text;
}

export function cutPointOf(baseline: CheckpointTap, checkpoint: number, mode: CrashCutMode): CrashCutPoint {
  const call = baseline.calls[checkpoint - 1];
  return { checkpoint, mode, invocation: call?.invocation ?? 0, updates: call?.updates ?? [] };
}

export function describeCut(cut: CrashCutPoint, total: number): string {
  const how = cut.mode === "response-lost" ? "applied, response lost" : "never reached the service";
  return `cut at checkpoint #${cut.checkpoint} of ${total} (invocation ${cut.invocation}; ${how}; it carried ${cut.updates.join(", ") || "no updates"})`;
}

function describeFailures(report: CrashEverywhereReport): string {
  const lines = [
    `crashEverywhere: ${report.failures.length} of ${report.cutRuns} cut runs did not end like the uncut run ` +
      `(${report.checkpoints} checkpoints in ${report.invocations} invocations)`,
  ];
  for (const failure of report.failures.slice(0, 10)) {
    lines.push(`- ${describeCut(failure.cut, report.checkpoints)}:`);
    for (const difference of failure.differences) lines.push(`    ${difference}`);
  }
  if (report.failures.length > 10) lines.push(`- … and ${report.failures.length - 10} more`);
  return lines.join("\n");
}

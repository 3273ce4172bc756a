/**
 * Runs one requirement on the local durable service, in process and on the virtual clock
 * (local-service spec §4.5):
 *
 * 1. bind the Variables and substitute the Input;
 * 2. register the handler (in a worker per invocation when the module is `isolated`) and its
 *    targets, and start the execution with `JSON.stringify(Input)` as the payload;
 * 3. perform the CallbackActions as timers on the service clock, triggered by CallbackStarted;
 * 4. run until the execution is terminal — or, for a history-only requirement (no ExpectedResult),
 *    until the expected events are present — jumping the clock from timer to timer;
 * 5. compare the history (matcher.ts), then status and result, then the captured logs, stopping at
 *    the first phase that fails (as the official runner does).
 */
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { LocalDurableService } from "../../src/testing.js";
import { STATE_DIR_ENV, type HandlerModule } from "./handler-module.js";
import { checkExpectedLogs, OutputCapture, recordsOf } from "./logs.js";
import { EventHistoryMatcher, pythonEquals, show } from "./matcher.js";
import { PlaceholderContext } from "./placeholders.js";
import { handlerPath, type Requirement } from "./requirements.js";

/** Virtual start time of every execution (any fixed instant will do). */
const T0 = Date.UTC(2026, 0, 1, 0, 0, 0);
/** Virtual time after which a requirement that has not finished is reported as stuck. */
const VIRTUAL_BUDGET_MS = 2 * 60 * 60 * 1000;
/** Loads TypeScript in the worker threads of isolated handlers (tsx does not hook workers on Node 20). */
const TS_LOADER = new URL("../support/register-tsx.mjs", import.meta.url);

export interface RequirementResult {
  id: string;
  passed: boolean;
  /** The failing phase's errors (empty when passed). */
  errors: string[];
  durationMs: number;
  /** The actual history as JSON (for diagnostics). */
  history?: unknown[];
  /** Captured output lines (for diagnostics). */
  output?: string[];
  /** The requirement's Variables as bound for this run. */
  variables?: Record<string, unknown>;
}

interface CallbackAction {
  name: string;
  operation: "success" | "failure" | "heartbeat";
  payload: unknown;
  delaySeconds: number;
}

function parseActions(raw: unknown[] | undefined): CallbackAction[] {
  return (raw ?? []).map((entry, index) => {
    const action = (entry ?? {}) as Record<string, unknown>;
    const name = action.CallbackName;
    const operation = String(action.Operation ?? "").toLowerCase();
    if (typeof name !== "string" || name === "") throw new Error(`CallbackActions[${index}] requires a CallbackName`);
    if (operation !== "success" && operation !== "failure" && operation !== "heartbeat") {
      throw new Error(`CallbackActions[${index}]: invalid Operation ${show(action.Operation)}`);
    }
    return { name, operation, payload: action.Payload, delaySeconds: Number(action.Delay ?? 0) };
  });
}

/** Python's `json.dumps` (default separators and ASCII escaping): what the official runner sends as a callback result. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) return "null";
  if (value === true) return "true";
  if (value === false) return "false";
  if (typeof value === "number") return Number.isInteger(value) ? String(value) : JSON.stringify(value);
  if (typeof value === "string") {
    return JSON.stringify(value).replace(/[\u007f-\uffff]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, "0")}`);
  }
  if (Array.isArray(value)) return `[${value.map(pythonJsonDumps).join(", ")}]`;
  const entries = Object.entries(value as Record<string, unknown>).map(([k, v]) => `${pythonJsonDumps(k)}: ${pythonJsonDumps(v)}`);
  return `{${entries.join(", ")}}`;
}

function regexOrName(pattern: string): (name: string) => boolean {
  const regex = /^\$\{\/(.+)\/\}$/.exec(pattern)?.[1];
  if (regex !== undefined) return (name) => new RegExp(regex).test(name);
  return (name) => pattern === "*" || pattern === name;
}

type HistoryEvent = Record<string, unknown> & { EventType: string; EventId: number };

/** Events as the service serialises them (ISO timestamps, no undefined keys): what the runner compares. */
function historyToJson(events: readonly object[]): HistoryEvent[] {
  return JSON.parse(JSON.stringify(events)) as HistoryEvent[];
}

/**
 * Applies CallbackActions the way the official runner does: each new CallbackStarted takes the first
 * unused action whose CallbackName is `*`, equals the callback's Name (a WaitForCallback's inner
 * callback has no Name of its own and goes by its parent's) or matches a `${/re/}`; a heartbeat does
 * not consume the callback, so the next matching action follows it. The runner sleeps `Delay`
 * seconds before each action, one after the other; here those sleeps are timers on the virtual clock.
 */
class CallbackDriver {
  private readonly used = new Set<number>();
  private readonly waitForCallbackNames = new Map<string, string>();
  /** Virtual time the runner's sequential sleeps have reached. */
  private cursor = 0;

  constructor(
    private readonly service: LocalDurableService,
    private readonly actions: CallbackAction[],
    private readonly context: PlaceholderContext,
    private readonly errors: string[],
  ) {}

  onEvent(event: HistoryEvent): void {
    if (event.EventType === "ContextStarted" && event.SubType === "WaitForCallback" && typeof event.Name === "string") {
      this.waitForCallbackNames.set(String(event.Id), event.Name);
    }
    if (event.EventType !== "CallbackStarted") return;
    const callbackId = (event.CallbackStartedDetails as { CallbackId?: string } | undefined)?.CallbackId;
    if (!callbackId) return;
    const name =
      typeof event.Name === "string" ? event.Name : (this.waitForCallbackNames.get(String(event.ParentId)) ?? "");
    this.cursor = Math.max(this.cursor, this.service.clock.now());
    for (;;) {
      const index = this.actions.findIndex(
        (action, i) => !this.used.has(i) && regexOrName(String(this.context.substitute(action.name)))(name),
      );
      if (index < 0) {
        // No actions at all is a timeout test (the callback stays open); otherwise it is an error.
        if (this.actions.length > 0) {
          this.errors.push(`No matching CallbackAction for callback '${name || "<anonymous>"}' (id=${callbackId})`);
        }
        return;
      }
      this.used.add(index);
      const action = this.actions[index];
      this.cursor += action.delaySeconds * 1000;
      this.service.scheduleAt(this.cursor, () => this.send(callbackId, action));
      if (action.operation !== "heartbeat") return;
    }
  }

  private send(callbackId: string, action: CallbackAction): void {
    const payload = this.context.substitute(action.payload);
    try {
      if (action.operation === "success") {
        this.service.sendCallbackSuccess(callbackId, payload === undefined || payload === null ? undefined : pythonJsonDumps(payload));
      } else if (action.operation === "failure") {
        let error: Record<string, unknown> | undefined;
        if (payload !== undefined && payload !== null) {
          if (typeof payload !== "object" || Array.isArray(payload)) {
            this.errors.push(`Failure callback payload must be a dict, got ${show(payload)}`);
            return;
          }
          const subset = Object.fromEntries(
            ["ErrorType", "ErrorMessage", "ErrorData", "StackTrace"]
              .filter((key) => key in payload)
              .map((key) => [key, (payload as Record<string, unknown>)[key]]),
          );
          if (Object.keys(subset).length > 0) error = subset;
        }
        this.service.sendCallbackFailure(callbackId, error);
      } else {
        this.service.sendCallbackHeartbeat(callbackId);
      }
    } catch (error) {
      this.errors.push(`Callback ${action.operation} failed for callback_id=${callbackId}: ${(error as Error).message}`);
    }
  }
}

/** Status and result check of the official runner (ExpectedResult). */
function checkResult(
  expected: NonNullable<Requirement["doc"]["ExpectedResult"]>,
  actual: { Status: string; Result?: string },
  context: PlaceholderContext,
): string[] {
  if (expected.ExecutionStatus && actual.Status !== expected.ExecutionStatus) {
    return [`Expected ExecutionStatus=${show(expected.ExecutionStatus)}, got ${show(actual.Status)}`];
  }
  if (actual.Status !== "SUCCEEDED" || !("Result" in expected)) return [];
  let output: unknown = null;
  if (actual.Result !== undefined) {
    try {
      output = JSON.parse(actual.Result);
    } catch {
      output = actual.Result;
    }
  }
  const wanted = context.substitute(expected.Result);
  return pythonEquals(output, wanted) ? [] : [`Expected Result=${show(wanted)}, got ${show(output)}`];
}

export async function runRequirement(requirement: Requirement): Promise<RequirementResult> {
  const started = performance.now();
  const { doc } = requirement;
  const result = (passed: boolean, errors: string[], extra: Partial<RequirementResult> = {}): RequirementResult => ({
    id: requirement.id,
    passed,
    errors,
    durationMs: performance.now() - started,
    ...extra,
  });

  const context = PlaceholderContext.fromVariables(doc.Variables);
  const variables = context.bindings();
  const input = context.substitute(doc.Input ?? null);
  let actions: CallbackAction[];
  try {
    actions = parseActions(doc.CallbackActions);
  } catch (error) {
    return result(false, [`Invalid CallbackAction: ${(error as Error).message}`]);
  }

  const moduleUrl = pathToFileURL(handlerPath(requirement));
  let module: HandlerModule;
  try {
    module = (await import(moduleUrl.href)) as HandlerModule;
  } catch (error) {
    return result(false, [`No handler: ${handlerPath(requirement)} (${(error as Error).message})`]);
  }

  const stateDir = mkdtempSync(join(tmpdir(), `conformance-${requirement.id}-`));
  const previousStateDir = process.env[STATE_DIR_ENV];
  process.env[STATE_DIR_ENV] = stateDir;
  const service = new LocalDurableService({ startTime: T0 });
  const capture = new OutputCapture();
  const errors: string[] = [];
  const functionName = `conformance-${requirement.id}`;
  try {
    if (module.isolated) service.registerIsolatedFunction(functionName, moduleUrl, { exportName: "handler", preload: [TS_LOADER] });
    else service.registerFunction(functionName, module.handler);
    for (const [name, target] of Object.entries(module.targets ?? {})) {
      service.registerFunction(name, target.handler as never, { kind: target.kind });
    }

    capture.start();
    const arn = service.startExecution({ functionName, inputPayload: JSON.stringify(input) });
    const callbacks = new CallbackDriver(service, actions, context, errors);
    service.onHistoryEvent((eventArn, event) => {
      if (eventArn !== arn) return;
      if (event.EventType === "InvocationCompleted") capture.invocation++;
      callbacks.onEvent(historyToJson([event])[0]);
    });

    const expectedEvents = doc.ExpectedExecutionHistory ?? [];
    const historyOnly = !doc.ExpectedResult;
    const expectedMatch = (): boolean =>
      expectedEvents.length > 0 &&
      new EventHistoryMatcher(context.clone()).match(expectedEvents, historyToJson(service.getHistory(arn))).ok;

    let stuck: string | undefined;
    for (;;) {
      await service.runReady();
      if (service.getExecution(arn).Status !== "RUNNING") break;
      if (historyOnly && expectedMatch()) break;
      const due = service.store.nextTimerDue();
      if (due === undefined) {
        stuck = "the execution is still RUNNING and nothing is scheduled (no timer, no callback action)";
        break;
      }
      if (due - T0 > VIRTUAL_BUDGET_MS) {
        stuck = `the execution is still RUNNING after ${VIRTUAL_BUDGET_MS / 1000} s of virtual time`;
        break;
      }
      await service.advanceTime(Math.max(0, due - service.clock.now()));
    }
    capture.stop();

    const history = historyToJson(service.getHistory(arn));
    const output = capture.lines.map((line) => line.text);
    const extra = { history, output, variables };
    if (errors.length > 0) return result(false, errors, extra);

    if (expectedEvents.length > 0) {
      const match = new EventHistoryMatcher(context).match(expectedEvents, history);
      if (!match.ok) return result(false, stuck ? [...match.errors, `(${stuck})`] : match.errors, extra);
    } else if (!historyOnly) {
      // The official runner refuses a synchronous requirement without an expected history.
      if (!doc.AsyncInvoke) return result(false, ["No ExpectedExecutionHistory found in description file"], extra);
    }

    if (doc.ExpectedResult) {
      if (stuck) return result(false, [`Execution did not finish: ${stuck}`], extra);
      const resultErrors = checkResult(doc.ExpectedResult, service.getExecution(arn), context);
      if (resultErrors.length > 0) return result(false, resultErrors, extra);
    }

    const logErrors = checkExpectedLogs(doc.ExpectedLogs, recordsOf(capture.lines, arn), context);
    if (logErrors.length > 0) return result(false, logErrors, extra);
    return result(true, [], extra);
  } catch (error) {
    capture.stop();
    return result(false, [`Harness error: ${(error as Error).stack ?? String(error)}`]);
  } finally {
    capture.stop();
    service.close();
    if (previousStateDir === undefined) delete process.env[STATE_DIR_ENV];
    else process.env[STATE_DIR_ENV] = previousStateDir;
    rmSync(stateDir, { recursive: true, force: true });
  }
}

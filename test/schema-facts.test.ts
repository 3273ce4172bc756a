/**
 * Protocol facts are written once, in the schema: this guard scans src/runtime, src/local, src/testing,
 * src/cli and src/otel (outside src/generated) for
 *   (a) operation / execution status string literals ("SUCCEEDED", "PENDING", "READY", …), which the
 *       generated enums and status sets (OperationStatus, TERMINAL_OPERATION_STATUSES, …) provide, and
 *   (b) message literals passed to error constructors (`new XError("…")`, `new XException(`…`)`, a plain
 *       `new Error("…")`, an error class's `super("…")`, also with
 *       the literal on the next line) or written as message fields or variables (`terminate({ message: "…" })`, `const message = "…"`,
 *       `{ ErrorType, ErrorMessage: "…" }`, `errorMessage: "…"`) or handed to a throwing `fail("…")` helper
 *       or one named after its error (`loadError("…")`),
 *       which belong in schema/errors.yaml
 *       (default messages, `messages:` templates, `terminationMessages:`, `plainErrorMessages:`, `serviceExceptions:` messages,
 *       `serviceErrorObjects:`).
 * and (c) hand-written sets of protocol facts — a `new Set([...])` of values of a schema enum (e.g. the
 *       TerminationReasons that suspend: SUSPENDING_TERMINATION_REASONS, from the `suspends` flag in
 *       schema/enums.yaml), or a status written as a pair of comparisons (`s === OperationStatus.STARTED ||
 *       s === OperationStatus.READY`: ACTIVE_STEP_STATUSES, from `statusSets:` in schema/transitions.yaml),
 *   (d) ErrorType literals of the error objects the local service records ("Runtime.ExitError", …), which
 *       the generated constants (RUNTIME_EXIT_ERROR_TYPE, …) hold, from `serviceErrorObjects:` in errors.yaml,
 *       and an ErrorObject written with the bare name of an error class or service exception of errors.yaml
 *       (`{ ErrorType: "StepError", … }`): the generated classes and constants carry those names;
 *   (e) a status set written as a `switch` (`case OperationStatus.PENDING:` falling through to another case).
 * Three more checks have no allowlist: a batch operation's item name prefix written in code, a history
 * event that a schema table records (transitions.yaml `event:`, service transitions, ExecutionStatus
 * endEvents) appended by its literal name instead of the table's, a value of a string-literal union of
 * types.yaml (`values:`, e.g. CompletionReason) instead of its constant, the version "$LATEST" or a Lambda
 * API header name (`X-Amz-…`, `x-amzn-…`) written in code instead of its constant from
 * src/generated/lambda-api.ts, a Lambda ARN spelled out by hand instead of built or parsed with
 * that module's grammar, and a Lambda REST route's path fragment or API version (`/2025-12-01/…`,
 * `/durable-executions`, `…}/state`) written in src (outside src/generated) or ui/src instead of taken
 * from that module's LAMBDA_ROUTES.
 * A file may hold such literals only with an allowlist entry below that gives the reason and the exact
 * count; a new literal (or a stale entry) fails the test, naming file:line. Comment lines are skipped.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { ExecutionStatusEndEvents, OPERATION_TRANSITIONS, SERVICE_TRANSITIONS, type OperationTransition } from "../src/generated/index.js";

const root = join(import.meta.dirname, "..");
const SCANNED = ["src/runtime", "src/local", "src/testing", "src/cli", "src/otel"];
const STATUS = /["'`](SUCCEEDED|PENDING|READY|STARTED|TIMED_OUT|FAILED|CANCELLED|STOPPED|RUNNING)["'`]/g;
/** A message literal given to an error constructor: `new StepError("…")`, `new TypeError(`…`)`, a plain `new Error("…")`, and an error class's own `super("…")`. */
const MESSAGE = /(?:new\s+(?:[A-Z]\w*)?(?:Error|Exception)|\bsuper)\(\s*["'`]/g;
/** `new XError(` closing a line: the message literal follows on the next line. */
const OPEN_CALL = /new\s+(?:[A-Z]\w*)?(?:Error|Exception)\(\s*$/;
/** A message written as a field: `terminate({ message: "…" })`, `{ ErrorType, ErrorMessage: `…` }`, `errorMessage: "…"`. */
const MESSAGE_FIELD = /\b(?:message|errorMessage|ErrorMessage)\s*[:=]\s*["'`]/g;
/**
 * A message handed to a throwing helper: `fail(`Payload of operation ${id} …`)`, or a helper named after the
 * error it builds (`loadError(`…`)`, `fileError(`…`)`); a sentence, i.e. words and a space of its own (a
 * single word such as the direction "Serialization" is a template's parameter, not a message).
 */
const FAIL_CALL = /(?<!new\s+)\b(?:fail|[a-z]\w*Error)\(\s*(["'`])((?:\\.|(?!\1).)*)\1/g;
const isSentence = (literal: string): boolean => hasWords(literal) && /\S\s+\S/.test(literal.replace(/\$\{[^}]*\}/g, "x"));
/**
 * A validation text written inline: a `problem:` / `fix:` field (also `listFix:` …) or the problem/fix argument of
 * an `invalid…(field, problem, fix)` helper holding a literal with words of its own (a literal that only
 * joins generated texts, `${field} ${issue.problem}`, is not one). These belong in errors.yaml (`messages:` of
 * DurableValidationError, with `fix:`).
 */
const VALIDATION_FIELD = /\b(?:fix|problem|\w+Fix|\w+Problem)\s*:\s*(["'`])((?:\\.|(?!\1).)*)\1/g;
/** A call of an `invalid…(field, problem, fix, received)` helper: its arguments after the first. */
const VALIDATION_CALL = /\binvalid\w*\(\s*(?!\{)[^,]*,(.*)$/;
const LITERAL = /(["'`])((?:\\.|(?!\1).)*)\1/g;
/** A literal has words of its own once its `${…}` placeholders are removed. */
const hasWords = (literal: string): boolean => /[A-Za-z]{2,}/.test(literal.replace(/\$\{[^}]*\}/g, ""));

/** A status set written as comparisons: `x === OperationStatus.STARTED || x === OperationStatus.READY`. */
const STATUS_PAIR = /\b(?:OperationStatus|ExecutionStatus|TerminationReason)\.\w+\s*\)?\s*\|\|\s*\(?\s*[\w.?!]+\s*===\s*(?:OperationStatus|ExecutionStatus|TerminationReason)\./g;
/** The same set written with literals: `x === "CHECKPOINT_FAILED" || x === "SERDES_FAILED"` (both values of a schema enum). */
const LITERAL_PAIR = /===\s*["'`](\w+)["'`]\s*\)?\s*\|\|\s*\(?\s*[\w.?!]+\s*===\s*["'`](\w+)["'`]/g;
/** A Set written out element by element (may span lines): `new Set<T>(["A", "B"])`. */
const SET_LITERAL = /new\s+Set(?:<[^>]*>)?\(\s*\[([^\]]*)\]/g;
const QUOTED = /["'`]([^"'`]*)["'`]/g;

function schemaYaml(file: string): any {
  return parse(readFileSync(join(root, "schema", file), "utf8"));
}
/** Every value of every schema enum (the wire strings): a hand-written Set of these restates a schema fact. */
const ENUM_VALUES: ReadonlySet<string> = new Set(
  (schemaYaml("enums.yaml").enums as { values: { name: string; value?: string }[] }[]).flatMap((e) => e.values.map((v) => v.value ?? v.name)),
);
/** The ErrorTypes the local service records (`Runtime.ExitError`, …), from `serviceErrorObjects:` in errors.yaml; namespaced ones only (a bare exception name is also a class name). */
const SERVICE_ERROR_TYPES: readonly string[] = (schemaYaml("errors.yaml").serviceErrorObjects as { errorType: string }[]).map((x) => x.errorType).filter((t) => t.includes("."));
const ERROR_TYPE_LITERAL = new RegExp(`["'\`](${SERVICE_ERROR_TYPES.map((t) => t.replace(/\./g, "\\.")).join("|")})["'\`]`, "g");
/** Every bare error name of errors.yaml: its error classes (and their ErrorTypes) and the service exceptions. */
const ERROR_NAMES: ReadonlySet<string> = new Set([
  ...(schemaYaml("errors.yaml").errors as { name: string; errorType?: string }[]).flatMap((e) => [e.name, e.errorType ?? e.name]),
  ...(schemaYaml("errors.yaml").serviceExceptions as { name: string }[]).map((e) => e.name),
]);
/** A bare name in quotes (`ErrorType: "StepError"`, `=== "StepInterruptedError"`): an error name when it is one of ERROR_NAMES. */
const QUOTED_NAME = /["'`](\w+)["'`]/g;
/** Values of the wire enums an update or a termination is built from (OperationType, OperationAction, TerminationReason), in quotes. */
const enumValuesOf = (...names: string[]): string[] =>
  (schemaYaml("enums.yaml").enums as { name: string; values: { name: string; value?: string }[] }[]).filter((e) => names.includes(e.name)).flatMap((e) => e.values.map((v) => v.value ?? v.name));
const ENUM_VALUE_LITERAL = new RegExp(`["'\`](${enumValuesOf("OperationType", "OperationAction", "TerminationReason").join("|")})["'\`]`, "g");
/** A SubType compared with a literal (`SubType === "WaitForCallback"`): the values are common words, so only comparisons count. */
const SUB_TYPE_LITERAL = new RegExp(`SubType\\s*[!=]==?\\s*["'\`](${enumValuesOf("OperationSubType").join("|")})["'\`]`, "g");
/** A `case` of a status or enum that falls through to the next one: a set written as a switch. */
const FALLTHROUGH_CASE = /^\s*case\s+(?:OperationStatus|ExecutionStatus|TerminationReason|OperationType)\.\w+:\s*$/;

// Reasons, shared by the entries below.
const CLI_UX = "CLI usage and I/O messages (flags, files, terminals): not protocol facts";
const RUNNER_UX = "test-runner usage messages (TestRunnerUsageError, OperationNotFoundError …): API misuse in tests, not protocol facts";
const LOCAL_OPTIONS = "RangeErrors for bad options of the local service/server (port, transport, clock control): developer errors at start-up or in a test, never a service response";
const LOCAL_INTERNAL =
  "the local service's own invariants and misuse of its in-process API (restoring into a non-empty store, a broken snapshot, invoking an execution that is not running, a clock call that needs the other clock): developer errors of the embedding code, never a Lambda API response";

type Kind = "statuses" | "messages" | "sets" | "errorTypes" | "enumValues";
const KINDS: readonly Kind[] = ["statuses", "messages", "sets", "errorTypes", "enumValues"];
const KIND_NAMES: Record<Kind, string> = { statuses: "status", messages: "error-message", sets: "hand-written status/enum set", errorTypes: "ErrorType", enumValues: "operation type/action/subtype or termination reason" };

/** file → allowed count of status literals, error-message literals, hand-written sets and ErrorType literals, with the reason. */
const ALLOWED: Record<string, Partial<Record<Kind, number>> & { reason: string }> = {
  "src/cli/command.ts": { messages: 1, reason: CLI_UX },
  "src/cli/commands/callback.ts": { messages: 6, reason: CLI_UX },
  "src/cli/commands/dev.ts": { messages: 5, reason: CLI_UX },
  "src/cli/commands/executions.ts": { statuses: 1, messages: 6, reason: `${CLI_UX}; the status literal is the table's STARTED column header, a label and not a status` },
  "src/cli/commands/run.ts": { messages: 4, reason: CLI_UX },
  "src/cli/dev/load-functions.ts": { messages: 4, reason: CLI_UX },
  "src/cli/dev/remote.ts": { messages: 6, reason: CLI_UX },
  "src/cli/run-durable/run-durable.ts": { messages: 4, reason: CLI_UX },
  "src/cli/run/load-handler.ts": { messages: 9, reason: CLI_UX },
  "src/local/clock.ts": { messages: 5, reason: "local clock misuse (virtual time set backwards …): developer errors, not service responses" },
  "src/local/http/wire.ts": { messages: 4, reason: "the error a body read ends with when the client hangs up (no response can be sent), and the expected-type words (\"a string\", \"a list of operation updates\") of the generated fieldTypeInvalid message for the top-level shapes the generated per-field wire checkers do not cover" },
  "src/local/http/server.ts": { messages: 6, reason: `${LOCAL_OPTIONS}; and a call that needs the server to be listening` },
  "src/local/local-durable-service.ts": { messages: 6, reason: `${LOCAL_OPTIONS}; ${LOCAL_INTERNAL}` },
  "src/local/function-registry.ts": { messages: 1, reason: LOCAL_INTERNAL },
  "src/local/history.ts": { messages: 2, reason: LOCAL_INTERNAL },
  "src/local/invocations.ts": { messages: 3, reason: LOCAL_INTERNAL },
  "src/local/invocation-guard.ts": {
    messages: 2,
    reason:
      "the signal process.exit() throws to stop the handler code that called it (the invocation's error is the generated Runtime.ExitError), and an error that carries an ErrorObject's own type and message",
  },
  "src/local/store-snapshot.ts": { messages: 3, reason: LOCAL_INTERNAL },
  "src/local/store.ts": { messages: 1, reason: LOCAL_INTERNAL },
  "src/local/persistence/sqlite.ts": {
    messages: 15,
    reason: "persistence file errors (schema version, corrupt file) and why the optional better-sqlite3 cannot be used here (not installed, for a newer Node, never built, built for another Node): local storage, not the service API",
  },
  "src/local/token-signer.ts": { messages: 2, reason: "signing-key configuration errors at start-up (a short secret, a corrupt key file), not a service response" },
  "src/testing/cloud/cloud-durable-test-runner.ts": { messages: 14, reason: RUNNER_UX },
  "src/testing/cloud/cloud-operation.ts": { messages: 4, reason: RUNNER_UX },
  "src/testing/cloud/history-index.ts": { messages: 4, reason: RUNNER_UX },
  "src/testing/durable-operation.ts": { messages: 4, reason: RUNNER_UX },
  "src/testing/convert.ts": { messages: 7, reason: `${RUNNER_UX}; two hits are the ErrorObject key names (errorMessage → "ErrorMessage") and an example inside a usage message` },
  "src/testing/crash-everywhere.ts": { messages: 6, reason: RUNNER_UX },
  "src/testing/local-durable-test-runner.ts": { messages: 36, reason: `${RUNNER_UX}; and the error a run ends with when the function rejected with nothing` },
  "src/testing/operation-reader.ts": { messages: 2, reason: RUNNER_UX },
  "src/testing/replay-history.ts": { messages: 5, reason: RUNNER_UX },
  "src/testing/stall-watch.ts": { messages: 2, reason: RUNNER_UX },
  "src/testing/test-result.ts": { messages: 2, reason: RUNNER_UX },
  "src/testing/types.ts": { statuses: 1, reason: "the runner's public WaitingOperationStatus enum (the reference testing package's public type; STARTED there is not an operation status)" },
};

/** A comment line (its literals are not code). */
const isComment = (line: string): boolean => /^\s*(\*|\/\/|\/\*)/.test(line);

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
}

/** The code lines (not comments) of the scanned folders that satisfy `test`, as `file:line  code`. */
function codeLinesWhere(test: (line: string) => boolean): string[] {
  return SCANNED.flatMap((dir) =>
    files(join(root, dir)).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (!isComment(line) && test(line) ? [`${relative(root, file)}:${i + 1}  ${line.trim()}`] : [])),
    ),
  );
}

interface Hit {
  where: string;
  text: string;
}

type Hits = Record<Kind, Hit[]>;

/** Status, message, set and ErrorType literals of one file (comment lines skipped), with file:line. */
export function scan(path: string, text: string): Hits {
  const statuses: Hit[] = [];
  const messages: Hit[] = [];
  const sets: Hit[] = [];
  const errorTypes: Hit[] = [];
  const enumValues: Hit[] = [];
  const lines = text.split("\n");
  // Sets may span lines: matched on the whole text, reported at the line of `new Set`.
  for (const m of text.matchAll(SET_LITERAL)) {
    const line = text.slice(0, m.index).split("\n").length;
    if (isComment(lines[line - 1]!)) continue;
    const facts = [...m[1]!.matchAll(QUOTED)].map((q) => q[1]!).filter((v) => ENUM_VALUES.has(v));
    if (facts.length) sets.push({ where: `${path}:${line}`, text: `new Set([${facts.join(", ")}])` });
  }
  lines.forEach((line, i) => {
    if (isComment(line)) return;
    const code = line.trim();
    const where = `${path}:${i + 1}`;
    for (const m of line.matchAll(STATUS)) statuses.push({ where, text: m[0] });
    for (const _ of line.matchAll(STATUS_PAIR)) sets.push({ where, text: code.slice(0, 120) });
    for (const m of line.matchAll(LITERAL_PAIR)) if (ENUM_VALUES.has(m[1]!) && ENUM_VALUES.has(m[2]!)) sets.push({ where, text: code.slice(0, 120) });
    for (const m of line.matchAll(ERROR_TYPE_LITERAL)) errorTypes.push({ where, text: m[0] });
    for (const m of line.matchAll(QUOTED_NAME)) if (ERROR_NAMES.has(m[1]!)) errorTypes.push({ where, text: m[0] });
    for (const m of line.matchAll(ENUM_VALUE_LITERAL)) enumValues.push({ where, text: m[0] });
    for (const m of line.matchAll(SUB_TYPE_LITERAL)) enumValues.push({ where, text: m[0] });
    if (FALLTHROUGH_CASE.test(line) && /^\s*case\s/.test(lines[i + 1] ?? "")) sets.push({ where, text: `${code.trim()} ${lines[i + 1]!.trim()}` });
    for (const _ of line.matchAll(MESSAGE)) messages.push({ where, text: code.slice(0, 120) });
    for (const _ of line.matchAll(MESSAGE_FIELD)) messages.push({ where, text: code.slice(0, 120) });
    for (const m of line.matchAll(FAIL_CALL)) if (isSentence(m[2]!)) messages.push({ where, text: code.slice(0, 120) });
    for (const m of line.matchAll(VALIDATION_FIELD)) if (hasWords(m[2]!)) messages.push({ where, text: code.slice(0, 120) });
    const call = VALIDATION_CALL.exec(line);
    if (call && [...call[1]!.matchAll(LITERAL)].some((m) => hasWords(m[2]!))) messages.push({ where, text: code.slice(0, 120) });
    // `new XError(` at the end of a line, its message literal on the next code line.
    if (OPEN_CALL.test(line)) {
      const next = lines.slice(i + 1).find((l) => l.trim() !== "" && !isComment(l));
      if (next !== undefined && /^\s*["'`]/.test(next)) messages.push({ where, text: `${code} ${next.trim()}`.slice(0, 120) });
    }
  });
  return { statuses, messages, sets, errorTypes, enumValues };
}

describe("protocol facts are not restated outside src/generated", () => {
  const found = new Map<string, Hits>();
  for (const dir of SCANNED)
    for (const file of files(join(root, dir))) {
      const path = relative(root, file);
      const hits = scan(path, readFileSync(file, "utf8"));
      if (KINDS.some((kind) => hits[kind].length)) found.set(path, hits);
    }

  it("every status, error-message, set and ErrorType literal is in an allowlisted file, within its count", () => {
    const problems: string[] = [];
    for (const [path, hits] of found) {
      const allowed = ALLOWED[path];
      for (const kind of KINDS) {
        const list = hits[kind];
        const limit = allowed?.[kind] ?? 0;
        if (list.length > limit)
          problems.push(
            `${path}: ${list.length} ${KIND_NAMES[kind]} literal(s), ${limit} allowed — use the generated constants / sets / schema messages, or add a reasoned entry:\n` +
              list.map((h) => `    ${h.where}  ${h.text}`).join("\n"),
          );
      }
    }
    expect(problems.join("\n")).toBe("");
  });

  it("no item name prefix of a batch operation (itemNamePrefix in schema/operations) is written in code: OPERATIONS holds it", () => {
    const prefixes = readdirSync(join(root, "schema/operations"))
      .map((f) => schemaYaml(`operations/${f}`).itemNamePrefix as string | undefined)
      .filter((p): p is string => p !== undefined);
    expect(prefixes.sort()).toEqual(["map-item-", "parallel-branch-"]);
    expect(codeLinesWhere((line) => prefixes.some((p) => line.includes(p)))).toEqual([]);
  });

  it("no history event that a schema table records is appended by its literal name: the local service appends the table's event", () => {
    // Events the tables map to: a checkpoint action's (OPERATION_TRANSITIONS), a change the service makes
    // by itself (SERVICE_TRANSITIONS) and an execution's end (ExecutionStatus endEvents). ExecutionStarted
    // and InvocationCompleted belong to no table row.
    const events: (string | undefined)[] = [
      ...Object.values(OPERATION_TRANSITIONS).flatMap((rows) => Object.values(rows).flatMap((row: OperationTransition) => [row.event, row.errorEvent])),
      ...Object.values(SERVICE_TRANSITIONS).map((t) => ("event" in t ? t.event : undefined)),
      ...Object.values(ExecutionStatusEndEvents).flat(),
    ];
    const tabled = new Set(events.filter((e): e is string => e !== undefined));
    expect(tabled.size).toBe(22);
    expect(codeLinesWhere((line) => [...line.matchAll(/\bappend\(\s*["'`](\w+)["'`]/g)].some((m) => tabled.has(m[1]!)))).toEqual([]);
  });

  it("no history event type is written as a string in code: EventType (or a table's event) names it", () => {
    const events = (schemaYaml("enums.yaml").enums as { name: string; values: { name: string; value?: string }[] }[]).find((e) => e.name === "EventType")!.values.map((v) => v.value ?? v.name);
    expect(events.length).toBeGreaterThan(20);
    const quoted = new RegExp(`(["'\`])(${events.join("|")})\\1`);
    expect(codeLinesWhere((line) => quoted.test(line))).toEqual([]);
  });

  it("the only version the local service has ($LATEST) is not written in code: LATEST_VERSION (schema/wire.yaml lambdaApi.grammar.latestVersion) names it", () => {
    expect(codeLinesWhere((line) => /["'`]\$LATEST["'`]/.test(line))).toEqual([]);
  });

  it("no value of a string-literal union of schema/types.yaml (`values:`, e.g. CompletionReason) is written in code: its generated <TYPE>_<VALUE> constant names it", () => {
    const values = (schemaYaml("types.yaml").types as { values?: { value: string }[] }[]).flatMap((t) => (t.values ?? []).map((v) => v.value));
    expect(values).toContain("FAILURE_TOLERANCE_EXCEEDED");
    // In quotes (`return "ALL_COMPLETED"`) or as a record key (`{ ALL_COMPLETED: true }`).
    const written = new RegExp(`["'\`](?:${values.join("|")})["'\`]|(?<![\\w.])(?:${values.join("|")})\\s*:`);
    expect(written.test('    if (exceeded(s)) return "FAILURE_TOLERANCE_EXCEEDED";') && written.test("  ALL_COMPLETED: true,")).toBe(true);
    expect(written.test("  [COMPLETION_REASON_ALL_COMPLETED]: true,")).toBe(false);
    expect(codeLinesWhere((line) => written.test(line))).toEqual([]);
  });

  it("no Lambda API header name is written in code: its constant from src/generated/lambda-api.ts (schema/wire.yaml lambdaApi.headers) names it", () => {
    expect(codeLinesWhere((line) => /["'`]x-amzn?-[a-z]/i.test(line))).toEqual([]);
  });

  it("no Lambda REST route path or API version is written in code (src outside src/generated, the web UI and the benchmarks): LAMBDA_ROUTES (schema/wire.yaml lambdaApi.routes) holds them, lambdaRoutePath builds them", () => {
    const templates = (schemaYaml("wire.yaml").lambdaApi.routes as { path: string }[]).map((r) => r.path.split("/").slice(1));
    const versions = [...new Set(templates.map((t) => t[0]!))];
    // The segment after the version names the collection (/functions, /durable-executions, …); the literal
    // segments after a parameter name the action (…/{DurableExecutionArn}/state, …/{CallbackId}/succeed).
    const collections = [...new Set(templates.map((t) => t[1]!).filter((segment) => !segment.startsWith("{")))];
    const actions = [...new Set(templates.flatMap((t) => t.filter((segment, i) => i > 1 && !segment.startsWith("{") && t[i - 1]!.startsWith("{"))))];
    expect(versions.sort()).toEqual(["2015-03-31", "2025-12-01"]);
    expect(collections.sort()).toEqual(["durable-execution-callbacks", "durable-executions", "functions"]);
    const fragment = new RegExp(
      [
        ...versions.map((v) => v.replace(/-/g, "\\-")),
        // "/functions" as a path, not a module path ("./functions.js") or a longer word.
        `/(?:${collections.join("|")})(?![\\w.-])`,
        // An action after a parameter in a template literal, or alone as a path fragment.
        `\\}/(?:${actions.join("|")})(?![\\w.-])`,
        `["'\`]/(?:${actions.join("|")})["'\`]`,
      ].join("|"),
    );
    const scanned = [...files(join(root, "src")).filter((file) => !relative(root, file).startsWith("src/generated/")), ...files(join(root, "ui/src")), ...files(join(root, "bench"))];
    const hits = scanned.flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (!isComment(line) && fragment.test(line) ? [`${relative(root, file)}:${i + 1}  ${line.trim()}`] : [])),
    );
    expect(hits).toEqual([]);
  });

  it("no exception or error name of errors.yaml is written in the web UI: the generated <NAME>_NAME constants (src/generated/service-errors.ts) name them", () => {
    const hits = files(join(root, "ui/src")).flatMap((file) => scan(relative(root, file), readFileSync(file, "utf8")).errorTypes.map((h) => `${h.where}  ${h.text}`));
    expect(hits).toEqual([]);
  });

  it("no success status of a Lambda REST route is written as a number in the local service: LAMBDA_ROUTES' status and statuses (schema/wire.yaml lambdaApi.routes) hold them", () => {
    const hits = files(join(root, "src/local")).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (!isComment(line) && /\bstatus(?:Code)?\s*(?::|[!=]==?)\s*2\d\d\b/.test(line) ? [`${relative(root, file)}:${i + 1}`] : [])),
    );
    // The web UI's file server answers 200 for a static file: not a Lambda REST route.
    expect(hits.map((hit) => hit.replace(/:\d+$/, ""))).toEqual(["src/local/http/static-assets.ts"]);
  });

  it("no Lambda ARN is spelled out in code: src/generated/lambda-api.ts builds and parses them from the schema's grammar", () => {
    const hits = codeLinesWhere((line) => /arn:aws|:function:|durable-execution\//.test(line)).map((hit) => hit.replace(/:\d+ .*/, ""));
    // The filesystem serdes reads the ARN with parseDurableExecutionArn (a bundle that uses it carries the
    // generated pattern; the 3-step bundle drops the serdes), and replayHistory builds its ARN with
    // durableExecutionArn() and functionArn().
    expect(hits).toEqual([]);
  });

  it("no operation handler (or the context that begins operations) picks an OperationStatus by hand: a stored status is compared with a transitions row's toConstant or a status set", () => {
    const handlers = ["src/runtime/operations", "src/runtime/context"].flatMap((dir) => files(join(root, dir))).flatMap((file) =>
      readFileSync(file, "utf8")
        .split("\n")
        .flatMap((line, i) => (!isComment(line) && /(?<![\w.])OperationStatus\.[A-Z]/.test(line) ? [`${relative(root, file)}:${i + 1}  ${line.trim()}`] : [])),
    );
    expect(handlers).toEqual([]);
  });

  it("the allowlist is not stale (each count is exact, each entry has a reason)", () => {
    const stale = Object.entries(ALLOWED).flatMap(([path, entry]) => {
      const hits = found.get(path);
      const out: string[] = [];
      for (const kind of KINDS) {
        const count = hits?.[kind].length ?? 0;
        if ((entry[kind] ?? 0) !== count) out.push(`${path}: ${kind} allowed ${entry[kind] ?? 0}, found ${count}`);
      }
      if (entry.reason.trim().length < 20) out.push(`${path}: give a reason`);
      return out;
    });
    expect(stale).toEqual([]);
  });

  it("the scanner finds validation problem/fix texts written inline (fields and invalid…() arguments), not generated ones or mere joins", () => {
    const sample = [
      '    fix: "Set maxAttempts to the total number of attempts including the first one (1 = never retry).",',
      "    problem: `${operation}.backoffRate must be a finite number greater than 0, got ${show(value)}`,",
      "  listFix: 'Pass an array of error classes, e.g. [TimeoutError].',",
      '    invalid("context", "context must be a DurableContext", "Pass the context your handler received.", context);',
      '    invalid("func", messageDurableValidationErrorWithRetryFuncInvalid(typeof func), "Pass an async function.", func);',
      "    fix: fixDurableValidationErrorMaxAttemptsInvalid,",
      "    problem: messageDurableValidationErrorMaxAttemptsInvalid(operation, show(value)),",
      "  throw invalidInput({ operation, field, problem: `${field} ${issue.problem}`, fix: DURATION_RULE.fix, received: value });",
      '    invalid("context", messageDurableValidationErrorWithRetryContextInvalid, fixDurableValidationErrorWithRetryContextInvalid, context);',
    ].join("\n");
    expect(scan("sample.ts", sample).messages.map((h) => h.where)).toEqual(["sample.ts:1", "sample.ts:2", "sample.ts:3", "sample.ts:4", "sample.ts:5"]);
  });

  it("the scanner finds a hand-written set of enum values (also over several lines) and a pair of comparisons (constants or enum literals), not a set or pair of other strings", () => {
    const sample = [
      "export const SUSPEND_REASONS: ReadonlySet<TerminationReason> = new Set<TerminationReason>([",
      '  "OPERATION_TERMINATED",',
      '  "WAIT_SCHEDULED",',
      "]);",
      'const EXTENSIONS = new Set([".ts", ".mts"]);',
      "const resumes = (status === OperationStatus.STARTED || status === OperationStatus.READY) && x;",
      "const open = ops.filter((op) => op.Status === OperationStatus.STARTED || op.Status === OperationStatus.PENDING);",
      "if (status === OperationStatus.SUCCEEDED) return;",
      "if (SUSPENDING_TERMINATION_REASONS.has(reason) || ACTIVE_STEP_STATUSES.has(status)) return;",
      'if ((result.reason === "CHECKPOINT_FAILED" || result.reason === "SERDES_FAILED") && unrecoverable) throw error;',
      'return op.Type === "WAIT" || op.Type === "CALLBACK";',
      'return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";',
    ].join("\n");
    expect(scan("sample.ts", sample).sets.map((h) => h.where)).toEqual(["sample.ts:1", "sample.ts:6", "sample.ts:7", "sample.ts:10", "sample.ts:11"]);
  });

  it("the scanner finds the local service's ErrorType literals (Runtime.ExitError, …), not the generated constants", () => {
    expect(SERVICE_ERROR_TYPES).toEqual(expect.arrayContaining(["Runtime.ExitError", "Runtime.OutOfMemory", "Sandbox.Timedout"]));
    const sample = [
      'export const RUNTIME_EXIT_ERROR_TYPE = "Runtime.ExitError";',
      "const e = { ErrorType: 'Runtime.OutOfMemory' };",
      "if (error.ErrorType === RUNTIME_EXIT_ERROR_TYPE) return;",
      'const other = "Runtime.ExitErrors";',
    ].join("\n");
    expect(scan("sample.ts", sample).errorTypes.map((h) => h.where)).toEqual(["sample.ts:1", "sample.ts:2"]);
  });

  it("the scanner finds an ErrorObject written with a bare error name of errors.yaml, and a status set written as a switch", () => {
    const sample = [
      'const a = { ErrorType: "StepError", ErrorMessage: text };',
      'const b = { ErrorType: "ResourceNotFoundException" };',
      'const c = { ErrorType: "MyAppError" };',
      "const d = { ErrorType: exception.name };",
      "switch (op.Status) {",
      "  case OperationStatus.PENDING:",
      "  case OperationStatus.READY:",
      "    return true;",
      "  case OperationStatus.STARTED:",
      "    return false;",
      "}",
    ].join("\n");
    const hits = scan("sample.ts", sample);
    expect(hits.errorTypes.map((h) => h.where)).toEqual(["sample.ts:1", "sample.ts:2"]);
    expect(hits.sets.map((h) => h.where)).toEqual(["sample.ts:6"]);
  });

  it("the scanner finds what it must (a status literal and a message literal in a sample; comments skipped)", () => {
    const sample = ['if (op.Status === "SUCCEEDED") return;', "throw new StepError(`failed ${x}`);", ' * "FAILED" in a comment', "// new Error(\"x\")"].join("\n");
    const hits = scan("sample.ts", sample);
    expect(hits.statuses.map((h) => h.where)).toEqual(["sample.ts:1"]);
    expect(hits.messages.map((h) => h.where)).toEqual(["sample.ts:2"]);
  });

  it("the scanner finds a message literal on the line after `new XError(` (a comment line between is skipped), but not a variable there", () => {
    const sample = ["throw new InvalidParameterValueException(", "  // why", "  `Function ${name} is not a durable function`,", ");", "throw new RangeError(", "  message,", ");"].join("\n");
    expect(scan("sample.ts", sample).messages.map((h) => h.where)).toEqual(["sample.ts:1"]);
  });

  it("the scanner finds messages written as fields: terminate({ message }), ErrorObject ErrorMessage, errorMessage", () => {
    const sample = [
      'termination.terminate({ reason: "CONTEXT_VALIDATION_ERROR", message: `Context usage error in "${m}"` });',
      'const e = { ErrorType: "Callback.Timeout", ErrorMessage: "Callback timed out" };',
      "return { errorMessage: 'failed', errorType: undefined };",
      "termination.terminate({ reason, message: TERMINATION_MESSAGES.suspended(reason) });",
      "const e2 = { ErrorType: type, ErrorMessage: SERVICE_ERROR_OBJECTS.callbackTimedOut().ErrorMessage };",
    ].join("\n");
    expect(scan("sample.ts", sample).messages.map((h) => h.where)).toEqual(["sample.ts:1", "sample.ts:2", "sample.ts:3"]);
  });

  it("the scanner finds a message literal handed to a fail() helper, not a generated message or a bare join", () => {
    const sample = [
      "fail(`A checkpoint may carry at most ${limit} updates`);",
      "fail(MESSAGES.tooManyUpdates(limit, count));",
      "fail(`${field} ${problem}`);",
      "if (bad) fail('Payload too large');",
    ].join("\n");
    expect(scan("sample.ts", sample).messages.map((h) => h.where)).toEqual(["sample.ts:1", "sample.ts:4"]);
  });

  it("the scanner finds a plain new Error, an error class's super(…), a message variable and a helper named after its error, not a single word", () => {
    const sample = [
      "throw new Error(`waitForCondition exceeded maximum attempts (${n})`);",
      "super(`Task timed out after ${seconds} seconds`);",
      "const message = `The handler's result could not be serialized: ${detail}`;",
      "throw loadError(`Plugin module '${specifier}' must export a provider`);",
      'throw serdesError("Serialization", op, cause);',
      "throw loadError(messagePluginLoadErrorProviderMissing(specifier, name));",
      "super(message, options);",
    ].join("\n");
    expect(scan("sample.ts", sample).messages.map((h) => h.where)).toEqual(["sample.ts:1", "sample.ts:2", "sample.ts:3", "sample.ts:4"]);
  });
});

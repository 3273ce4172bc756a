/**
 * Protocol facts are written once, in the schema: this guard scans src/runtime, src/local, src/testing
 * and src/cli (outside src/generated) for
 *   (a) operation / execution status string literals ("SUCCEEDED", "PENDING", "READY", …), which the
 *       generated enums and status sets (OperationStatus, TERMINAL_OPERATION_STATUSES, …) provide, and
 *   (b) message literals passed to error constructors (`new XError("…")`, `new XException(`…`)`, also with
 *       the literal on the next line) or written as message fields (`terminate({ message: "…" })`,
 *       `{ ErrorType, ErrorMessage: "…" }`, `errorMessage: "…"`), which belong in schema/errors.yaml
 *       (default messages, `messages:` templates, `terminationMessages:`, `serviceExceptions:` messages,
 *       `serviceErrorObjects:`).
 * A file may hold such literals only with an allowlist entry below that gives the reason and the exact
 * count; a new literal (or a stale entry) fails the test, naming file:line. Comment lines are skipped.
 */
import { readFileSync, readdirSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";

const root = join(import.meta.dirname, "..");
const SCANNED = ["src/runtime", "src/local", "src/testing", "src/cli"];
const STATUS = /["'`](SUCCEEDED|PENDING|READY|STARTED|TIMED_OUT|FAILED|CANCELLED|STOPPED|RUNNING)["'`]/g;
const MESSAGE = /new\s+[A-Z]\w*(?:Error|Exception)\(\s*["'`]/g;
/** `new XError(` closing a line: the message literal follows on the next line. */
const OPEN_CALL = /new\s+[A-Z]\w*(?:Error|Exception)\(\s*$/;
/** A message written as a field: `terminate({ message: "…" })`, `{ ErrorType, ErrorMessage: `…` }`, `errorMessage: "…"`. */
const MESSAGE_FIELD = /\b(?:message|errorMessage|ErrorMessage)\s*:\s*["'`]/g;

// Reasons, shared by the entries below.
const PLUGIN_API = "the plugin API's own status values (PluginOperationStatus / InvocationStatus of the plugin interface), part of its public types";
const CLI_UX = "CLI usage and I/O messages (flags, files, terminals): not protocol facts";
const RUNNER_UX = "test-runner usage messages (TestRunnerUsageError, OperationNotFoundError …): API misuse in tests, not protocol facts";
const LOCAL_OPTIONS = "RangeErrors for bad options of the local service/server (port, transport, clock control): developer errors at start-up or in a test, never a service response";
const RUNTIME_LOCAL = "runtime utility errors (serdes files, tracing ids, DurablePromise misuse): messages of plain Errors, not wire error types";

/** file → allowed count of status literals and of error-message literals, with the reason. */
const ALLOWED: Record<string, { statuses?: number; messages?: number; reason: string }> = {
  "src/cli/command.ts": { messages: 1, reason: CLI_UX },
  "src/cli/commands/callback.ts": { messages: 6, reason: CLI_UX },
  "src/cli/commands/dev.ts": { messages: 4, reason: CLI_UX },
  "src/cli/commands/executions.ts": { statuses: 1, messages: 4, reason: `${CLI_UX}; the status literal is the table's STARTED column header, a label and not a status` },
  "src/cli/commands/run.ts": { messages: 4, reason: CLI_UX },
  "src/cli/dev/load-functions.ts": { messages: 6, reason: CLI_UX },
  "src/cli/dev/remote.ts": { messages: 5, reason: CLI_UX },
  "src/cli/run-durable/run-durable.ts": { messages: 4, reason: CLI_UX },
  "src/cli/run/load-handler.ts": { messages: 7, reason: CLI_UX },
  "src/local/clock.ts": { messages: 5, reason: "local clock misuse (virtual time set backwards …): developer errors, not service responses" },
  "src/local/http/server.ts": { messages: 5, reason: `${LOCAL_OPTIONS}; and the 500 body of an unexpected internal failure, which wraps the thrown error's message (no Lambda API exception type)` },
  "src/local/local-durable-service.ts": { messages: 2, reason: LOCAL_OPTIONS },
  "src/local/persistence/sqlite.ts": { messages: 12, reason: "persistence file errors (schema version, corrupt file): local storage, not the service API" },
  "src/local/token-signer.ts": { messages: 1, reason: "signing-key configuration error at start-up, not a service response" },
  "src/runtime/durable-promise.ts": { messages: 3, reason: RUNTIME_LOCAL },
  "src/runtime/operations/common.ts": { messages: 1, reason: RUNTIME_LOCAL },
  "src/runtime/plugins/types.ts": { statuses: 5, reason: PLUGIN_API },
  "src/runtime/serdes/filesystem-serdes.ts": { messages: 4, reason: RUNTIME_LOCAL },
  "src/runtime/serdes/safe-serdes.ts": { messages: 1, reason: RUNTIME_LOCAL },
  "src/runtime/tracing/otlp-json.ts": { messages: 4, reason: RUNTIME_LOCAL },
  "src/runtime/tracing/trace-ids.ts": { messages: 2, reason: RUNTIME_LOCAL },
  "src/testing/cloud/cloud-durable-test-runner.ts": { messages: 14, reason: RUNNER_UX },
  "src/testing/cloud/cloud-operation.ts": { messages: 5, reason: RUNNER_UX },
  "src/testing/cloud/history-index.ts": { messages: 4, reason: RUNNER_UX },
  "src/testing/durable-operation.ts": { messages: 5, reason: RUNNER_UX },
  "src/testing/convert.ts": { messages: 5, reason: `${RUNNER_UX}; two hits are the ErrorObject key names (errorMessage → "ErrorMessage") and an example inside a usage message` },
  "src/testing/crash-everywhere.ts": { messages: 6, reason: RUNNER_UX },
  "src/testing/local-durable-test-runner.ts": { messages: 28, reason: RUNNER_UX },
  "src/testing/operation-reader.ts": { messages: 2, reason: RUNNER_UX },
  "src/testing/replay-history.ts": { messages: 5, reason: RUNNER_UX },
  "src/testing/test-result.ts": { messages: 3, reason: `${RUNNER_UX}; and the runner's fallback errorMessage of a failed run, the reference testing package's text` },
  "src/testing/types.ts": { statuses: 1, reason: "the runner's public WaitingOperationStatus enum (the reference testing package's public type; STARTED there is not an operation status)" },
};

function files(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => (d.isDirectory() ? files(join(dir, d.name)) : d.name.endsWith(".ts") ? [join(dir, d.name)] : []));
}

interface Hit {
  where: string;
  text: string;
}

/** Status and message literals of one file (comment lines skipped), with file:line. */
export function scan(path: string, text: string): { statuses: Hit[]; messages: Hit[] } {
  const statuses: Hit[] = [];
  const messages: Hit[] = [];
  const lines = text.split("\n");
  const isComment = (line: string) => /^\s*(\*|\/\/|\/\*)/.test(line);
  lines.forEach((line, i) => {
    if (isComment(line)) return;
    const code = line.trim();
    const where = `${path}:${i + 1}`;
    for (const m of line.matchAll(STATUS)) statuses.push({ where, text: m[0] });
    for (const _ of line.matchAll(MESSAGE)) messages.push({ where, text: code.slice(0, 120) });
    for (const _ of line.matchAll(MESSAGE_FIELD)) messages.push({ where, text: code.slice(0, 120) });
    // `new XError(` at the end of a line, its message literal on the next code line.
    if (OPEN_CALL.test(line)) {
      const next = lines.slice(i + 1).find((l) => l.trim() !== "" && !isComment(l));
      if (next !== undefined && /^\s*["'`]/.test(next)) messages.push({ where, text: `${code} ${next.trim()}`.slice(0, 120) });
    }
  });
  return { statuses, messages };
}

describe("protocol facts are not restated outside src/generated", () => {
  const found = new Map<string, { statuses: Hit[]; messages: Hit[] }>();
  for (const dir of SCANNED)
    for (const file of files(join(root, dir))) {
      const path = relative(root, file);
      const hits = scan(path, readFileSync(file, "utf8"));
      if (hits.statuses.length || hits.messages.length) found.set(path, hits);
    }

  it("every status literal and error-message literal is in an allowlisted file, within its count", () => {
    const problems: string[] = [];
    for (const [path, hits] of found) {
      const allowed = ALLOWED[path];
      for (const [kind, list] of [["statuses", hits.statuses], ["messages", hits.messages]] as const) {
        const limit = allowed?.[kind] ?? 0;
        if (list.length > limit)
          problems.push(
            `${path}: ${list.length} ${kind === "statuses" ? "status" : "error-message"} literal(s), ${limit} allowed — use the generated constants / schema messages, or add a reasoned entry:\n` +
              list.map((h) => `    ${h.where}  ${h.text}`).join("\n"),
          );
      }
    }
    expect(problems.join("\n")).toBe("");
  });

  it("the allowlist is not stale (each count is exact, each entry has a reason)", () => {
    const stale = Object.entries(ALLOWED).flatMap(([path, entry]) => {
      const hits = found.get(path) ?? { statuses: [], messages: [] };
      const out: string[] = [];
      if ((entry.statuses ?? 0) !== hits.statuses.length) out.push(`${path}: statuses allowed ${entry.statuses ?? 0}, found ${hits.statuses.length}`);
      if ((entry.messages ?? 0) !== hits.messages.length) out.push(`${path}: messages allowed ${entry.messages ?? 0}, found ${hits.messages.length}`);
      if (entry.reason.trim().length < 20) out.push(`${path}: give a reason`);
      return out;
    });
    expect(stale).toEqual([]);
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
});

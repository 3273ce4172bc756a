/**
 * Log capture and the `ExpectedLogs` check (local-service spec §2.4).
 *
 * The official runner reads the function's CloudWatch log group filtered by the execution ARN
 * (`durableExecutionArn` or `executionArn` of JSON records). Locally, every line written to
 * stdout/stderr while a requirement runs is captured (in-process invocations and isolated workers
 * alike: the local service forwards a worker's output to the parent's streams before the invocation
 * completes), and the same filter is applied.
 */
import { PlaceholderContext, pythonStr } from "./placeholders.js";

/** One captured output line, with the number of invocations completed before it was written. */
export interface CapturedLine {
  text: string;
  invocation: number;
}

/** A captured line as the log matcher sees it: a JSON record's top-level fields, or `{message}`. */
export type LogRecord = Record<string, unknown>;

export function parseLine(text: string): LogRecord {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed !== null && typeof parsed === "object" && !Array.isArray(parsed)) return parsed as LogRecord;
  } catch {
    // not JSON: exposed as a plain message
  }
  return { message: text };
}

/** Records of one execution: JSON lines whose durableExecutionArn or executionArn is that ARN. */
export function recordsOf(lines: readonly CapturedLine[], executionArn: string): LogRecord[] {
  return lines
    .map((line) => parseLine(line.text))
    .filter((record) => record.durableExecutionArn === executionArn || record.executionArn === executionArn);
}

/**
 * Captures everything written to process.stdout / process.stderr until `stop()` (nothing reaches the
 * terminal meanwhile). Lines are split on newlines; a partial last line is kept until more arrives or
 * the capture stops.
 */
export class OutputCapture {
  readonly lines: CapturedLine[] = [];
  invocation = 0;
  private partial = "";
  private readonly originals: { stream: NodeJS.WriteStream; write: NodeJS.WriteStream["write"] }[] = [];

  start(): this {
    for (const stream of [process.stdout, process.stderr]) {
      const write = stream.write;
      this.originals.push({ stream, write });
      stream.write = ((chunk: unknown, encoding?: unknown, callback?: unknown) => {
        this.take(typeof chunk === "string" ? chunk : Buffer.from(chunk as Uint8Array).toString("utf8"));
        const done = typeof encoding === "function" ? encoding : callback;
        if (typeof done === "function") queueMicrotask(() => (done as () => void)());
        return true;
      }) as NodeJS.WriteStream["write"];
    }
    return this;
  }

  stop(): void {
    for (const { stream, write } of this.originals.splice(0)) stream.write = write;
    if (this.partial !== "") {
      this.lines.push({ text: this.partial, invocation: this.invocation });
      this.partial = "";
    }
  }

  private take(text: string): void {
    const parts = (this.partial + text).split("\n");
    this.partial = parts.pop() ?? "";
    for (const part of parts) this.lines.push({ text: part, invocation: this.invocation });
  }
}

function fieldMatches(expected: unknown, actual: unknown): boolean {
  if (typeof expected === "string") {
    const text = expected.trim();
    if (text.length >= 2 && text.startsWith("/") && text.endsWith("/")) {
      return actual !== undefined && new RegExp(text.slice(1, -1)).test(typeof actual === "string" ? actual : pythonStr(actual));
    }
    return typeof actual === "string" && actual.trim() === text;
  }
  if (typeof expected === "boolean") return actual === expected;
  if (typeof expected === "number") return typeof actual === "number" ? actual === expected : Number(actual) === expected;
  return JSON.stringify(expected) === JSON.stringify(actual);
}

const SUPPORTED_KEYS = new Set(["match", "count", "min_count", "max_count"]);

/** Checks `ExpectedLogs` entries against the records; returns the errors (empty when all pass). */
export function checkExpectedLogs(expectedLogs: unknown, records: readonly LogRecord[], context: PlaceholderContext): string[] {
  if (!Array.isArray(expectedLogs)) return expectedLogs === undefined ? [] : ["ExpectedLogs must be a list"];
  const errors: string[] = [];
  expectedLogs.forEach((raw, index) => {
    const entry = context.substitute(raw) as Record<string, unknown>;
    const unsupported = Object.keys(entry ?? {}).filter((key) => !SUPPORTED_KEYS.has(key));
    if (unsupported.length > 0) {
      // after/before ordering is not used by any vendored requirement; refuse rather than ignore it.
      errors.push(`ExpectedLogs[${index}]: unsupported keys ${unsupported.join(", ")}`);
      return;
    }
    const match = (entry.match ?? {}) as Record<string, unknown>;
    const count = records.filter((record) => Object.entries(match).every(([key, value]) => fieldMatches(value, record[key]))).length;
    const label = `ExpectedLogs[${index}] ${JSON.stringify(match)}`;
    const { count: exact, min_count: min, max_count: max } = entry as { count?: number; min_count?: number; max_count?: number };
    if (exact !== undefined) {
      if (count !== exact) errors.push(`${label}: expected exactly ${exact} matching line(s), got ${count}`);
      return;
    }
    const minimum = min ?? (max === undefined ? 1 : undefined);
    if (minimum !== undefined && count < minimum) errors.push(`${label}: expected at least ${minimum} matching line(s), got ${count}`);
    if (max !== undefined && count > max) errors.push(`${label}: expected at most ${max} matching line(s), got ${count}`);
  });
  return errors;
}

/**
 * How `durable dev` keeps and shows the durable logger's lines: the handlers run in the dev server's
 * process, and the default durable logger writes one JSON record per line (with `executionArn`) to
 * stdout and stderr, the way Lambda writes them to CloudWatch. This tee appends those records, as
 * written, to a file for `durable logs`, one per line. What reaches the terminal depends on the
 * format: `json` lets every write through unchanged; `pretty` (the default) prints each record with
 * the formatter of `durable logs` (src/cli/log-format.ts) and lets every other line through as
 * written, in order.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { formatLogRecord, parseLogRecord } from "../log-format.js";
import { styleFor, type Style } from "../style.js";

type Write = typeof process.stdout.write;

/** What `durable dev` prints of the durable logger's lines: `pretty` for people, `json` as the logger writes them. */
export type LogFormat = "pretty" | "json";
export const LOG_FORMATS: readonly LogFormat[] = ["pretty", "json"];

/** A line longer than this is not held for its end (nor kept for the file): it goes out as written. */
const MAX_LINE = 1_000_000;

export interface CaptureOptions {
  /** The streams to tee (default process.stdout and process.stderr). */
  streams?: NodeJS.WriteStream[];
  /** What reaches the streams (default `pretty`). The file gets the records as written either way. */
  format?: LogFormat;
  /** The style of a stream's pretty lines (default: colours when it is a terminal and NO_COLOR is unset). */
  styleOf?: (stream: NodeJS.WriteStream) => Style;
  /**
   * In `pretty`, a line that starts like a record (`{`) but has no end yet is held this long (ms) for
   * the rest of it, then written as it is (default 100).
   */
  holdMs?: number;
}

/**
 * The pretty rewriting of one stream: complete record lines become formatted lines, every other
 * line goes through as written. A partial line starting with `{` may be a record written in pieces,
 * so it is held until its end (or `holdMs`, or the undo); any other partial line goes out at once,
 * and the rest of it after it.
 */
class PrettyLines {
  /** The start of the current line, held because it may be a record. */
  private held = "";
  /** The current line has started going out as written: the rest of it follows unchanged. */
  private passing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly style: Style,
    private readonly holdMs: number,
    private readonly flushHeld: (text: string) => void,
  ) {}

  /** What to write for `text`. */
  rewrite(text: string): string {
    let out = "";
    let rest = text;
    while (rest !== "") {
      const newline = rest.indexOf("\n");
      if (this.passing) {
        if (newline < 0) return out + rest;
        out += rest.slice(0, newline + 1);
        rest = rest.slice(newline + 1);
        this.passing = false;
        continue;
      }
      if (newline < 0) {
        const start = this.held + rest;
        this.held = "";
        if (start.startsWith("{") && start.length <= MAX_LINE) {
          this.held = start;
          this.armTimer();
        } else {
          out += start;
          this.passing = true;
        }
        return out;
      }
      const line = this.held + rest.slice(0, newline);
      this.held = "";
      this.clearTimer();
      out += `${this.format(line)}\n`;
      rest = rest.slice(newline + 1);
    }
    return out;
  }

  /** A complete line: a record's readable form, any other line (or a record the formatter fails on) as written. */
  private format(line: string): string {
    const record = parseLogRecord(line);
    if (!record) return line;
    try {
      return formatLogRecord(record, this.style, { time: "clock", label: true });
    } catch {
      return line;
    }
  }

  /** The held start of a line, written as it is (on timeout or undo); the rest of the line follows unchanged. */
  flush(): void {
    this.clearTimer();
    if (this.held === "") return;
    const text = this.held;
    this.held = "";
    this.passing = true;
    this.flushHeld(text);
  }

  private armTimer(): void {
    this.clearTimer();
    this.timer = setTimeout(() => this.flush(), this.holdMs);
    this.timer.unref();
  }

  private clearTimer(): void {
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
  }
}

/** Tees `streams`' writes: lines that are durable log records go to `path`. Returns the undo function. */
export function captureDurableLogs(path: string, options: CaptureOptions = {}): () => void {
  const streams = options.streams ?? [process.stdout, process.stderr];
  const format = options.format ?? "pretty";
  const styleOf = options.styleOf ?? ((stream: NodeJS.WriteStream) => styleFor(stream, process.env));
  mkdirSync(dirname(path), { recursive: true });
  const restores = streams.map((stream) => {
    const original: Write = stream.write;
    const write = (...args: unknown[]): boolean => (original as (...a: unknown[]) => boolean).apply(stream, args);
    let partial = "";
    const pretty = format === "pretty" ? new PrettyLines(styleOf(stream), options.holdMs ?? 100, (text) => write(text)) : undefined;
    const tee = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      const text = typeof chunk === "string" ? chunk : chunk instanceof Uint8Array ? Buffer.from(chunk).toString("utf8") : undefined;
      try {
        const lines = (partial + (text ?? "")).split("\n");
        partial = lines.pop() ?? "";
        if (partial.length > MAX_LINE) partial = "";
        const records = lines.filter((line) => parseLogRecord(line) !== undefined);
        if (records.length) appendFileSync(path, `${records.join("\n")}\n`);
      } catch {
        // Keeping logs must never break the server's output.
      }
      if (pretty === undefined || text === undefined) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      const out = pretty.rewrite(text);
      if (out === text) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      // Rewritten text is a string: an encoding given for the chunk does not apply to it; the callback does.
      const callback = rest.find((arg): arg is (error?: Error | null) => void => typeof arg === "function");
      if (out === "") {
        if (callback) process.nextTick(callback);
        return true;
      }
      return (original as (...args: unknown[]) => boolean).call(this, out, ...(callback ? [callback] : []));
    };
    stream.write = tee as Write;
    return () => {
      stream.write = original;
      pretty?.flush();
    };
  });
  return () => restores.forEach((restore) => restore());
}

/**
 * How `durable dev` keeps and shows the durable logger's lines: the handlers run in the dev server's
 * process, and the default durable logger writes one JSON record per line (with `executionArn`) to
 * stdout and stderr, the way Lambda writes them to CloudWatch. This tee appends those records, as
 * written, to a file for `durable logs`, one per line. What reaches the terminal depends on the
 * format: `json` lets every write through unchanged; `pretty` (the default) prints each record with
 * the formatter of `durable logs` (src/cli/log-format.ts) and lets every other line through as
 * written, in order.
 *
 * Writes arrive as strings or as bytes (an isolated handler's worker output is forwarded chunk by
 * chunk, see src/local/isolated-invocation.ts), cut anywhere: inside a record, inside a multi-byte
 * character. Both tees cut lines from the bytes and decode only complete lines, so neither garbles a
 * character nor splits a record; a line held for its end is written when the capture is undone or
 * the process exits.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { formatLogRecord, parseLogRecord } from "../log-format.js";
import { styleFor, type Style } from "../style.js";

type Write = typeof process.stdout.write;

/** What `durable dev` prints of the durable logger's lines: `pretty` for people, `json` as the logger writes them. */
export type LogFormat = "pretty" | "json";
export const LOG_FORMATS: readonly LogFormat[] = ["pretty", "json"];

/** A line longer than this (in bytes) is not held for its end (nor kept for the file): it goes out as written. */
const MAX_LINE = 1_000_000;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;

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
 * The bytes of a write: a Buffer or Uint8Array as it is, a string in the encoding given with it
 * (UTF-8 when none or an unknown one is given, as the stream would take it); undefined for anything
 * else (left alone).
 */
function bytesOf(chunk: unknown, encoding: unknown): Buffer | undefined {
  if (typeof chunk === "string") return Buffer.from(chunk, typeof encoding === "string" && Buffer.isEncoding(encoding) ? encoding : "utf8");
  if (chunk instanceof Uint8Array) return Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
  return undefined;
}

/**
 * The pretty rewriting of one stream. It works on bytes, a line at a time: a newline byte never
 * occurs inside a multi-byte UTF-8 character, so a complete line is decoded whole however the writes
 * split it (a character, a record), and nothing else is decoded at all. Complete record lines become
 * formatted lines, every other line goes through as written. A partial line starting with `{` may be a
 * record written in pieces, so it is held until its end (or `holdMs`, or the undo, or the process's
 * exit); any other partial line goes out at once, as written, and the rest of it after it.
 */
class PrettyLines {
  /** The start of the current line, held because it may be a record. */
  private held = Buffer.alloc(0);
  /** The current line has started going out as written: the rest of it follows unchanged. */
  private passing = false;
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly style: Style,
    private readonly holdMs: number,
    private readonly flushHeld: (bytes: Buffer) => void,
  ) {}

  /** What to write for `bytes`: `bytes` itself when it goes out unchanged, else the bytes to write instead (possibly none). */
  rewrite(bytes: Buffer): Buffer {
    const out: Buffer[] = [];
    let changed = false;
    let pos = 0;
    while (pos < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, pos);
      if (this.passing) {
        const end = newline < 0 ? bytes.length : newline + 1;
        out.push(bytes.subarray(pos, end));
        pos = end;
        if (newline >= 0) this.passing = false;
        continue;
      }
      if (newline < 0) {
        const rest = bytes.subarray(pos);
        if (this.held.length > 0) changed = true;
        const start = this.take(rest);
        if (start[0] === OPEN_BRACE && start.length <= MAX_LINE) {
          // Copied: the writer may reuse its buffer once the write returns.
          this.held = Buffer.from(start);
          this.armTimer();
          changed = true;
        } else {
          out.push(start);
          this.passing = true;
        }
        break;
      }
      if (this.held.length > 0) changed = true;
      const line = this.take(bytes.subarray(pos, newline));
      this.clearTimer();
      const formatted = this.format(line);
      if (formatted === undefined) {
        out.push(line, bytes.subarray(newline, newline + 1));
      } else {
        out.push(Buffer.from(`${formatted}\n`, "utf8"));
        changed = true;
      }
      pos = newline + 1;
    }
    return changed ? Buffer.concat(out) : bytes;
  }

  /** The held start of the line followed by `bytes`; nothing is held after. */
  private take(bytes: Buffer): Buffer {
    if (this.held.length === 0) return bytes;
    const whole = Buffer.concat([this.held, bytes]);
    this.held = Buffer.alloc(0);
    return whole;
  }

  /** A complete line: a record's readable form, or undefined for any other line (or a record the formatter fails on). */
  private format(line: Buffer): string | undefined {
    if (line[0] !== OPEN_BRACE) return undefined;
    const record = parseLogRecord(line.toString("utf8"));
    if (!record) return undefined;
    try {
      return formatLogRecord(record, this.style, { time: "clock", label: true });
    } catch {
      return undefined;
    }
  }

  /**
   * The held start of a line, written as it is on timeout (the rest of the line follows unchanged).
   * At the end (`final`: the undo or the process's exit) no rest can follow: a held whole record that
   * only lacks its newline prints in its readable form (still without a newline), anything else as written.
   */
  flush(final = false): void {
    this.clearTimer();
    if (this.held.length === 0) return;
    const bytes = this.take(Buffer.alloc(0));
    this.passing = true;
    const formatted = final ? this.format(bytes) : undefined;
    this.flushHeld(formatted === undefined ? bytes : Buffer.from(formatted, "utf8"));
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

/**
 * The records among a stream's lines, for the file: complete lines are cut from the bytes (so a
 * record split anywhere, even inside a character, is kept whole) and each is decoded whole.
 */
class RecordLines {
  private partial: Buffer = Buffer.alloc(0);

  /** The records among the lines `bytes` completes, as written (without their newline). */
  push(bytes: Buffer): string[] {
    const records: string[] = [];
    let data = this.partial.length > 0 ? Buffer.concat([this.partial, bytes]) : bytes;
    let newline = data.indexOf(NEWLINE);
    while (newline >= 0) {
      const line = data.subarray(0, newline);
      if (line[0] === OPEN_BRACE) {
        const text = line.toString("utf8");
        if (parseLogRecord(text) !== undefined) records.push(text);
      }
      data = data.subarray(newline + 1);
      newline = data.indexOf(NEWLINE);
    }
    // Copied: the caller's buffer may be reused after the write.
    this.partial = data.length > MAX_LINE ? Buffer.alloc(0) : Buffer.from(data);
    return records;
  }

  /** The last line when it is a whole record that no newline ended (at the undo or exit), else nothing. */
  end(): string[] {
    const text = this.partial.toString("utf8");
    this.partial = Buffer.alloc(0);
    return parseLogRecord(text) !== undefined ? [text] : [];
  }
}

/**
 * Tees `streams`' writes: lines that are durable log records go to `path`. Returns the undo function,
 * which also runs when the process exits, so a held partial line is still written.
 */
export function captureDurableLogs(path: string, options: CaptureOptions = {}): () => void {
  const streams = options.streams ?? [process.stdout, process.stderr];
  const format = options.format ?? "pretty";
  const styleOf = options.styleOf ?? ((stream: NodeJS.WriteStream) => styleFor(stream, process.env));
  mkdirSync(dirname(path), { recursive: true });
  const keep = (records: string[]): void => {
    try {
      if (records.length) appendFileSync(path, `${records.join("\n")}\n`);
    } catch {
      // Keeping logs must never break the server's output.
    }
  };
  const restores = streams.map((stream) => {
    const original: Write = stream.write;
    const write = (...args: unknown[]): boolean => (original as (...a: unknown[]) => boolean).apply(stream, args);
    const lines = new RecordLines();
    const pretty = format === "pretty" ? new PrettyLines(styleOf(stream), options.holdMs ?? 100, (bytes) => write(bytes)) : undefined;
    const tee = function (this: NodeJS.WriteStream, chunk: unknown, ...rest: unknown[]): boolean {
      const bytes = bytesOf(chunk, rest[0]);
      if (bytes !== undefined) keep(lines.push(bytes));
      if (pretty === undefined || bytes === undefined) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      const out = pretty.rewrite(bytes);
      if (out === bytes) return (original as (...args: unknown[]) => boolean).call(this, chunk, ...rest);
      // Rewritten output is bytes: an encoding given for the chunk does not apply to it; the callback does.
      const callback = rest.find((arg): arg is (error?: Error | null) => void => typeof arg === "function");
      if (out.length === 0) {
        if (callback) process.nextTick(callback);
        return true;
      }
      return (original as (...args: unknown[]) => boolean).call(this, out, ...(callback ? [callback] : []));
    };
    stream.write = tee as Write;
    return () => {
      stream.write = original;
      pretty?.flush(true);
      keep(lines.end());
    };
  });
  let undone = false;
  const undo = (): void => {
    if (undone) return;
    undone = true;
    process.off("exit", undo);
    restores.forEach((restore) => restore());
  };
  process.on("exit", undo);
  return undo;
}

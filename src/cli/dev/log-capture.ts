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
 * character. Both tees cut lines from the bytes with one splitter (src/cli/dev/line-splitter.ts, each
 * with its own policy for a line's start that has no end yet) and decode only complete lines, so
 * neither garbles a character nor splits a record; a line held for its end is written when the
 * capture is undone or the process exits. A line longer than MAX_LINE (1 MB) is neither held nor kept:
 * it goes out as written.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { formatLogRecord, parseLogRecord } from "../log-format.js";
import { styleFor, type Style } from "../style.js";
import { LineSplitter, PARTIAL_LINES, type WholeLine } from "./line-splitter.js";

type Write = typeof process.stdout.write;

/** What `durable dev` prints of the durable logger's lines: `pretty` for people, `json` as the logger writes them. */
export type LogFormat = "pretty" | "json";
export const LOG_FORMATS: readonly LogFormat[] = ["pretty", "json"];

const NEWLINE_BYTES = Buffer.from("\n");
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
 * The pretty rewriting of one stream, a line at a time (cut by {@link LineSplitter}, so a complete line
 * is decoded whole however the writes split it, and nothing else is decoded at all). Complete record
 * lines become formatted lines, every other line goes through as written. A partial line starting
 * with `{` may be a record written in pieces, so it is held until its end (or `holdMs`, or the undo,
 * or the process's exit); any other partial line goes out at once, as written, and the rest of it
 * after it.
 */
class PrettyLines {
  private readonly lines = new LineSplitter(PARTIAL_LINES.holdRecordStart);
  private timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly style: Style,
    private readonly holdMs: number,
    private readonly flushHeld: (bytes: Buffer) => void,
  ) {}

  /** What to write for `bytes`: `bytes` itself when it goes out unchanged, else the bytes to write instead (possibly none). */
  rewrite(bytes: Buffer): Buffer {
    if (bytes.length === 0) return bytes;
    // A held start that these bytes continue is written with them, or held again: either way not `bytes` as they are.
    let changed = this.lines.holding;
    const out: Buffer[] = [];
    for (const piece of this.lines.push(bytes)) {
      if (piece.kind === "passed") {
        out.push(piece.bytes);
        continue;
      }
      const formatted = this.format(piece);
      if (formatted === undefined) {
        out.push(piece.bytes, NEWLINE_BYTES);
      } else {
        out.push(Buffer.from(`${formatted}\n`, "utf8"));
        changed = true;
      }
    }
    if (this.lines.holding) {
      this.armTimer();
      changed = true;
    } else {
      this.clearTimer();
    }
    return changed ? Buffer.concat(out) : bytes;
  }

  /** A complete line: a record's readable form, or undefined for any other line (or a record the formatter fails on). */
  private format(line: WholeLine): string | undefined {
    if (line.bytes[0] !== OPEN_BRACE) return undefined;
    const record = parseLogRecord(line.text);
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
    if (!final) {
      if (this.lines.holding) this.flushHeld(this.lines.giveUp());
      return;
    }
    const last = this.lines.end();
    if (last === undefined) return;
    const formatted = this.format(last);
    this.flushHeld(formatted === undefined ? last.bytes : Buffer.from(formatted, "utf8"));
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
 * The records among a stream's lines, for the file: every start of a line is kept for its end (cut by
 * {@link LineSplitter}), so a record split anywhere, even inside a character, is kept whole.
 */
class RecordLines {
  private readonly lines = new LineSplitter(PARTIAL_LINES.keep);

  /** The records among the lines `bytes` completes, as written (without their newline). */
  push(bytes: Buffer): string[] {
    const records: string[] = [];
    for (const piece of this.lines.push(bytes)) {
      if (piece.kind === "line" && piece.bytes[0] === OPEN_BRACE && parseLogRecord(piece.text) !== undefined) records.push(piece.text);
    }
    return records;
  }

  /** The last line when it is a whole record that no newline ended (at the undo or exit), else nothing. */
  end(): string[] {
    const last = this.lines.end();
    return last !== undefined && parseLogRecord(last.text) !== undefined ? [last.text] : [];
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

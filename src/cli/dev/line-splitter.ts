/**
 * The one place `durable dev`'s log capture (src/cli/dev/log-capture.ts) cuts a byte stream into
 * lines. Writes arrive cut anywhere, inside a line and inside a multi-byte UTF-8 character; a newline
 * byte (0x0a) never occurs inside a multi-byte character, so lines are cut from the bytes and a line is
 * decoded only once it is whole. `\r\n` is cut at its `\n`: the `\r` stays the line's last byte.
 *
 * What becomes of a line's start that a write ends before its newline is the caller's policy
 * ({@link KeepPartial}): kept until the rest of the line arrives, or given up and passed on as written.
 */

/** Neither policy keeps a start of a line longer than this (in bytes): it and the rest of its line are passed on as written. */
export const MAX_LINE = 1_000_000;
const NEWLINE = 0x0a;
const OPEN_BRACE = 0x7b;
const EMPTY = Buffer.alloc(0);

/**
 * Whether to keep `start`, the start of a line (one byte or more) that a write ended before its newline,
 * until the rest of the line arrives. A start not kept is given up: it and the rest of its line, up
 * to and including its newline, come out as `passed` pieces, as written.
 */
export type KeepPartial = (start: Buffer) => boolean;

/** The two policies of the log capture. */
export const PARTIAL_LINES = {
  /** For the log file: every start (up to MAX_LINE) is kept, so a record written slowly or in pieces is still kept whole. */
  keep: (start) => start.length <= MAX_LINE,
  /**
   * For the terminal: only a start that may be a record (`{`) is held for its end; any other start goes
   * out at once, so a progress line or a prompt shows without waiting for its newline.
   */
  holdRecordStart: (start) => start[0] === OPEN_BRACE && start.length <= MAX_LINE,
} as const satisfies Record<string, KeepPartial>;

/** A whole line: its bytes without the newline, and their UTF-8 text (decoded on first use, once). */
export class WholeLine {
  readonly kind = "line";
  private decoded: string | undefined;

  constructor(readonly bytes: Buffer) {}

  get text(): string {
    return (this.decoded ??= this.bytes.toString("utf8"));
  }
}

/** Bytes of a line that was given up, as written: its start, or its rest (up to and including its newline). */
export interface PassedBytes {
  readonly kind: "passed";
  readonly bytes: Buffer;
}

export type Piece = WholeLine | PassedBytes;

/** Cuts the bytes of one stream into lines; see the module comment. */
export class LineSplitter {
  /** The start of the current line, kept for its rest (empty when none is kept). */
  private kept: Buffer = EMPTY;
  /** The current line was given up: its rest is passed on until its newline. */
  private givenUp = false;

  constructor(private readonly keepPartial: KeepPartial) {}

  /** Whether a start of a line is kept, waiting for its rest. */
  get holding(): boolean {
    return this.kept.length > 0;
  }

  /** What `bytes` completes or passes on, in order. The pieces may share memory with `bytes`; what is kept is copied. */
  push(bytes: Buffer): Piece[] {
    const pieces: Piece[] = [];
    let pos = 0;
    while (pos < bytes.length) {
      const newline = bytes.indexOf(NEWLINE, pos);
      const end = newline < 0 ? bytes.length : newline + 1;
      if (this.givenUp) {
        pieces.push({ kind: "passed", bytes: bytes.subarray(pos, end) });
        if (newline >= 0) this.givenUp = false;
      } else if (newline >= 0) {
        pieces.push(new WholeLine(this.take(bytes.subarray(pos, newline))));
      } else {
        const tail = bytes.subarray(pos);
        const start = this.take(tail);
        if (this.keepPartial(start)) {
          // Copied when it is still the writer's memory: a writer may reuse its buffer once the write returns.
          this.kept = start === tail ? Buffer.from(tail) : start;
        } else {
          pieces.push({ kind: "passed", bytes: start });
          this.givenUp = true;
        }
      }
      pos = end;
    }
    return pieces;
  }

  /** Gives up the kept start (returned, as written; empty when none is kept): the rest of its line will be passed on. */
  giveUp(): Buffer {
    if (!this.holding) return EMPTY;
    this.givenUp = true;
    return this.take(EMPTY);
  }

  /** The end of the stream: the kept start is the last line, whole (undefined when none is kept). Nothing is kept after. */
  end(): WholeLine | undefined {
    this.givenUp = false;
    return this.holding ? new WholeLine(this.take(EMPTY)) : undefined;
  }

  /** The kept start followed by `bytes`; nothing is kept after. */
  private take(bytes: Buffer): Buffer {
    if (this.kept.length === 0) return bytes;
    const whole = bytes.length === 0 ? this.kept : Buffer.concat([this.kept, bytes]);
    this.kept = EMPTY;
    return whole;
  }
}

/**
 * The byte line splitter of `durable dev`'s log capture (src/cli/dev/line-splitter.ts), on its own:
 * lines cut at newline bytes however the writes split them (inside a character, over three writes,
 * many in one write, an empty write), `\r\n` cut at its `\n`, decoded only whole, and the two policies
 * for a line's start that a write ends before its newline: kept for the file, held only when it may be
 * a record for the terminal (any other start passed on as written, with the rest of its line).
 * The capture's own behaviour is tested in log-format.test.ts.
 */
import { describe, expect, it } from "vitest";
import { LineSplitter, MAX_LINE, PARTIAL_LINES, type KeepPartial, type Piece } from "../../src/cli/dev/line-splitter.js";

/** Pieces as data: a whole line as `{ line: text }`, passed bytes as `{ passed: text }` (their bytes decoded only here, to compare). */
function view(pieces: Piece[]): Array<{ line: string } | { passed: string }> {
  return pieces.map((piece) => (piece.kind === "line" ? { line: piece.text } : { passed: piece.bytes.toString("utf8") }));
}

/** Every piece of pushing `chunks`, in order. */
function pushAll(splitter: LineSplitter, chunks: Buffer[]): Piece[] {
  return chunks.flatMap((chunk) => splitter.push(chunk));
}

/** `text`'s UTF-8 bytes cut at the byte offsets given. */
function cut(text: string, ...offsets: number[]): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  return [0, ...offsets].map((from, i) => bytes.subarray(from, offsets[i] ?? bytes.length));
}

const POLICIES: Array<[string, KeepPartial]> = [
  ["keep (the file)", PARTIAL_LINES.keep],
  ["holdRecordStart (the terminal)", PARTIAL_LINES.holdRecordStart],
];

describe("LineSplitter", () => {
  it.each(POLICIES)("a multi-byte character split across writes is decoded whole, at every cut inside it (%s)", (_name, policy) => {
    const text = '{"m":"9,50 € ✓ 🚀 café"}\n';
    const bytes = Buffer.from(text, "utf8");
    for (const char of ["€", "✓", "🚀", "é"]) {
      const at = bytes.indexOf(Buffer.from(char, "utf8"));
      for (let inside = at + 1; inside < at + Buffer.byteLength(char); inside++) {
        const splitter = new LineSplitter(policy);
        expect(splitter.push(bytes.subarray(0, inside)), `cut after byte ${inside} (inside ${char})`).toEqual([]);
        expect(splitter.holding).toBe(true);
        expect(view(splitter.push(bytes.subarray(inside)))).toEqual([{ line: text.slice(0, -1) }]);
        expect(splitter.holding).toBe(false);
      }
    }
  });

  it("a start that is passed on is passed as its bytes, a character cut in it included: nothing is decoded before the line is whole", () => {
    const splitter = new LineSplitter(PARTIAL_LINES.holdRecordStart);
    const text = "progress 🚀 done\n";
    const chunks = cut(text, Buffer.from(text).indexOf(Buffer.from("🚀")) + 2);
    const pieces = pushAll(splitter, chunks);
    expect(pieces.map((piece) => piece.kind)).toEqual(["passed", "passed"]);
    expect(Buffer.concat(pieces.map((piece) => piece.bytes))).toEqual(Buffer.from(text));
  });

  it.each(POLICIES)("a record's line over three writes is one line (%s)", (_name, policy) => {
    const splitter = new LineSplitter(policy);
    const record = '{"executionArn":"arn:x","message":"hello"}';
    const [first, second, third] = cut(`${record}\n`, 10, 25);
    expect(splitter.push(first!)).toEqual([]);
    expect(splitter.push(second!)).toEqual([]);
    expect(view(splitter.push(third!))).toEqual([{ line: record }]);
    expect(splitter.holding).toBe(false);
  });

  it("a line over three writes, in three pieces when its start is not held: kept for the file, passed at once for the terminal", () => {
    const chunks = cut("progress: 50% done\nafter\n", 10, 13);
    expect(view(pushAll(new LineSplitter(PARTIAL_LINES.keep), chunks))).toEqual([{ line: "progress: 50% done" }, { line: "after" }]);
    expect(view(pushAll(new LineSplitter(PARTIAL_LINES.holdRecordStart), chunks))).toEqual([
      { passed: "progress: " },
      { passed: "50%" },
      { passed: " done\n" },
      { line: "after" },
    ]);
  });

  it("\\r\\n is cut at its \\n: the \\r stays the line's last byte; a \\r alone cuts nothing", () => {
    const splitter = new LineSplitter(PARTIAL_LINES.keep);
    expect(view(splitter.push(Buffer.from("one\r\ntwo\rstill two\r")))).toEqual([{ line: "one\r" }]);
    expect(view(splitter.push(Buffer.from("\nthree\r\n")))).toEqual([{ line: "two\rstill two\r" }, { line: "three\r" }]);
    expect(splitter.holding).toBe(false);
  });

  it.each(POLICIES)("an empty write changes nothing: before any line, inside a kept start, after a line (%s)", (_name, policy) => {
    const splitter = new LineSplitter(policy);
    expect(splitter.push(Buffer.alloc(0))).toEqual([]);
    expect(splitter.holding).toBe(false);
    expect(view(splitter.push(Buffer.from("a\n{")))).toEqual([{ line: "a" }]);
    expect(splitter.push(Buffer.alloc(0))).toEqual([]);
    expect(splitter.holding).toBe(true);
    expect(view(splitter.push(Buffer.from('"k":1}\n')))).toEqual([{ line: '{"k":1}' }]);
    expect(splitter.push(Buffer.alloc(0))).toEqual([]);
    expect(view(splitter.push(Buffer.from("b\n")))).toEqual([{ line: "b" }]);
  });

  it("an empty write inside a line passed on keeps passing it: its rest is not a line of its own", () => {
    const splitter = new LineSplitter(PARTIAL_LINES.holdRecordStart);
    expect(view(pushAll(splitter, [Buffer.from("plain "), Buffer.alloc(0), Buffer.from("{rest}\nnext\n")]))).toEqual([
      { passed: "plain " },
      { passed: "{rest}\n" },
      { line: "next" },
    ]);
  });

  it("a last line without a newline: kept by the file's policy, held by the terminal's when it may be a record, passed at once otherwise; end() returns what is kept", () => {
    const keep = new LineSplitter(PARTIAL_LINES.keep);
    expect(keep.push(Buffer.from("a\nplain tail"))).toHaveLength(1);
    expect(keep.end()?.text).toBe("plain tail");
    expect(keep.end()).toBeUndefined();

    const record = new LineSplitter(PARTIAL_LINES.holdRecordStart);
    expect(view(record.push(Buffer.from('a\n{"m":"tail 🚀"}')))).toEqual([{ line: "a" }]);
    expect(record.holding).toBe(true);
    expect(record.end()?.text).toBe('{"m":"tail 🚀"}');
    expect(record.holding).toBe(false);

    const plain = new LineSplitter(PARTIAL_LINES.holdRecordStart);
    expect(view(plain.push(Buffer.from("a\nplain tail")))).toEqual([{ line: "a" }, { passed: "plain tail" }]);
    expect(plain.holding).toBe(false);
    expect(plain.end()).toBeUndefined();
  });

  it("giveUp: the kept start comes back as written and the rest of its line is passed on; the next line is whole again", () => {
    const splitter = new LineSplitter(PARTIAL_LINES.holdRecordStart);
    splitter.push(Buffer.from('{"step":'));
    expect(splitter.giveUp().toString()).toBe('{"step":');
    expect(splitter.holding).toBe(false);
    expect(splitter.giveUp()).toHaveLength(0);
    expect(view(splitter.push(Buffer.from(' "1"}\n{"x":1}\n')))).toEqual([{ passed: ' "1"}\n' }, { line: '{"x":1}' }]);
  });

  it("many lines in one write, then the partial tail kept", () => {
    const lines = Array.from({ length: 2_000 }, (_, i) => `{"n":${i},"s":"${"é".repeat(i % 7)}"}`);
    const splitter = new LineSplitter(PARTIAL_LINES.keep);
    const pieces = splitter.push(Buffer.from(`${lines.join("\n")}\n{"n":"tail"`));
    expect(pieces.every((piece) => piece.kind === "line")).toBe(true);
    expect(pieces.map((piece) => (piece.kind === "line" ? piece.text : ""))).toEqual(lines);
    expect(splitter.holding).toBe(true);
    expect(view(splitter.push(Buffer.from("}\n")))).toEqual([{ line: '{"n":"tail"}' }]);
  });

  it("a kept start is a copy: the writer may reuse its buffer once the write returns", () => {
    const splitter = new LineSplitter(PARTIAL_LINES.keep);
    const buffer = Buffer.from('{"m":"ab');
    splitter.push(buffer);
    buffer.fill(0x78);
    expect(view(splitter.push(Buffer.from('c"}\n')))).toEqual([{ line: '{"m":"abc"}' }]);
  });

  it.each(POLICIES)("a start longer than MAX_LINE is not kept: it and the rest of its line are passed on, the next line is whole (%s)", (_name, policy) => {
    const splitter = new LineSplitter(policy);
    const long = Buffer.alloc(MAX_LINE + 1, 0x7b);
    const pieces = pushAll(splitter, [long.subarray(0, MAX_LINE), long.subarray(MAX_LINE), Buffer.from('{"rest":1}\nnext\n')]);
    expect(pieces.map((piece) => piece.kind)).toEqual(["passed", "passed", "line"]);
    // Compared with equals(): a deep comparison of a megabyte takes seconds.
    expect(Buffer.concat(pieces.slice(0, 2).map((piece) => piece.bytes)).equals(Buffer.concat([long, Buffer.from('{"rest":1}\n')]))).toBe(true);
    expect(view(pieces.slice(2))).toEqual([{ line: "next" }]);
    expect(splitter.holding).toBe(false);
  });
});

/**
 * The durable logger's records for people (src/cli/log-format.ts, shared by `durable logs` and
 * `durable dev`), and durable dev's tee of stdout/stderr (src/cli/dev/log-capture.ts): pretty lines
 * on the terminal, every other line through as written and in order, the records as written in the
 * log file, --log-format json as before, colours only on a terminal without NO_COLOR.
 *
 * fixtures/logs/dev-records.jsonl holds lines the default durable logger wrote: six captured from
 * `durable dev` running a handler (info, debug with an object, a step's record, a two-line warning,
 * an Error alone, a message with an Error), two from createDefaultLogger with a tenant and an enricher.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Writable } from "node:stream";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { captureDurableLogs } from "../../src/cli/dev/log-capture.js";
import { executionLabel, formatLogRecord, parseLogRecord, type LogRecord } from "../../src/cli/log-format.js";
import { createStyle } from "../../src/cli/style.js";
import { executionLogger } from "../../src/cli/commands/dev.js";
import { EventType } from "../../src/generated/index.js";
import type { HistoryEvent } from "../../src/local/index.js";

const LINES = readFileSync(join(import.meta.dirname, "fixtures/logs/dev-records.jsonl"), "utf8").trimEnd().split("\n");
const RECORDS = LINES.map((line) => parseLogRecord(line)!);
const plain = createStyle(false);
const dev = (record: LogRecord) => formatLogRecord(record, plain, { time: "clock", label: true });

describe("formatLogRecord: the records the durable logger writes", () => {
  it("every fixture line is a record of the logger", () => {
    expect(LINES).toHaveLength(8);
    expect(RECORDS.every((record) => record !== undefined)).toBe(true);
  });

  it("time of day, level, short execution label, message; no ARN, no requestId", () => {
    expect(dev(RECORDS[0]!)).toBe("11:56:25.364 INFO  logdemo/87d291b8 charging card");
    for (const record of RECORDS) {
      expect(dev(record)).not.toContain("arn:aws");
      expect(dev(record)).not.toContain(record.requestId);
    }
  });

  it("an object message is compact JSON; DEBUG and WARN keep the level column's width", () => {
    expect(dev(RECORDS[1]!)).toBe('11:56:25.365 DEBUG logdemo/87d291b8 {"orderId":42,"amount":9.5}');
  });

  it("a record logged inside an operation names it, with the attempt", () => {
    expect(dev(RECORDS[2]!)).toBe("11:56:25.374 INFO  logdemo/87d291b8 [charge #1] inside step { card: 'visa' }");
    const { operationName: _name, ...unnamed } = RECORDS[2]!;
    expect(dev(unnamed as LogRecord)).toBe("11:56:25.374 INFO  logdemo/87d291b8 [c4ca4238a0b92382 #1] inside step { card: 'visa' }");
  });

  it("a message of several lines continues on indented lines", () => {
    expect(dev(RECORDS[3]!)).toBe("11:56:25.462 WARN  logdemo/87d291b8 line one\n    line two");
  });

  it("an Error logged alone: Type: message, then its stack indented (not the JSON view)", () => {
    const lines = dev(RECORDS[4]!).split("\n");
    expect(lines[0]).toBe("11:56:25.462 ERROR logdemo/87d291b8 TypeError: card declined");
    expect(lines.slice(1)).toEqual((RECORDS[4]!.message as { stackTrace: string[] }).stackTrace.slice(1).map((line) => `    ${line}`));
    expect(lines[1]).toBe("        at file:///tmp/hE/logdemo.mjs:7:24");
  });

  it("a message with an Error: the message (which holds the stack) once, without the errorType/errorMessage/stackTrace fields", () => {
    const text = dev(RECORDS[5]!);
    expect(text.split("\n")[0]).toBe("11:56:25.605 ERROR logdemo/87d291b8 failed to ship Error: boom");
    expect(text.match(/logdemo\.mjs:8:42/g)).toHaveLength(1);
    expect(text).not.toMatch(/errorType|errorMessage|stackTrace/);
  });

  it("extra fields (tenant, enricher's, an Error's own) print as key=value after the message; a named execution keeps its name", () => {
    expect(dev(RECORDS[6]!)).toBe('11:56:37.197 INFO  order/order-o-1 charging card 42 tenantId=acme traceId=1-67891233-abcdef012345678912345678 region="eu west"');
    const error = dev(RECORDS[7]!).split("\n");
    expect(error[0]).toBe('11:56:37.201 ERROR order/order-o-1 Error: card declined tenantId=acme traceId=1-67891233-abcdef012345678912345678 region="eu west" code=E_DECLINED');
    expect(error[1]).toMatch(/^ {8}at /);
  });

  it("durable logs' form: the whole timestamp and no execution label", () => {
    expect(formatLogRecord(RECORDS[0]!, plain, { time: "iso", label: false })).toBe("2026-12-06T11:56:25.364Z INFO  charging card");
    expect(formatLogRecord(RECORDS[2]!, plain, { time: "iso", label: false })).toBe("2026-12-06T11:56:25.374Z INFO  [charge #1] inside step { card: 'visa' }");
  });

  it("colours: level by severity, dim time and operation, cyan label; none when the style is off", () => {
    const colour = createStyle(true);
    const error = formatLogRecord(RECORDS[4]!, colour, { time: "clock", label: true });
    expect(error.split("\n")[0]).toBe("\u001b[2m11:56:25.462\u001b[22m \u001b[31mERROR\u001b[39m \u001b[36mlogdemo/87d291b8\u001b[39m TypeError: card declined");
    expect(formatLogRecord(RECORDS[3]!, colour, { time: "clock", label: true })).toContain("\u001b[33mWARN \u001b[39m");
    expect(formatLogRecord(RECORDS[2]!, colour, { time: "clock", label: true })).toContain("\u001b[2m[charge #1]\u001b[22m");
    for (const record of RECORDS) expect(dev(record)).not.toContain("\u001b[");
  });

  it("parseLogRecord: only JSON objects with a string executionArn", () => {
    expect(parseLogRecord('{"message":"no arn"}')).toBeUndefined();
    expect(parseLogRecord('{"executionArn":7}')).toBeUndefined();
    expect(parseLogRecord(LINES[0]!.slice(0, 80))).toBeUndefined();
    expect(parseLogRecord("plain text")).toBeUndefined();
    expect(parseLogRecord('["executionArn"]')).toBeUndefined();
  });

  it("executionLabel: function and the first 8 characters of a generated name; the ARN itself when it is not an execution's", () => {
    expect(executionLabel(RECORDS[0]!.executionArn)).toBe("logdemo/87d291b8");
    expect(executionLabel(RECORDS[6]!.executionArn)).toBe("order/order-o-1");
    expect(executionLabel("not-an-arn")).toBe("not-an-arn");
  });
});

describe("durable dev's ▶/✓/✗/■ lines: the executions named as their log lines name them, the whole ARN once", () => {
  const at = (time: string) => new Date(`2026-12-06T${time}Z`);
  const uuidArn = RECORDS[0]!.executionArn; // a generated (UUID) execution name
  const namedArn = RECORDS[6]!.executionArn; // a name given at the start (order-o-1)
  const events: [string, HistoryEvent][] = [
    [uuidArn, { EventType: EventType.ExecutionStarted, EventId: 1, EventTimestamp: at("11:56:25.300") }],
    [namedArn, { EventType: EventType.ExecutionStarted, EventId: 1, EventTimestamp: at("11:56:37.170") }],
    [uuidArn, { EventType: EventType.StepStarted, EventId: 2, Id: "c4ca4238a0b92382", EventTimestamp: at("11:56:25.370") }],
    [namedArn, { EventType: EventType.ExecutionFailed, EventId: 5, EventTimestamp: at("11:56:37.201"), ExecutionFailedDetails: { Error: { Payload: { ErrorType: "TypeError", ErrorMessage: "card declined\nsecond line" } } } }],
    [uuidArn, { EventType: EventType.ExecutionSucceeded, EventId: 9, EventTimestamp: at("11:56:26.534") }],
  ];
  const lines = (style = plain) => {
    const written: string[] = [];
    const log = executionLogger((line) => written.push(line), style);
    for (const [arn, event] of events) log(arn, event);
    return written;
  };

  it("the short label of the log lines; the event's time of day; the ARN on the ▶ line only", () => {
    expect(lines()).toEqual([
      `11:56:25.300 ▶ logdemo/87d291b8 started  ${uuidArn}\n`,
      `11:56:37.170 ▶ order/order-o-1 started  ${namedArn}\n`,
      "11:56:37.201 ✗ order/order-o-1 failed in 31 ms: TypeError: card declined\n",
      "11:56:26.534 ✓ logdemo/87d291b8 completed in 1.2 s\n",
    ]);
    // The same label as the execution's log lines.
    expect(dev(RECORDS[0]!)).toContain(" logdemo/87d291b8 ");
    expect(dev(RECORDS[6]!)).toContain(" order/order-o-1 ");
  });

  it("colours: dim time and ARN, cyan label as on the log lines", () => {
    expect(lines(createStyle(true)).slice(0, 1)).toEqual([
      `\u001b[2m11:56:25.300\u001b[22m \u001b[36m▶\u001b[39m \u001b[36mlogdemo/87d291b8\u001b[39m started  \u001b[2m${uuidArn}\u001b[22m\n`,
    ]);
    expect(lines(createStyle(true))[3]).toBe("\u001b[2m11:56:26.534\u001b[22m \u001b[32m✓\u001b[39m \u001b[36mlogdemo/87d291b8\u001b[39m completed in 1.2 s\n");
  });
});

/** A stream that keeps the bytes that reach it; `text()` decodes them all at once, as a terminal shows them. */
function byteTerminal(): NodeJS.WriteStream & { text: () => string } {
  const chunks: Buffer[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      chunks.push(Buffer.from(chunk));
      done();
    },
  }) as unknown as NodeJS.WriteStream & { text: () => string };
  Object.assign(stream, { isTTY: false, text: () => Buffer.concat(chunks).toString("utf8") });
  return stream;
}

/** The UTF-8 bytes of `text` cut at byte offsets inside it. */
function cut(text: string, ...offsets: number[]): Buffer[] {
  const bytes = Buffer.from(text, "utf8");
  return [0, ...offsets].map((from, i) => bytes.subarray(from, offsets[i] ?? bytes.length));
}

/** The byte offset just after the first byte of the first `char` after byte `from` of `text` (a cut inside that character). */
function inside(text: string, char: string, from = 0): number {
  const at = Buffer.from(text, "utf8").indexOf(Buffer.from(char, "utf8"), from);
  if (at < 0 || Buffer.byteLength(char) < 2) throw new Error(`no multi-byte ${char} in the text`);
  return at + 1;
}

/** A record of the logger whose message holds characters of two, three and four bytes. */
const UNICODE_RECORD = JSON.stringify({ ...(JSON.parse(LINES[0]!) as object), message: "paid 9,50 € ✓ 🚀 café" });
const UNICODE_PRETTY = "11:56:25.364 INFO  logdemo/87d291b8 paid 9,50 € ✓ 🚀 café";

/** A stream that records what reaches it, write by write. */
function terminal(isTTY = false): NodeJS.WriteStream & { writes: string[]; text: () => string } {
  const writes: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push(chunk.toString());
      done();
    },
  }) as unknown as NodeJS.WriteStream & { writes: string[]; text: () => string };
  Object.assign(stream, { isTTY, writes, text: () => writes.join("") });
  return stream;
}

describe("captureDurableLogs: what durable dev's terminal and log file get", () => {
  let dir: string;
  let file: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), "durable-log-capture-"));
    file = join(dir, ".durable/logs.jsonl");
  });
  afterEach(() => {
    vi.unstubAllEnvs();
    rmSync(dir, { recursive: true, force: true });
  });

  it("pretty (the default): records become readable lines, other lines go through as written and in order; the file keeps the records as written", () => {
    const out = terminal();
    const undo = captureDurableLogs(file, { streams: [out] });
    out.write("plain console.log output\n");
    out.write(`${LINES[0]}\n`);
    out.write('{"not":"a record"}\n');
    out.write(`${LINES[3]}\n${LINES[2]}\nafter\n`);
    out.write(Buffer.from(`${LINES[1]}\n`));
    undo();
    expect(out.text()).toBe(
      [
        "plain console.log output",
        "11:56:25.364 INFO  logdemo/87d291b8 charging card",
        '{"not":"a record"}',
        "11:56:25.462 WARN  logdemo/87d291b8 line one",
        "    line two",
        "11:56:25.374 INFO  logdemo/87d291b8 [charge #1] inside step { card: 'visa' }",
        "after",
        '11:56:25.365 DEBUG logdemo/87d291b8 {"orderId":42,"amount":9.5}',
        "",
      ].join("\n"),
    );
    expect(readFileSync(file, "utf8")).toBe(`${[LINES[0], LINES[3], LINES[2], LINES[1]].join("\n")}\n`);
  });

  it("a record written in pieces prints once, whole; a partial plain line goes out at once and its rest after it", () => {
    const out = terminal();
    const undo = captureDurableLogs(file, { streams: [out] });
    const line = LINES[6]!;
    out.write("progress: ");
    out.write("50%");
    out.write(" done\n");
    out.write(line.slice(0, 40));
    out.write(line.slice(40, 200));
    expect(out.text()).toBe("progress: 50% done\n");
    out.write(`${line.slice(200)}\nnext`);
    out.write(" line\n");
    undo();
    expect(out.text()).toBe(
      'progress: 50% done\n11:56:37.197 INFO  order/order-o-1 charging card 42 tenantId=acme traceId=1-67891233-abcdef012345678912345678 region="eu west"\nnext line\n',
    );
    expect(readFileSync(file, "utf8")).toBe(`${line}\n`);
  });

  it("a held start of a line that stays unfinished goes out as written: after holdMs, or at the undo; nothing is lost", async () => {
    const out = terminal();
    const undo = captureDurableLogs(file, { streams: [out], holdMs: 20 });
    out.write('{"step":');
    expect(out.text()).toBe("");
    await vi.waitFor(() => expect(out.text()).toBe('{"step":'), { timeout: 2000, interval: 10 });
    out.write(' "1"}\n');
    out.write("{unfinished");
    undo();
    expect(out.text()).toBe('{"step": "1"}\n{unfinished');
  });

  it("writes cut inside UTF-8 characters and inside a record: every character whole on the terminal and in the file", () => {
    const out = byteTerminal();
    const undo = captureDurableLogs(file, { streams: [out] });
    const text = `plain é ✓ line\n${UNICODE_RECORD}\nthen 🚀 partial`;
    const recordAt = Buffer.from(text).indexOf("{");
    // Cuts: inside é of the plain line; inside the record's JSON (before its message); inside €; inside
    // 🚀 of the record (after its second byte); inside 🚀 of the last line, whose start goes out with
    // the record's formatted line.
    const chunks = cut(text, inside(text, "é"), recordAt + 30, inside(text, "€"), inside(text, "🚀") + 1, inside(text, "🚀", Buffer.from(text).indexOf("then")));
    for (const chunk of chunks) out.write(chunk);
    out.write(Buffer.from(" end\n"));
    undo();
    expect(out.text()).toBe(`plain é ✓ line\n${UNICODE_PRETTY}\nthen 🚀 partial end\n`);
    expect(readFileSync(file, "utf8")).toBe(`${UNICODE_RECORD}\n`);
  });

  it("a write per byte: the same lines, whole", () => {
    const out = byteTerminal();
    const undo = captureDurableLogs(file, { streams: [out] });
    const text = `ünïcødé ✓\n${UNICODE_RECORD}\n${LINES[2]}\n🚀\n`;
    for (const byte of Buffer.from(text)) out.write(Buffer.from([byte]));
    undo();
    expect(out.text()).toBe(`ünïcødé ✓\n${UNICODE_PRETTY}\n11:56:25.374 INFO  logdemo/87d291b8 [charge #1] inside step { card: 'visa' }\n🚀\n`);
    expect(readFileSync(file, "utf8")).toBe(`${UNICODE_RECORD}\n${LINES[2]}\n`);
  });

  it("the last line, held and cut inside a character, is printed whole at the undo: a whole record readable, anything else as written", () => {
    const out = byteTerminal();
    const undo = captureDurableLogs(file, { streams: [out] });
    for (const chunk of cut(UNICODE_RECORD, inside(UNICODE_RECORD, "✓"))) out.write(chunk);
    expect(out.text()).toBe("");
    undo();
    expect(out.text()).toBe(UNICODE_PRETTY);
    expect(readFileSync(file, "utf8")).toBe(`${UNICODE_RECORD}\n`);

    const other = byteTerminal();
    const undoOther = captureDurableLogs(file, { streams: [other] });
    const partial = '{"progress": "café 🚀';
    for (const chunk of cut(partial, inside(partial, "é"), inside(partial, "🚀") + 2)) other.write(chunk);
    undoOther();
    expect(other.text()).toBe(partial);
  });

  it("a string written with an encoding is read in that encoding", () => {
    const out = byteTerminal();
    const undo = captureDurableLogs(file, { streams: [out] });
    out.write(Buffer.from(`${UNICODE_RECORD}\n`).toString("base64"), "base64");
    out.write(Buffer.from("héllo\n").toString("hex"), "hex");
    undo();
    expect(out.text()).toBe(`${UNICODE_PRETTY}\nhéllo\n`);
    expect(readFileSync(file, "utf8")).toBe(`${UNICODE_RECORD}\n`);
  });

  it("a process that exits with a line held still prints it (and keeps its record)", () => {
    const script = join(dir, "exit.ts");
    const capture = join(import.meta.dirname, "../../src/cli/dev/log-capture.ts");
    writeFileSync(
      script,
      [
        `import { captureDurableLogs } from ${JSON.stringify(capture)};`,
        // A hold longer than the process lives: only the exit can print the held line.
        `captureDurableLogs(process.argv[2]!, { streams: [process.stdout], holdMs: 60_000 });`,
        `for (const chunk of JSON.parse(process.env.CHUNKS!) as string[]) process.stdout.write(Buffer.from(chunk, "base64"));`,
        // No undo: the process ends with the record held, waiting for its newline.
      ].join("\n"),
    );
    const text = `${LINES[2]}\n${UNICODE_RECORD}`;
    const chunks = cut(text, inside(text, "€"), inside(text, "🚀") + 2).map((chunk) => chunk.toString("base64"));
    const child = spawnSync(process.execPath, ["--import", "tsx", script, file], {
      cwd: join(import.meta.dirname, "../.."),
      env: { ...process.env, CHUNKS: JSON.stringify(chunks), NO_COLOR: "1" },
      encoding: "buffer",
      timeout: 30_000,
    });
    expect(child.stderr.toString()).toBe("");
    expect(child.stdout.toString("utf8")).toBe(`11:56:25.374 INFO  logdemo/87d291b8 [charge #1] inside step { card: 'visa' }\n${UNICODE_PRETTY}`);
    expect(readFileSync(file, "utf8")).toBe(`${LINES[2]}\n${UNICODE_RECORD}\n`);
  });

  it("a write that is only held still calls its callback", async () => {
    const out = terminal();
    const undo = captureDurableLogs(file, { streams: [out] });
    const called = await new Promise<boolean>((resolve) => out.write(LINES[0]!.slice(0, 30), () => resolve(true)));
    undo();
    expect(called).toBe(true);
  });

  it("json: every write goes through unchanged (the records as the logger writes them); the file is the same", () => {
    const out = terminal();
    const undo = captureDurableLogs(file, { streams: [out], format: "json" });
    const writes = ["plain\n", `${LINES[0]}\n`, LINES[4]!.slice(0, 50), `${LINES[4]!.slice(50)}\n`];
    for (const text of writes) out.write(text);
    undo();
    expect(out.writes).toEqual(writes);
    expect(readFileSync(file, "utf8")).toBe(`${LINES[0]}\n${LINES[4]}\n`);
  });

  it("colours by default on a terminal without NO_COLOR; none on a terminal with NO_COLOR, nor on a pipe", () => {
    vi.stubEnv("FORCE_COLOR", "");
    vi.stubEnv("NO_COLOR", "");
    const tty = terminal(true);
    const pipe = terminal(false);
    let undo = captureDurableLogs(file, { streams: [tty, pipe] });
    tty.write(`${LINES[5]}\n`);
    pipe.write(`${LINES[5]}\n`);
    undo();
    expect(tty.text()).toContain("\u001b[31mERROR\u001b[39m");
    expect(pipe.text()).toMatch(/^11:56:25\.605 ERROR logdemo\/87d291b8 failed to ship/);
    expect(pipe.text()).not.toContain("\u001b[");

    vi.stubEnv("NO_COLOR", "1");
    const noColour = terminal(true);
    undo = captureDurableLogs(file, { streams: [noColour] });
    noColour.write(`${LINES[5]}\n`);
    undo();
    expect(noColour.text()).toMatch(/^11:56:25\.605 ERROR logdemo\/87d291b8 failed to ship/);
    expect(noColour.text()).not.toContain("\u001b[");
  });
});

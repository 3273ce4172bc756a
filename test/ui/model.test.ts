/**
 * The web UI's pure parts, in Node: the execution model rebuilt from a real history (the local
 * service runs a handler with a retried step, a wait, a callback and a child context), formatting,
 * and the static file serving of the HTTP service (redirects, traversal, methods).
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { assetsFromDirectory, assetsFromMemory, serveStatic } from "../../src/local/http/static-assets.js";
import { checkJson, formatDuration, formatTimestamp, isLarge, prettyPayload, summarizeDetails } from "../../ui/src/format.js";
import { buildExecutionModel, flattenTree, labelOf, type WireEvent } from "../../ui/src/model.js";

const t = (seconds: number) => 1_800_000_000 + seconds;

/** A history in the wire shape (as GetDurableExecutionHistory returns it). */
const HISTORY: WireEvent[] = [
  { EventType: "ExecutionStarted", EventId: 1, EventTimestamp: t(0), Id: "exec", ExecutionStartedDetails: { Input: { Payload: '{"a":1}' } } },
  { EventType: "StepStarted", EventId: 2, EventTimestamp: t(0.1), Id: "s1", Name: "charge", SubType: "Step", StepStartedDetails: {} },
  { EventType: "StepFailed", EventId: 3, EventTimestamp: t(0.2), Id: "s1", Name: "charge", SubType: "Step", StepFailedDetails: { Error: { Payload: { ErrorType: "Boom", ErrorMessage: "first" } }, RetryDetails: { CurrentAttempt: 1, NextAttemptDelaySeconds: 2 } } },
  { EventType: "InvocationCompleted", EventId: 4, EventTimestamp: t(0.3), InvocationCompletedDetails: { StartTimestamp: t(0), EndTimestamp: t(0.3), RequestId: "r1" } },
  { EventType: "StepStarted", EventId: 5, EventTimestamp: t(2.3), Id: "s1", Name: "charge", SubType: "Step", StepStartedDetails: {} },
  { EventType: "StepSucceeded", EventId: 6, EventTimestamp: t(2.4), Id: "s1", Name: "charge", SubType: "Step", StepSucceededDetails: { Result: { Payload: '"ok"' }, RetryDetails: { CurrentAttempt: 2 } } },
  { EventType: "ContextStarted", EventId: 7, EventTimestamp: t(2.5), Id: "c1", Name: "approval", SubType: "WaitForCallback", ContextStartedDetails: {} },
  { EventType: "CallbackStarted", EventId: 8, EventTimestamp: t(2.5), Id: "cb1", ParentId: "c1", SubType: "Callback", CallbackStartedDetails: { CallbackId: "CB-ID", Timeout: 60 } },
  { EventType: "WaitStarted", EventId: 9, EventTimestamp: t(2.6), Id: "w1", Name: "pause", SubType: "Wait", WaitStartedDetails: { Duration: 5, ScheduledEndTimestamp: t(7.6) } },
  { EventType: "InvocationCompleted", EventId: 10, EventTimestamp: t(2.7), InvocationCompletedDetails: { StartTimestamp: t(2.3), EndTimestamp: t(2.7), RequestId: "r2" } },
];

describe("buildExecutionModel", () => {
  it("rebuilds operations with attempts, the tree, pending callbacks and suspended invocations", () => {
    const model = buildExecutionModel(HISTORY);
    const step = model.operations.find((op) => op.id === "s1")!;
    expect(step.status).toBe("SUCCEEDED");
    expect(step.attempts.map((a) => [a.number, a.outcome, a.nextAttemptDelaySeconds])).toEqual([
      [1, "failed", 2],
      [2, "succeeded", undefined],
    ]);
    expect(step.attempts[0]!.error).toEqual({ ErrorType: "Boom", ErrorMessage: "first" });
    expect(step.result).toEqual({ Payload: '"ok"' });
    expect(step.endMs! - step.startMs).toBeCloseTo(2300, 3);
    expect(model.roots.map((op) => op.id)).toEqual(["s1", "c1", "w1"]);
    const byId = new Map(model.operations.map((op) => [op.id, op]));
    expect(flattenTree(model.roots).map(({ op, depth }) => `${labelOf(op, byId)}@${depth}`)).toEqual(["charge@0", "approval@0", "approval (callback)@1", "pause@0"]);
    expect(model.pendingCallbacks.map((op) => op.callbackId)).toEqual(["CB-ID"]);
    expect(byId.get("w1")).toMatchObject({ status: "STARTED", waitSeconds: 5, scheduledEndMs: t(7.6) * 1000 });
    expect(model.invocations.map((i) => [i.number, i.requestId, i.outcome])).toEqual([
      [1, "r1", "pending"],
      [2, "r2", "pending"],
    ]);
    expect(model.input).toEqual({ Payload: '{"a":1}' });
    expect(model.endMs).toBeUndefined();
  });

  it("a step between attempts is PENDING; the execution's end marks the last invocation's outcome", () => {
    expect(buildExecutionModel(HISTORY.slice(0, 4)).operations[0]!.status).toBe("PENDING");
    const done = buildExecutionModel([
      ...HISTORY,
      { EventType: "CallbackSucceeded", EventId: 11, EventTimestamp: t(3), Id: "cb1", ParentId: "c1", SubType: "Callback", CallbackSucceededDetails: { Result: { Payload: "yes" } } },
      { EventType: "InvocationCompleted", EventId: 12, EventTimestamp: t(3.2), InvocationCompletedDetails: { StartTimestamp: t(3.1), EndTimestamp: t(3.2), RequestId: "r3", Error: { Payload: { ErrorType: "Oops", ErrorMessage: "x" } } } },
      { EventType: "InvocationCompleted", EventId: 13, EventTimestamp: t(4), InvocationCompletedDetails: { StartTimestamp: t(3.5), EndTimestamp: t(4), RequestId: "r4" } },
      { EventType: "ExecutionFailed", EventId: 14, EventTimestamp: t(4), Id: "exec", ExecutionFailedDetails: { Error: { Payload: { ErrorType: "Final", ErrorMessage: "bye" } } } },
    ]);
    expect(done.pendingCallbacks).toEqual([]);
    expect(done.invocations.map((i) => i.outcome)).toEqual(["pending", "pending", "error", "failed"]);
    expect(done.error).toEqual({ ErrorType: "Final", ErrorMessage: "bye" });
    expect(done.endMs).toBe(t(4) * 1000);
  });
});

describe("formatting", () => {
  it("durations, JSON checks with line and column, and large payloads", () => {
    expect([450, 1500, 75_000, 7_380_000, 200_000_000].map(formatDuration)).toEqual(["450 ms", "1.50 s", "1 min 15 s", "2 h 03 min", "2 d 7 h"]);
    expect(checkJson("{\n not")).toMatchObject({ ok: false, message: expect.stringMatching(/^Not valid JSON at line 2, column 2: /) });
    expect(checkJson('{\n  "a": }')).toMatchObject({ ok: false, message: expect.stringMatching(/^Not valid JSON.*Unexpected token/) });
    expect(checkJson(' {"a":1} ')).toEqual({ ok: true, value: { a: 1 } });
    expect(isLarge(prettyPayload(JSON.stringify({ a: 1 })))).toBe(false);
    expect(isLarge(prettyPayload(JSON.stringify(Array.from({ length: 40 }, (_, i) => i))))).toBe(true);
    expect(prettyPayload("plain text")).toMatchObject({ text: "plain text", isJson: false, bytes: 10 });
  });
});

describe("history event summaries", () => {
  it("show timestamps as times of day, seconds as durations and errors as 'ErrorType: ErrorMessage'", () => {
    const start = 1_796_555_102.807;
    const invocation = { StartTimestamp: start, EndTimestamp: start + 0.026, RequestId: "9b1c5c3e-bb5d-4c39-a2a5-7f3c2f0e3d11" };
    expect(summarizeDetails(invocation)).toBe(
      `StartTimestamp: ${formatTimestamp(start * 1000).slice(11)} · EndTimestamp: ${formatTimestamp((start + 0.026) * 1000).slice(11)} · RequestId: 9b1c5c3e-bb5d-4c39-a2a5-7f3c2f0e3d11`,
    );
    expect(summarizeDetails(invocation)).not.toContain("1796555102");
    expect(summarizeDetails({ Duration: 2, ScheduledEndTimestamp: start })).toBe(`Duration: 2.00 s · ScheduledEndTimestamp: ${formatTimestamp(start * 1000).slice(11)}`);
    expect(summarizeDetails({ Input: { Payload: '{"orderId":"o-3"}' }, ExecutionTimeout: 86_400 })).toBe('Input: {"orderId":"o-3"} · ExecutionTimeout: 1 d 0 h');
    expect(summarizeDetails({ Error: { Payload: { ErrorType: "Error", ErrorMessage: "card declined" } }, RetryDetails: { CurrentAttempt: 1 } })).toBe(
      "Error: Error: card declined · attempt 1",
    );
    expect(summarizeDetails({ Error: { Payload: { ErrorMessage: "no type" } } })).toBe("Error: no type");
    expect(summarizeDetails({})).toBe("details");
  });
});

describe("serveStatic", () => {
  const dir = mkdtempSync(join(tmpdir(), "durable-ui-assets-"));
  mkdirSync(join(dir, "ui"));
  writeFileSync(join(dir, "ui", "index.html"), "<!doctype html>");
  writeFileSync(join(dir, "ui", "app.js"), "void 0");
  writeFileSync(join(dir, "secret.txt"), "no");
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it.each([
    ["from a directory", assetsFromDirectory(join(dir, "ui"))],
    ["from memory", assetsFromMemory(new Map([["index.html", "<!doctype html>"], ["app.js", "void 0"]]))],
  ])("%s: redirects / to /ui/, serves files with their type and CSP, refuses traversal and writes", (_, assets) => {
    expect(serveStatic("GET", "/", assets)).toMatchObject({ status: 302, headers: { Location: "/ui/" } });
    expect(serveStatic("GET", "/ui", assets)).toMatchObject({ status: 302 });
    const index = serveStatic("GET", "/ui/", assets)!;
    expect(index.status).toBe(200);
    expect(index.headers!["content-type"]).toBe("text/html; charset=utf-8");
    expect(index.headers!["Content-Security-Policy"]).toContain("frame-ancestors 'none'");
    expect(String(index.body)).toBe("<!doctype html>");
    expect(serveStatic("GET", "/ui/app.js", assets)!.headers!["content-type"]).toBe("text/javascript; charset=utf-8");
    expect(serveStatic("HEAD", "/ui/app.js", assets)).toMatchObject({ status: 200, body: "" });
    for (const path of ["/ui/..%2fsecret.txt", "/ui/../secret.txt", "/ui/.hidden", "/ui/missing.js", "/ui/%2fetc%2fpasswd"]) {
      expect(serveStatic("GET", path, assets)?.status, path).toBe(404);
    }
    expect(serveStatic("POST", "/ui/", assets)).toMatchObject({ status: 405, headers: { Allow: "GET, HEAD" }, body: "The web UI takes GET, not POST" });
    expect(serveStatic("GET", "/ui/%E0%A4%A", assets)).toMatchObject({ status: 400, body: "Malformed percent-encoding in the request path: /ui/%E0%A4%A" });
    expect(serveStatic("GET", "/2015-03-31/functions/", assets)).toBeUndefined();
  });
});

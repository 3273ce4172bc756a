import fc from "fast-check";
import { describe, expect, it } from "vitest";
import type { Operation, WireOperation } from "../../src/generated/index.js";
import { normaliseOperation } from "../../src/runtime/execution/operations-state.js";
import { StoredOperations } from "../../src/runtime/execution/stored-operations.js";
import { toWireId } from "../../src/runtime/ids.js";

const execution: WireOperation = { Id: "exec", Type: "EXECUTION", Status: "STARTED", ExecutionDetails: { InputPayload: '{"a":1}' } };
const step = (raw: string, extra: Partial<WireOperation> = {}): WireOperation => ({
  Id: toWireId(raw),
  Type: "STEP",
  SubType: "Step",
  Status: "SUCCEEDED",
  StepDetails: { Attempt: 1, Result: JSON.stringify(raw) },
  ...extra,
});
const history = (count: number): WireOperation[] => [execution, ...Array.from({ length: count }, (_, i) => step(String(i + 1)))];

/** What the invocation used before: a Map filled entry by entry, timestamps normalised. */
const eager = (ops: WireOperation[]): Map<string, Operation> => {
  const map = new Map<string, Operation>();
  for (const op of ops) if (op?.Id) map.set(op.Id, normaliseOperation(op));
  return map;
};

describe("StoredOperations (the initial state, indexed on demand)", () => {
  it("answers in-order look-ups from the list without building the index", () => {
    const stored = new StoredOperations(history(50));
    for (let i = 1; i <= 50; i++) expect(stored.get(toWireId(String(i)))?.StepDetails?.Result).toBe(JSON.stringify(String(i)));
    // Nothing was indexed: the Map itself is still empty.
    expect(Map.prototype.get.call(stored, toWireId("1"))).toBeUndefined();
    expect(stored.size).toBe(51);
    expect(Map.prototype.get.call(stored, toWireId("1"))).toBeDefined();
  });

  it("answers look-ups out of order, misses and repeats exactly as the eager Map does", () => {
    const ops = history(30);
    const stored = new StoredOperations([...ops]);
    const map = eager(ops);
    for (const raw of ["1", "1", "2", "3", "5", "4", "30", "31", "1-1", "2", "29"]) expect(stored.get(toWireId(raw))).toEqual(map.get(toWireId(raw)));
    expect([...stored.keys()]).toEqual([...map.keys()]);
  });

  it("returns one object per operation, whichever way it was found", () => {
    const stored = new StoredOperations(history(5));
    const first = stored.get(toWireId("1"));
    expect(stored.get(toWireId("1"))).toBe(first);
    stored.get(toWireId("2"));
    expect(stored.get(toWireId("1"))).toBe(first); // out of order: indexes, keeps the visited object
  });

  it("normalises timestamps of the entries it visits, and of the rest when indexing", () => {
    const stored = new StoredOperations([execution, step("1", { StartTimestamp: "2026-01-01T00:00:00.000Z" as never }), step("2", { EndTimestamp: 1767225600000 as never })]);
    expect(stored.get(toWireId("1"))?.StartTimestamp).toEqual(new Date("2026-01-01T00:00:00.000Z"));
    expect(stored.get("absent")).toBeUndefined();
    expect(stored.get(toWireId("2"))?.EndTimestamp).toEqual(new Date(1767225600000));
  });

  it("indexes before a write, so the write keeps the Map's order and replaces the stored entry", () => {
    const ops = history(3);
    const stored = new StoredOperations([...ops]);
    stored.get(toWireId("1"));
    const update: Operation = { ...normaliseOperation(ops[2]!), Status: "FAILED" };
    stored.set(toWireId("2"), update);
    expect(stored.get(toWireId("2"))).toBe(update);
    expect([...stored.values()].map((op) => op.Id)).toEqual(ops.map((op) => op.Id));
    const added: Operation = { Id: "new", Type: "WAIT", Status: "STARTED", StartTimestamp: undefined };
    stored.set("new", added);
    expect(stored.size).toBe(5);
    expect(stored.has("new")).toBe(true);
    expect([...stored].at(-1)).toEqual(["new", added]);
  });

  it("skips the entries a replay passes over (a child context replayed from its result) and still finds the rest", () => {
    const ops = [execution, step("1", { Type: "CONTEXT", SubType: "RunInChildContext" }), step("1-1"), step("1-2"), step("2")];
    const stored = new StoredOperations([...ops]);
    expect(stored.get(toWireId("1"))?.Type).toBe("CONTEXT");
    expect(stored.get(toWireId("2"))?.Id).toBe(toWireId("2"));
    expect(stored.get(toWireId("1-2"))?.Id).toBe(toWireId("1-2"));
    expect(stored.size).toBe(5);
  });

  it("gives the first operation and whether this is the first invocation without indexing", () => {
    const stored = new StoredOperations(history(3));
    expect(stored.first()).toBe(stored.get("exec"));
    expect(stored.isFirstInvocation()).toBe(false);
    expect(new StoredOperations([execution]).isFirstInvocation()).toBe(true);
    expect(new StoredOperations([]).isFirstInvocation()).toBe(true);
    expect(new StoredOperations([]).first()).toBeUndefined();
    expect(Map.prototype.get.call(stored, toWireId("1"))).toBeUndefined();
  });

  it("is a Map to everything that reads it (instanceof, forEach, entries)", () => {
    const stored = new StoredOperations(history(2));
    expect(stored).toBeInstanceOf(Map);
    const seen: string[] = [];
    stored.forEach((_op, id) => seen.push(id));
    expect(seen).toEqual([...eager(history(2)).keys()]);
    expect([...stored.entries()]).toEqual([...eager(history(2)).entries()]);
  });

  it("agrees with the eager Map for any sequence of look-ups, writes and reads (property)", () => {
    const action = fc.oneof(
      fc.record({ kind: fc.constant("get" as const), raw: fc.integer({ min: 1, max: 25 }) }),
      fc.record({ kind: fc.constant("next" as const) }),
      fc.record({ kind: fc.constant("set" as const), raw: fc.integer({ min: 1, max: 25 }) }),
      fc.record({ kind: fc.constant("size" as const) }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 20 }), fc.array(action, { maxLength: 40 }), (count, actions) => {
        const ops = history(count);
        const stored = new StoredOperations([...ops]);
        const map = eager(ops);
        let cursor = 0;
        for (const a of actions) {
          if (a.kind === "get") expect(stored.get(toWireId(String(a.raw)))).toEqual(map.get(toWireId(String(a.raw))));
          else if (a.kind === "next") {
            cursor++;
            expect(stored.get(toWireId(String(cursor)))).toEqual(map.get(toWireId(String(cursor))));
          } else if (a.kind === "set") {
            const op: Operation = { Id: toWireId(String(a.raw)), Type: "STEP", Status: "STARTED", StartTimestamp: undefined };
            stored.set(op.Id!, op);
            map.set(op.Id!, op);
          } else expect(stored.size).toBe(map.size);
        }
        expect([...stored.entries()]).toEqual([...map.entries()]);
        expect(stored.first()).toEqual(map.values().next().value);
      }),
    );
  });
});

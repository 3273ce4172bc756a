import { describe, expect, it } from "vitest";
import { decodeRichJson, encodeRichJson } from "../../src/runtime/serdes/index.js";

const roundTrip = (value: unknown, paths: string[] = []) =>
  decodeRichJson(encodeRichJson(value, new Set(paths)) as string);

describe("rich JSON encoding", () => {
  it("is byte-identical to JSON.stringify for plain values", () => {
    const values = [
      null,
      1.5,
      "text",
      [1, undefined, () => 1],
      { a: 1, b: undefined, c: { d: [true, null] }, toJSONLike: { toJSON: () => "custom" } },
      { createdAt: new Date(0) },
    ];
    for (const value of values) {
      expect(encodeRichJson(value, new Set(["createdAt"]))).toBe(JSON.stringify(value));
    }
    expect(encodeRichJson(undefined)).toBeUndefined();
  });

  it("uses the envelope only when needed and documents its shape", () => {
    const text = encodeRichJson({ when: new Date("2024-01-01T00:00:00.000Z") }) as string;
    expect(JSON.parse(text)).toEqual({
      $durableSerdes: 1,
      value: { when: { $durable: "Date", iso: "2024-01-01T00:00:00.000Z" } },
    });
    expect(JSON.parse(encodeRichJson(new Map([["k", 1]])) as string)).toEqual({
      $durableSerdes: 1,
      value: { $durable: "Map", entries: [["k", 1]] },
    });
    expect(JSON.parse(encodeRichJson({ s: new Set([1]) }) as string).value).toEqual({
      s: { $durable: "Set", values: [1] },
    });
  });

  it("round-trips Dates, Maps and Sets, nested in each other", () => {
    const value = {
      top: new Date(10),
      list: [new Date(20), { inner: new Set([new Date(30), "x"]) }],
      byKey: new Map<unknown, unknown>([
        [new Date(40), new Map([["deep", new Set([1, 2])]])],
        ["plain", { n: 1 }],
      ]),
      invalid: new Date(Number.NaN),
    };
    const back = roundTrip(value) as typeof value;
    expect(back.top).toEqual(new Date(10));
    expect(back.list[0]).toEqual(new Date(20));
    expect((back.list[1] as { inner: Set<unknown> }).inner).toEqual(new Set([new Date(30), "x"]));
    const [firstKey, firstValue] = [...back.byKey.entries()][0];
    expect(firstKey).toEqual(new Date(40));
    expect(firstValue).toEqual(new Map([["deep", new Set([1, 2])]]));
    expect(back.byKey.get("plain")).toEqual({ n: 1 });
    expect(Number.isNaN(back.invalid.getTime())).toBe(true);
  });

  it("keeps user objects that look like tags intact", () => {
    const value = { m: new Map([["a", 1]]), sneaky: { $durable: "Date", iso: "2020-01-01T00:00:00.000Z" } };
    expect(roundTrip(value)).toEqual(value);
    const plainLookalike = { $durable: "Map", entries: [] };
    expect(encodeRichJson(plainLookalike)).toBe(JSON.stringify(plainLookalike));
    expect(roundTrip(plainLookalike)).toEqual(plainLookalike);
  });

  it("escapes a plain value whose top level collides with the envelope marker", () => {
    const value = { $durableSerdes: 1, value: { $durable: "Date", iso: "x" } };
    const text = encodeRichJson(value) as string;
    expect(text).not.toBe(JSON.stringify(value));
    expect(decodeRichJson(text)).toEqual(value);
  });

  it("never touches prototypes through __proto__ keys", () => {
    const text = '{"$durableSerdes":1,"value":{"__proto__":{"$durable":"Date","iso":"2020-01-01T00:00:00.000Z"}}}';
    const back = decodeRichJson(text) as Record<string, unknown>;
    expect(Object.getPrototypeOf(back)).toBe(Object.prototype);
    expect(Object.getOwnPropertyDescriptor(back, "__proto__")?.value).toEqual(new Date("2020-01-01T00:00:00.000Z"));
  });

  it("follows JSON rules for what JSON cannot hold", () => {
    const back = roundTrip({ m: new Map([["u", undefined]]), s: new Set([undefined]) }) as {
      m: Map<string, unknown>;
      s: Set<unknown>;
    };
    expect(back.m.get("u")).toBeNull();
    expect(back.s).toEqual(new Set([null]));
    expect(() => encodeRichJson({ n: 1n })).toThrow(TypeError);
    const cyclic: Record<string, unknown> = { m: new Map() };
    cyclic.self = cyclic;
    expect(() => encodeRichJson(cyclic)).toThrow(TypeError);
  });

  it("reports malformed envelopes", () => {
    expect(() => decodeRichJson('{"$durableSerdes":2,"value":1}')).toThrow(/unsupported version/);
    expect(() => decodeRichJson('{"$durableSerdes":1,"value":{"$durable":"Weird"}}')).toThrow(/unknown \$durable tag/);
    expect(() => decodeRichJson('{"$durableSerdes":1,"value":{"$durable":"Map","entries":[1]}}')).toThrow(/pairs/);
    expect(() => decodeRichJson('{"$durableSerdes":1,"value":{"$durable":"Set"}}')).toThrow(/values/);
    expect(() => decodeRichJson('{"$durableSerdes":1,"value":{"$durable":"Date","iso":5}}')).toThrow(/iso/);
  });
});

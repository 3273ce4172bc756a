import { describe, expect, it } from "vitest";
import { plainCopy } from "../../src/local/plain-copy.js";

describe("plainCopy", () => {
  it("copies JSON-like data with Dates, byte arrays and errors, deeply", () => {
    const date = new Date(1_000);
    const source = {
      a: [1, "two", null, undefined, { date }],
      bytes: new Uint8Array([1, 2, 3]),
      error: Object.assign(new TypeError("bad"), { code: "E_BAD" }),
      nested: { flag: true },
    };
    const copy = plainCopy(source);
    expect(copy).toEqual(source);
    expect(copy).not.toBe(source);
    expect(copy.a[4]).not.toBe(source.a[4]);
    expect((copy.a[4] as { date: Date }).date).not.toBe(date);
    expect((copy.a[4] as { date: Date }).date.getTime()).toBe(1_000);
    expect(copy.bytes).toBeInstanceOf(Uint8Array);
    expect(copy.bytes).not.toBe(source.bytes);
    expect(copy.error).toBeInstanceOf(Error);
    expect(copy.error.name).toBe("TypeError");
    expect(copy.error.message).toBe("bad");
    expect((copy.error as unknown as { code: string }).code).toBe("E_BAD");
    copy.nested.flag = false;
    expect(source.nested.flag).toBe(true);
  });

  it("keeps shared references and cycles", () => {
    const shared = { n: 1 };
    const source: Record<string, unknown> = { x: shared, y: shared };
    source.self = source;
    const copy = plainCopy(source);
    expect(copy.x).toBe(copy.y);
    expect(copy.x).not.toBe(shared);
    expect(copy.self).toBe(copy);
  });
});

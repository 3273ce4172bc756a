import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { BoundedCache, WIRE_ID_CACHE_LIMIT, makeRawId, md5Prefix, toWireId, wireIdAt } from "../../src/runtime/ids.js";

describe("wire ids", () => {
  it.each([
    ["1", "c4ca4238a0b92382"],
    ["2", "c81e728d9d4c2f63"],
    ["3", "eccbc87e4b5ce2fe"],
    ["1-1", "ea66c06c1e1c05fa"],
    ["1-2", "98c6f2c2287f4c73"],
    ["1-1-1", "2f221a18eb863803"],
    ["1-2-1", "6151f5ab282d90e4"],
    ["2-1", "8fbdbf5573b18fae"],
  ])("hashes raw id %s to %s", (raw, wire) => {
    expect(toWireId(raw)).toBe(wire);
    expect(md5Prefix(raw)).toBe(wire);
  });

  it("is the first 16 hex chars of the UTF-8 MD5", () => {
    const raw = "execution-result-1700000000000";
    const full = createHash("md5").update(Buffer.from(raw, "utf8")).digest("hex");
    expect(md5Prefix(raw)).toBe(full.slice(0, 16));
    expect(md5Prefix("é")).toBe(createHash("md5").update(Buffer.from("é", "utf8")).digest("hex").slice(0, 16));
  });

  it("keeps answering correctly past the cache bound", () => {
    for (let i = 0; i < WIRE_ID_CACHE_LIMIT + 50; i++) toWireId(`x-${i}`);
    expect(toWireId("x-0")).toBe(md5Prefix("x-0"));
    expect(toWireId("1")).toBe("c4ca4238a0b92382");
  });
});

describe("BoundedCache (the wire id cache)", () => {
  it("holds at most its limit, dropping the entry inserted first", () => {
    const cache = new BoundedCache<string, number>(3);
    for (const [i, key] of ["a", "b", "c", "d"].entries()) cache.set(key, i);
    expect(cache.size).toBe(3);
    expect(cache.get("a")).toBeUndefined();
    expect([cache.get("b"), cache.get("c"), cache.get("d")]).toEqual([1, 2, 3]);
    cache.set("d", 30); // an existing key does not evict
    expect([cache.size, cache.get("b"), cache.get("d")]).toEqual([3, 1, 30]);
  });
});

describe("raw ids", () => {
  it("builds hierarchical ids", () => {
    expect(makeRawId(undefined, 1)).toBe("1");
    expect(makeRawId("", 3)).toBe("3");
    expect(makeRawId("1", 2)).toBe("1-2");
    expect(makeRawId("1-2", 1)).toBe("1-2-1");
  });
});

describe("wireIdAt (the translation an operation start makes, memoised by position)", () => {
  it("gives the wire id of makeRawId(prefix, position), at the root and in nested contexts", () => {
    for (const [prefix, position] of [[undefined, 1], [undefined, 2], ["1", 1], ["1", 2], ["1-2", 1], ["2", 7]] as const) {
      const raw = makeRawId(prefix, position);
      expect(wireIdAt(prefix, position, raw)).toBe(md5Prefix(raw));
      expect(wireIdAt(prefix, position, raw)).toBe(md5Prefix(raw)); // memoised answer
    }
    expect(wireIdAt(undefined, 1, "1")).toBe("c4ca4238a0b92382");
    expect(wireIdAt("1", 1, "1-1")).toBe("ea66c06c1e1c05fa");
  });

  it("answers positions met out of order (a memo with holes) and keeps answering past its bound", () => {
    expect(wireIdAt("9", 5, "9-5")).toBe(md5Prefix("9-5"));
    expect(wireIdAt("9", 2, "9-2")).toBe(md5Prefix("9-2"));
    expect(wireIdAt("9", 3, "9-3")).toBe(md5Prefix("9-3"));
    for (let i = 1; i <= WIRE_ID_CACHE_LIMIT + 10; i++) expect(wireIdAt("big", i, makeRawId("big", i))).toHaveLength(16);
    expect(wireIdAt("big", WIRE_ID_CACHE_LIMIT + 10, makeRawId("big", WIRE_ID_CACHE_LIMIT + 10))).toBe(md5Prefix(makeRawId("big", WIRE_ID_CACHE_LIMIT + 10)));
    expect(wireIdAt("big", 1, "big-1")).toBe(md5Prefix("big-1"));
    expect(wireIdAt("9", 5, "9-5")).toBe(md5Prefix("9-5"));
  });

  it("keeps and returns the history's own copy of a recorded id, not the hashed one, and asks the history once", () => {
    // In a real history the record's Id is a string equal to the hash; this stand-in's differs, which
    // makes visible which of the two copies the memo holds (the record's is alive anyway, so the hashed
    // copy dies young instead of being promoted with the memo).
    const asked: string[] = [];
    const history = {
      getOperation: (wireId: string) => {
        asked.push(wireId);
        return wireId === md5Prefix("h-1") ? { Id: "the record's own Id" } : undefined;
      },
    };
    expect(wireIdAt("h", 1, "h-1", history)).toBe("the record's own Id");
    expect(wireIdAt("h", 1, "h-1", history)).toBe("the record's own Id");
    // No record: the hashed id.
    expect(wireIdAt("h", 2, "h-2", history)).toBe(md5Prefix("h-2"));
    expect(asked).toEqual([md5Prefix("h-1"), md5Prefix("h-2")]);
  });
});

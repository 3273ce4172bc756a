import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  WIRE_ID_CACHE_LIMIT,
  clearWireIdCache,
  createRawIdCounter,
  hashId,
  makeRawId,
  md5Prefix,
  parentRawId,
  rawIdDepth,
  toOptionalWireId,
  toWireId,
  wireIdCacheSize,
} from "../../src/runtime/ids.js";

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
    expect(hashId(raw)).toBe(wire);
    expect(md5Prefix(raw)).toBe(wire);
  });

  it("is the first 16 hex chars of the UTF-8 MD5", () => {
    const raw = "execution-result-1700000000000";
    const full = createHash("md5").update(Buffer.from(raw, "utf8")).digest("hex");
    expect(md5Prefix(raw)).toBe(full.slice(0, 16));
    expect(md5Prefix("é")).toBe(createHash("md5").update(Buffer.from("é", "utf8")).digest("hex").slice(0, 16));
  });

  it("leaves an undefined parent undefined", () => {
    expect(toOptionalWireId(undefined)).toBeUndefined();
    expect(toOptionalWireId("1")).toBe("c4ca4238a0b92382");
  });

  it("keeps the cache bounded and still answers correctly past the bound", () => {
    clearWireIdCache();
    for (let i = 0; i < WIRE_ID_CACHE_LIMIT + 50; i++) toWireId(`x-${i}`);
    expect(wireIdCacheSize()).toBe(WIRE_ID_CACHE_LIMIT);
    expect(toWireId("x-0")).toBe(md5Prefix("x-0"));
    expect(toWireId("1")).toBe("c4ca4238a0b92382");
    expect(wireIdCacheSize()).toBe(WIRE_ID_CACHE_LIMIT);
    md5Prefix("not-cached");
    clearWireIdCache();
    expect(wireIdCacheSize()).toBe(0);
  });
});

describe("raw ids", () => {
  it("builds hierarchical ids", () => {
    expect(makeRawId(undefined, 1)).toBe("1");
    expect(makeRawId("", 3)).toBe("3");
    expect(makeRawId("1", 2)).toBe("1-2");
    expect(makeRawId("1-2", 1)).toBe("1-2-1");
  });

  it("finds parents and depth", () => {
    expect(parentRawId("1-2-3")).toBe("1-2");
    expect(parentRawId("1-2")).toBe("1");
    expect(parentRawId("7")).toBeUndefined();
    expect(rawIdDepth("7")).toBe(1);
    expect(rawIdDepth("1-2-3")).toBe(3);
  });

  it("counts per context, synchronously", () => {
    const root = createRawIdCounter();
    expect(root.peek()).toBe("1");
    expect(root.next()).toBe("1");
    expect(root.next()).toBe("2");
    expect(root.count).toBe(2);
    const child = createRawIdCounter("2");
    expect(child.prefix).toBe("2");
    expect([child.next(), child.next()]).toEqual(["2-1", "2-2"]);
    expect(child.peek()).toBe("2-3");
    expect(child.count).toBe(2);
    expect(createRawIdCounter("1-1", 4).next()).toBe("1-1-5");
  });
});

/**
 * buildPreview side by side with the reference's: same previews (deep-equal and the same key order)
 * for every mode, match mode, mask and byte budget, on hand-picked and generated values; typed errors
 * for malformed configs.
 */
import {
  buildPreview as refBuildPreview,
  FieldMatchMode as RefFieldMatchMode,
  PreviewMode as RefPreviewMode,
} from "@aws/durable-execution-sdk-js";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { buildPreview, DurableValidationError, FieldMatchMode, PreviewMode, type PreviewConfig } from "../../src/index.js";
import { thrownValidationError } from "../support/validation.js";

const order = {
  id: "order-123",
  status: "pending",
  total: 42.5,
  paid: false,
  note: null,
  user: { name: "Ann", email: "ann@example.com", address: { city: "Oslo", zip: "0150" } },
  items: [
    { sku: "a", qty: 1, price: 10 },
    { sku: "b", qty: 2, secret: { token: "t" } },
  ],
  tags: ["x", "y"],
  "dotted.key": 1,
  nested: { id: "inner", email: "inner@example.com" },
};

/** Ours and the reference's preview of `value`, as JSON (so key order counts too). */
function both(value: unknown, config: PreviewConfig): [string | undefined, string | undefined] {
  const ours = buildPreview(value, config);
  const theirs = refBuildPreview(value, config as never);
  return [JSON.stringify(ours), JSON.stringify(theirs)];
}

const CONFIGS: Array<[string, PreviewConfig]> = [
  ["include all", { mode: PreviewMode.INCLUDE_ALL }],
  ["exclude all, nothing included", { mode: PreviewMode.EXCLUDE_ALL }],
  ["the documented example", { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "id" }, { name: "status" }], mask: [{ name: "email" }] }],
  ["include an object (everything below)", { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "user" }] }],
  ["include by exact path", { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "user.email", match: FieldMatchMode.PATH }, { name: "id", match: FieldMatchMode.PATH }] }],
  ["include inside arrays", { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "sku" }, { name: "qty" }] }],
  ["exclude anywhere", { mode: PreviewMode.INCLUDE_ALL, exclude: [{ name: "email" }, { name: "items" }] }],
  ["exclude by path only", { mode: PreviewMode.INCLUDE_ALL, exclude: [{ name: "id", match: FieldMatchMode.PATH }] }],
  ["exclude beats mask and include", { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "user" }], mask: [{ name: "email" }], exclude: [{ name: "email" }] }],
  ["mask an object whole", { mode: PreviewMode.INCLUDE_ALL, mask: [{ name: "address" }, { name: "secret" }], maskString: "<hidden>" }],
  ["mask implies visible in EXCLUDE_ALL", { mode: PreviewMode.EXCLUDE_ALL, mask: [{ name: "city" }] }],
  ["mask by path", { mode: PreviewMode.INCLUDE_ALL, mask: [{ name: "nested.email", match: FieldMatchMode.PATH }] }],
  ["a dotted ANYWHERE name never matches", { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "user.name" }] }],
  ["tiny budget", { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: 40 }],
  ["budget stops at the first field that does not fit", { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: 60 }],
  ["budget too small for any field", { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: 5 }],
  ["zero budget", { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: 0 }],
  ["empty-string mask", { mode: PreviewMode.INCLUDE_ALL, mask: [{ name: "name" }], maskString: "" }],
];

describe("buildPreview, side by side with the reference", () => {
  it.each(CONFIGS)("%s", (_label, config) => {
    const [ours, theirs] = both(order, config);
    expect(ours).toBe(theirs);
  });

  it("gives the documented example's output", () => {
    expect(buildPreview(order, CONFIGS[2]![1])).toEqual({
      id: "order-123",
      status: "pending",
      user: { email: "***" },
      nested: { id: "inner", email: "***" },
    });
  });

  it("merges array elements, a later element's shape replacing an earlier primitive", () => {
    const value = { list: [{ user: "arb" }, { user: { email: "x" } }], top: [1, 2] };
    const config = { mode: PreviewMode.INCLUDE_ALL };
    expect(buildPreview(value, config)).toEqual({ list: { user: { email: "x" } } });
    const [ours, theirs] = both(value, config);
    expect(ours).toBe(theirs);
    const reversed = { list: [{ user: { email: "x" } }, { user: "arb" }] };
    expect(both(reversed, config)[0]).toBe(both(reversed, config)[1]);
    expect(buildPreview(reversed, config)).toEqual({ list: { user: "arb" } });
  });

  it("returns undefined for non-objects and for objects with nothing to show", () => {
    for (const value of [undefined, null, 0, "text", true, {}, [], [1, 2], new Date(0), new Map([["a", 1]])]) {
      const config = { mode: PreviewMode.INCLUDE_ALL };
      expect(buildPreview(value, config)).toBeUndefined();
      expect(refBuildPreview(value, config as never)).toBeUndefined();
    }
  });

  it("skips prototype keys and keys with dots, and never pollutes prototypes", () => {
    const value = JSON.parse('{"__proto__":{"polluted":1},"constructor":{"x":1},"prototype":2,"a.b":3,"ok":4}');
    expect(buildPreview(value, { mode: PreviewMode.INCLUDE_ALL })).toEqual({ ok: 4 });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(both(value, { mode: PreviewMode.INCLUDE_ALL })[0]).toBe(both(value, { mode: PreviewMode.INCLUDE_ALL })[1]);
  });

  it("counts bytes in UTF-8, as the reference does", () => {
    const value = { a: "é".repeat(10), b: "ü".repeat(10), c: "x" };
    for (const maxPreviewBytes of [20, 30, 40, 50, 60, 70]) {
      const [ours, theirs] = both(value, { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes });
      expect(ours, `maxPreviewBytes ${maxPreviewBytes}`).toBe(theirs);
    }
  });

  it("uses the reference's enum values (interchangeable in configs)", () => {
    expect({ ...FieldMatchMode }).toEqual({ ...RefFieldMatchMode });
    expect({ ...PreviewMode }).toEqual({ ...RefPreviewMode });
    const config = { mode: RefPreviewMode.EXCLUDE_ALL, include: [{ name: "id", match: RefFieldMatchMode.PATH }] };
    expect(buildPreview(order, config as unknown as PreviewConfig)).toEqual({ id: "order-123" });
  });

  it("matches the reference on generated values and configs", () => {
    const names = fc.constantFrom("id", "email", "user", "a", "b", "items", "x");
    const key = fc.oneof(names, fc.constantFrom("a.b", "__proto__", "é", ""));
    const leaf = fc.oneof(fc.string({ maxLength: 8 }), fc.integer(), fc.boolean(), fc.constant(null), fc.double({ noNaN: true }));
    const tree = fc.letrec((tie) => ({
      node: fc.oneof({ depthSize: "small" }, leaf, tie("object"), tie("array")),
      object: fc.dictionary(key, tie("node"), { maxKeys: 5 }),
      array: fc.array(tie("node"), { maxLength: 3 }),
    }));
    const path = fc.oneof(names, fc.tuple(names, names).map(([a, b]) => `${a}.${b}`));
    const field = fc.record({ name: path, match: fc.constantFrom(undefined, FieldMatchMode.ANYWHERE, FieldMatchMode.PATH) }, { requiredKeys: ["name"] });
    const config = fc.record(
      {
        mode: fc.constantFrom(PreviewMode.INCLUDE_ALL, PreviewMode.EXCLUDE_ALL),
        include: fc.array(field, { maxLength: 3 }),
        exclude: fc.array(field, { maxLength: 2 }),
        mask: fc.array(field, { maxLength: 2 }),
        maskString: fc.string({ maxLength: 4 }),
        maxPreviewBytes: fc.integer({ min: 0, max: 300 }),
      },
      { requiredKeys: ["mode"] },
    );
    fc.assert(
      fc.property(tree.object, config, (value, cfg) => {
        const [ours, theirs] = both(value, cfg as PreviewConfig);
        expect(ours).toBe(theirs);
      }),
      { numRuns: 400 },
    );
  });
});

describe("buildPreview config errors", () => {
  const bad: Array<[string, unknown, string]> = [
    ["no config", undefined, "buildPreview.config"],
    ["an array config", [], "buildPreview.config"],
    ["missing mode", {}, "buildPreview.config.mode"],
    ["unknown mode", { mode: "SOME" }, "buildPreview.config.mode"],
    ["include not an array", { mode: PreviewMode.EXCLUDE_ALL, include: { name: "id" } }, "buildPreview.config.include"],
    ["a selector without a name", { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "id" }, { match: FieldMatchMode.PATH }] }, "buildPreview.config.include[1].name"],
    ["a string selector", { mode: PreviewMode.INCLUDE_ALL, exclude: ["email"] }, "buildPreview.config.exclude[0].name"],
    ["unknown match", { mode: PreviewMode.INCLUDE_ALL, mask: [{ name: "email", match: "EXACT" }] }, "buildPreview.config.mask[0].match"],
    ["non-string maskString", { mode: PreviewMode.INCLUDE_ALL, maskString: 0 }, "buildPreview.config.maskString"],
    ["negative budget", { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: -1 }, "buildPreview.config.maxPreviewBytes"],
    ["NaN budget", { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: Number.NaN }, "buildPreview.config.maxPreviewBytes"],
    ["string budget", { mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: "4096" }, "buildPreview.config.maxPreviewBytes"],
  ];

  it.each(bad)("%s → DurableValidationError naming %s", (_label, config, field) => {
    const error = thrownValidationError(() => buildPreview(order, config as PreviewConfig));
    expect(error.field).toBe(field);
    expect(error.operation).toBe("buildPreview");
    expect(error.fix.length).toBeGreaterThan(10);
  });
});

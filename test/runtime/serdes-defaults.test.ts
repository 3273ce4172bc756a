/**
 * buildPreview and createFileSystemSerdes take what an unset option means from the generated
 * PREVIEW_DEFAULTS, PREVIEW_FIELD_DEFAULTS and FILE_SYSTEM_SERDES_DEFAULTS (schema/types.yaml), not from
 * values of their own: here the constants are replaced with other values, and the behaviour (and the
 * fixes the validation errors suggest) follow them. That the schema's values are the reference SDK's is
 * checked by codegen/test/type-defaults.test.ts and by the side-by-side tests (serdes-preview,
 * serdes-filesystem).
 */
import { createHash } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";

vi.mock("../../src/generated/index.js", async (importOriginal) => {
  const real = await importOriginal<typeof import("../../src/generated/index.js")>();
  return {
    ...real,
    // Every value differs from the schema's, so a runtime that wrote its own would fail below.
    PREVIEW_DEFAULTS: { maskString: "<masked>", maxPreviewBytes: 40 },
    PREVIEW_FIELD_DEFAULTS: { match: real.FieldMatchMode.PATH },
    FILE_SYSTEM_SERDES_DEFAULTS: { storageMode: real.FileSystemSerdesMode.OVERFLOW, pathEncoding: real.FileSystemPathEncoding.HASH },
  };
});

const { buildPreview, createFileSystemSerdes, DurableValidationError, FileSystemSerdesMode, PreviewMode } = await import("../../src/index.js");

const ctx = { entityId: "1-2", durableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/exec-1/inv-1" };

describe("buildPreview reads its defaults from the generated constants", () => {
  it("masks with PREVIEW_DEFAULTS.maskString and stops at PREVIEW_DEFAULTS.maxPreviewBytes when the config leaves them out", () => {
    // {"id":"order-123","email":"<masked>"} is 38 bytes as the budget counts it; the note would take it past 40.
    const value = { id: "order-123", email: "a@b.c", note: "x".repeat(50) };
    expect(buildPreview(value, { mode: PreviewMode.INCLUDE_ALL, mask: [{ name: "email" }] })).toEqual({ id: "order-123", email: "<masked>" });
    // Given options still win.
    expect(buildPreview(value, { mode: PreviewMode.INCLUDE_ALL, mask: [{ name: "email" }], maskString: "#", maxPreviewBytes: 4096 })).toEqual({
      id: "order-123",
      email: "#",
      note: "x".repeat(50),
    });
  });

  it("compares a selector without match as PREVIEW_FIELD_DEFAULTS.match says", () => {
    // PATH: "email" is only the root-level field (ANYWHERE would also show user.email).
    expect(buildPreview({ email: "a", user: { email: "b" } }, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "email" }] })).toEqual({ email: "a" });
  });

  it("suggests the generated defaults in the fixes of its validation errors", () => {
    const errorOf = (config: unknown): InstanceType<typeof DurableValidationError> => {
      try {
        buildPreview({}, config as never);
      } catch (error) {
        if (error instanceof DurableValidationError) return error;
        throw error;
      }
      throw new Error("buildPreview accepted the config");
    };
    expect(errorOf({ mode: PreviewMode.INCLUDE_ALL, maskString: 1 }).fix).toContain('"<masked>" (the default)');
    expect(errorOf({ mode: PreviewMode.INCLUDE_ALL, maxPreviewBytes: -1 }).fix).toContain("40 (the default)");
  });
});

describe("createFileSystemSerdes reads its defaults from the generated constants", () => {
  let base: string;
  beforeEach(() => {
    base = mkdtempSync(join(tmpdir(), "fs-serdes-defaults-"));
  });
  afterEach(() => rmSync(base, { recursive: true, force: true }));

  it("stores as FILE_SYSTEM_SERDES_DEFAULTS.storageMode says when storageMode is left out (OVERFLOW: a small value stays inline)", async () => {
    expect(await createFileSystemSerdes(base).serialize({ id: 1 }, ctx)).toBe(JSON.stringify({ data: JSON.stringify({ id: 1 }) }));
  });

  it("names files as FILE_SYSTEM_SERDES_DEFAULTS.pathEncoding says when pathEncoding is left out (HASH: SHA-256 names)", async () => {
    const text = await createFileSystemSerdes(base, { storageMode: FileSystemSerdesMode.ALWAYS }).serialize({ id: 1 }, ctx);
    const file = (JSON.parse(text!) as { file: string }).file;
    const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");
    expect(file).toBe(join(base, sha256(ctx.durableExecutionArn), `${sha256(ctx.entityId)}.json`));
    expect(basename(file)).toMatch(/^[0-9a-f]{64}\.json$/);
  });
});

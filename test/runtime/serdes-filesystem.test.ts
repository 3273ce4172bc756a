/**
 * createFileSystemSerdes side by side with the reference's: the same checkpoint text and the same file
 * (path and contents) for every storage mode, path encoding and ARN shape; each SDK reads what the other
 * wrote; the OVERFLOW threshold at the same byte; typed config errors; file errors that name the file.
 */
import {
  createFileSystemSerdes as refCreateFileSystemSerdes,
  FileSystemPathEncoding as RefFileSystemPathEncoding,
  FileSystemSerdesMode as RefFileSystemSerdesMode,
} from "@aws/durable-execution-sdk-js";
import { mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync, existsSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative } from "node:path";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  buildPreview,
  createFileSystemSerdes,
  FileSystemPathEncoding,
  FileSystemSerdesMode,
  PreviewMode,
  SerdesFailedError,
  type AnySerdes,
  type FileSystemSerdesConfig,
  type SerdesContext,
} from "../../src/index.js";
import { safeDeserialize, safeSerialize } from "../../src/runtime/serdes/index.js";
import { thrownValidationError } from "../support/validation.js";

const LAMBDA_ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/exec-1/0b6f5c1e-7a1e-4c59-9f54-0c8c1b2b3d4e";
const LOCAL_ARN = "arn:aws:lambda:local:000000000000:durable-execution:run/7f3e";
const ODD_ARN = "not an arn / with spaces?&";

let base: string;
beforeEach(() => {
  base = mkdtempSync(join(tmpdir(), "fs-serdes-"));
});
afterEach(() => rmSync(base, { recursive: true, force: true }));

/** Every file under `dir`, relative, with its contents. */
function filesUnder(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out[relative(dir, full)] = readFileSync(full, "utf8");
    }
  };
  if (existsSync(dir)) walk(dir);
  return out;
}

/** Serializes with one serdes in a fresh directory; returns the checkpoint text and the files written. */
async function serializeIn(make: (dir: string) => AnySerdes, value: unknown, ctx: SerdesContext) {
  rmSync(base, { recursive: true, force: true });
  const text = await make(base).serialize(value, ctx);
  return { text, files: filesUnder(base) };
}

const big = (bytes: number) => ({ blob: "x".repeat(bytes) });

const VALUES: Array<[string, unknown]> = [
  ["an object", { id: "order-1", user: { email: "a@b.c" }, items: [1, 2, 3] }],
  ["a string", "hello"],
  ["null", null],
  ["zero", 0],
  ["a Date (as JSON)", new Date(0)],
  ["unicode", { text: "ünïcødé ✓ 🚀" }],
  ["300 KB", big(300 * 1024)],
];
const CONTEXTS: Array<[string, SerdesContext]> = [
  ["a Lambda durable-execution ARN", { entityId: "1-2", durableExecutionArn: LAMBDA_ARN }],
  ["a local ARN", { entityId: "3", durableExecutionArn: LOCAL_ARN }],
  ["an odd ARN and an id with a slash", { entityId: "a/b c", durableExecutionArn: ODD_ARN }],
];
const CONFIGS: Array<[string, FileSystemSerdesConfig]> = [
  ["defaults", {}],
  ["ALWAYS + URI", { storageMode: FileSystemSerdesMode.ALWAYS, pathEncoding: FileSystemPathEncoding.URI }],
  ["ALWAYS + HASH", { storageMode: FileSystemSerdesMode.ALWAYS, pathEncoding: FileSystemPathEncoding.HASH }],
  ["OVERFLOW + URI", { storageMode: FileSystemSerdesMode.OVERFLOW }],
  ["OVERFLOW + HASH", { storageMode: FileSystemSerdesMode.OVERFLOW, pathEncoding: FileSystemPathEncoding.HASH }],
  [
    "ALWAYS + preview",
    { generatePreview: (v) => buildPreview(v, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "id" }], mask: [{ name: "email" }] }) },
  ],
  ["OVERFLOW + custom preview", { storageMode: FileSystemSerdesMode.OVERFLOW, generatePreview: () => ({ kind: "big" }) }],
  ["preview returning undefined", { generatePreview: () => undefined }],
  ["preview returning {}", { generatePreview: () => ({}) }],
];

describe("createFileSystemSerdes, side by side with the reference", () => {
  for (const [configLabel, config] of CONFIGS) {
    for (const [ctxLabel, ctx] of CONTEXTS) {
      it(`${configLabel}, ${ctxLabel}: same checkpoint text, same files, each reads the other's`, async () => {
        for (const [valueLabel, value] of VALUES) {
          const ours = await serializeIn((dir) => createFileSystemSerdes(dir, config), value, ctx);
          const theirs = await serializeIn((dir) => refCreateFileSystemSerdes(dir, config as never), value, ctx);
          expect(ours.text, valueLabel).toBe(theirs.text);
          expect(ours.files, valueLabel).toEqual(theirs.files);

          // Both directions: ours reads the reference's checkpoint text (its files are on disk now) ...
          const expected = JSON.parse(JSON.stringify(value));
          expect(await createFileSystemSerdes(base, config).deserialize(theirs.text, ctx), valueLabel).toEqual(expected);
          // ... and the reference reads ours.
          await serializeIn((dir) => createFileSystemSerdes(dir, config), value, ctx);
          expect(await refCreateFileSystemSerdes(base, config as never).deserialize(ours.text, ctx), valueLabel).toEqual(expected);
        }
      });
    }
  }

  it("lays files out as <function>/<execution>/<invocation>/<id>.json, or one encoded directory, or SHA-256 names", async () => {
    const ctx = { entityId: "1-2", durableExecutionArn: LAMBDA_ARN };
    const uri = JSON.parse((await createFileSystemSerdes(base).serialize({ a: 1 }, ctx))!);
    expect(uri).toEqual({ file: join(base, "orders", "exec-1", "0b6f5c1e-7a1e-4c59-9f54-0c8c1b2b3d4e", "1-2.json") });
    expect(readFileSync(uri.file, "utf8")).toBe('{"a":1}');

    const local = JSON.parse((await createFileSystemSerdes(base).serialize(1, { entityId: "a/b", durableExecutionArn: LOCAL_ARN }))!);
    expect(local.file).toBe(join(base, encodeURIComponent(LOCAL_ARN), "a%2Fb.json"));

    const hashed = JSON.parse((await createFileSystemSerdes(base, { pathEncoding: FileSystemPathEncoding.HASH }).serialize(1, ctx))!);
    expect(relative(base, hashed.file)).toMatch(/^[0-9a-f]{64}\/[0-9a-f]{64}\.json$/);
  });

  it("keeps small values inline in OVERFLOW mode and overflows at the same byte as the reference", async () => {
    const ctx = { entityId: "1", durableExecutionArn: LOCAL_ARN };
    const limit = 256 * 1024 - 1024;
    // {"data":"\"xxx\""} is 15 bytes plus the string.
    const at = (n: number) => "x".repeat(n - 15);
    for (const size of [limit - 1, limit, limit + 1]) {
      const ours = await serializeIn((dir) => createFileSystemSerdes(dir, { storageMode: FileSystemSerdesMode.OVERFLOW }), at(size), ctx);
      const theirs = await serializeIn((dir) => refCreateFileSystemSerdes(dir, { storageMode: RefFileSystemSerdesMode.OVERFLOW }), at(size), ctx);
      expect(ours.text).toBe(theirs.text);
      expect(ours.files).toEqual(theirs.files);
      if (size <= limit) {
        expect(Buffer.byteLength(ours.text!)).toBe(size);
        expect(JSON.parse(ours.text!)).toHaveProperty("data");
        expect(ours.files).toEqual({});
      } else {
        expect(JSON.parse(ours.text!)).toEqual({ file: expect.any(String) });
      }
    }
    // The preview is made only for values that go to a file.
    let calls = 0;
    const serdes = createFileSystemSerdes(base, { storageMode: FileSystemSerdesMode.OVERFLOW, generatePreview: () => ({ n: ++calls }) });
    expect(await serdes.serialize({ small: true }, ctx)).toBe('{"data":"{\\"small\\":true}"}');
    expect(calls).toBe(0);
    expect(JSON.parse((await serdes.serialize(big(300_000), ctx))!).preview).toEqual({ n: 1 });
  });

  it("maps undefined to no payload both ways, like the reference", async () => {
    const ctx = { entityId: "1", durableExecutionArn: LOCAL_ARN };
    for (const make of [createFileSystemSerdes, refCreateFileSystemSerdes]) {
      const serdes = make(base);
      expect(await serdes.serialize(undefined, ctx)).toBeUndefined();
      expect(await serdes.deserialize(undefined, ctx)).toBeUndefined();
    }
    expect(filesUnder(base)).toEqual({});
  });

  it("has the reference's enum members and values", () => {
    expect({ ...FileSystemSerdesMode }).toEqual({ ...RefFileSystemSerdesMode });
    expect({ ...FileSystemPathEncoding }).toEqual({ ...RefFileSystemPathEncoding });
  });
});

describe("createFileSystemSerdes errors", () => {
  const ctx = { entityId: "1-4", durableExecutionArn: LOCAL_ARN };

  it("a missing file: names the operation and the file, keeps ENOENT, and becomes a SerdesFailedError in the SDK", async () => {
    const missing = join(base, "gone", "1-4.json");
    const text = JSON.stringify({ file: missing });
    const serdes = createFileSystemSerdes(base);
    const error = await serdes.deserialize(text, ctx).then(
      () => undefined,
      (e: unknown) => e as Error & { code?: string },
    );
    expect(error).toBeInstanceOf(Error);
    expect(error!.message).toContain(`"${missing}"`);
    expect(error!.message).toContain("operation 1-4");
    expect(error!.message).toMatch(/ENOENT/);
    expect(error!.code).toBe("ENOENT");
    // The reference throws the bare fs error here, and its runtime reports a SerdesFailedError; so does ours.
    await expect(refCreateFileSystemSerdes(base).deserialize(text, ctx)).rejects.toMatchObject({ code: "ENOENT" });
    const failed = await safeDeserialize(serdes, text, ctx, { name: "load", rawId: "1-4" }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SerdesFailedError);
    expect((failed as Error).message).toContain(`Deserialization failed for step "load" (1-4)`);
    expect((failed as Error).message).toContain(missing);
  });

  it("an unwritable base path: names the file and the base path", async () => {
    const blocker = join(base, "not-a-dir");
    writeFileSync(blocker, "");
    const serdes = createFileSystemSerdes(blocker);
    const error = (await serdes.serialize({ a: 1 }, ctx).catch((e: unknown) => e)) as Error & { code?: string };
    expect(error.message).toContain(`basePath "${blocker}"`);
    expect(error.message).toContain(join(blocker, encodeURIComponent(LOCAL_ARN), "1-4.json"));
    expect(["ENOTDIR", "EEXIST"]).toContain(error.code);
    const failed = await safeSerialize(serdes, { a: 1 }, ctx, { rawId: "1-4" }).catch((e: unknown) => e);
    expect(failed).toBeInstanceOf(SerdesFailedError);
    expect(statSync(blocker).isFile()).toBe(true);
  });

  it("a corrupt file or checkpoint text: says which and why", async () => {
    const file = join(base, "bad.json");
    writeFileSync(file, "{not json");
    const serdes = createFileSystemSerdes(base);
    await expect(serdes.deserialize(JSON.stringify({ file }), ctx)).rejects.toThrow(`could not parse the value of operation 1-4 in "${file}" as JSON`);
    await expect(serdes.deserialize("plain text", ctx)).rejects.toThrow(/could not parse the checkpoint data of operation 1-4 as its envelope/);
    await expect(serdes.deserialize("[1]", ctx)).rejects.toThrow(/to be \{"file":\.\.\.\} or \{"data":\.\.\.\}, got an array of 1;/);
    await expect(serdes.deserialize('{"data":{"a":1}}', ctx)).rejects.toThrow(/"data" .* to be a JSON string, got an object with a$/);
    await expect(serdes.deserialize('{"file":7}', ctx)).rejects.toThrow(/"file" .* to be a path, got number 7/);
    await expect(serdes.deserialize('{"data":"{oops"}', ctx)).rejects.toThrow(/could not parse the inline value of operation 1-4 as JSON/);
  });

  it("a value without a JSON form in ALWAYS mode: a TypeError naming the operation (the reference fails too)", async () => {
    await expect(createFileSystemSerdes(base).serialize(() => 1, ctx)).rejects.toThrow(/cannot store the value of operation 1-4: it has no JSON form/);
    await expect(refCreateFileSystemSerdes(base).serialize(() => 1, ctx)).rejects.toThrow();
  });

  const bad: Array<[string, string, () => unknown]> = [
    ["no base path", "createFileSystemSerdes.basePath", () => createFileSystemSerdes(undefined as never)],
    ["an empty base path", "createFileSystemSerdes.basePath", () => createFileSystemSerdes("")],
    ["a non-object config", "createFileSystemSerdes.config", () => createFileSystemSerdes("/mnt/efs", "OVERFLOW" as never)],
    ["an unknown storage mode", "createFileSystemSerdes.config.storageMode", () => createFileSystemSerdes("/mnt/efs", { storageMode: "SOMETIMES" as never })],
    ["an unknown path encoding", "createFileSystemSerdes.config.pathEncoding", () => createFileSystemSerdes("/mnt/efs", { pathEncoding: "BASE64" as never })],
    ["a non-function preview", "createFileSystemSerdes.config.generatePreview", () => createFileSystemSerdes("/mnt/efs", { generatePreview: { id: 1 } as never })],
  ];
  it.each(bad)("%s → DurableValidationError naming %s", (_label, field, call) => {
    const error = thrownValidationError(() => call());
    expect(error.field).toBe(field);
    expect(error.message).toMatch(/\. /);
  });
});

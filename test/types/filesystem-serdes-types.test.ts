/**
 * Code written against the reference's filesystem-serdes and preview types compiles, under strict, with
 * only the import path changed: every one of the 9 exports imported by name, every enum member used as
 * a type and as a value, the config and field types, and the serdes in configureSerdes. The source is
 * also compiled against the reference itself, so it is valid reference code.
 */
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { typecheckSource as compile } from "../support/typecheck.js";

const root = join(import.meta.dirname, "../..");

const SOURCE = `
import {
  createFileSystemSerdes,
  FileSystemSerdesMode,
  FileSystemPathEncoding,
  type FileSystemSerdesConfig,
  FieldMatchMode,
  PreviewMode,
  type PreviewField,
  type PreviewConfig,
  buildPreview,
  withDurableExecution,
  type AnySerdes,
  type DurableContext,
} from "SDK";

const always: FileSystemSerdesMode.ALWAYS = FileSystemSerdesMode.ALWAYS;
const overflow: FileSystemSerdesMode.OVERFLOW = FileSystemSerdesMode.OVERFLOW;
const uri: FileSystemPathEncoding.URI = FileSystemPathEncoding.URI;
const hash: FileSystemPathEncoding.HASH = FileSystemPathEncoding.HASH;
const anywhere: FieldMatchMode.ANYWHERE = FieldMatchMode.ANYWHERE;
const path: FieldMatchMode.PATH = FieldMatchMode.PATH;
const includeAll: PreviewMode.INCLUDE_ALL = PreviewMode.INCLUDE_ALL;
const excludeAll: PreviewMode.EXCLUDE_ALL = PreviewMode.EXCLUDE_ALL;
const modeName: "ALWAYS" | "OVERFLOW" = always === FileSystemSerdesMode.ALWAYS ? always : overflow;

const fields: PreviewField[] = [{ name: "id" }, { name: "user.email", match: path }, { name: "x", match: anywhere }];
const preview: PreviewConfig = { mode: excludeAll, include: fields, exclude: [], mask: [{ name: "email" }], maskString: "#", maxPreviewBytes: 100 };
const shown: Record<string, unknown> | undefined = buildPreview({ id: 1 }, preview);
const again = buildPreview([1, 2], { mode: includeAll });

const config: FileSystemSerdesConfig = {
  storageMode: overflow,
  pathEncoding: hash,
  generatePreview: (value) => buildPreview(value, preview),
};
const minimal: FileSystemSerdesConfig = { pathEncoding: uri };
const serdes: AnySerdes = createFileSystemSerdes("/mnt/efs", config);
createFileSystemSerdes("/mnt/efs");
createFileSystemSerdes("/mnt/efs", minimal);
createFileSystemSerdes("/mnt/efs", { generatePreview: (value) => ({ size: String(value).length }) });

function describeMode(mode: FileSystemSerdesMode): string {
  switch (mode) {
    case FileSystemSerdesMode.ALWAYS: return "always";
    case FileSystemSerdesMode.OVERFLOW: return "overflow";
  }
}

export const handler = withDurableExecution(async (_event: unknown, context: DurableContext) => {
  context.configureSerdes({ defaultSerdes: serdes, defaultCallbackDeserializer: serdes });
  const big = await context.step("big", async () => ({ rows: [1, 2, 3] }), { serdes: createFileSystemSerdes("/mnt/efs") });
  return { n: big.rows.length, shown, again, modeName, describe: describeMode(always) };
});
`;

describe("filesystem serdes and preview types, import swapped", () => {
  it("compile against the reference SDK (the source is valid reference code)", () => {
    expect(compile(SOURCE.replace('"SDK"', '"@aws/durable-execution-sdk-js"'))).toEqual([]);
  }, 180_000);

  it("compile against this SDK", () => {
    expect(compile(SOURCE.replace('"SDK"', JSON.stringify(join(root, "src/index.js"))))).toEqual([]);
  }, 180_000);
});

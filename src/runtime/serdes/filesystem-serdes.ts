/**
 * A serdes that keeps payloads on a durable shared filesystem (Amazon EFS, Amazon S3 Files) and puts
 * only a pointer to the file, plus an optional preview, in the checkpoint — for results larger than the
 * 256 KiB checkpoint limit.
 *
 * The checkpoint text is a JSON envelope, the same as `@aws/durable-execution-sdk-js` writes, so an
 * execution started with either SDK can be finished by the other (given the same mount):
 * - `{"data":"<JSON of the value>"}` — kept inline (`OVERFLOW` mode, small enough);
 * - `{"file":"<path>"}` — the value's JSON is in the file at `<path>`;
 * - `{"file":"<path>","preview":{...}}` — the same with a preview.
 *
 * @module
 */
import { builtin } from "../builtins.js";
import {
  CHECKPOINT_PAYLOAD_LIMIT_BYTES,
  FILE_SYSTEM_SERDES_HEADROOM_BYTES,
  describeReceived,
  fixDurableValidationErrorFileSystemBasePathInvalid,
  fixDurableValidationErrorFileSystemConfigNotObject,
  fixDurableValidationErrorFileSystemGeneratePreviewInvalid,
  fixDurableValidationErrorFileSystemPathEncodingInvalid,
  fixDurableValidationErrorFileSystemStorageModeInvalid,
  messageDurableValidationErrorFileSystemBasePathInvalid,
  messageDurableValidationErrorFileSystemConfigNotObject,
  messageDurableValidationErrorFileSystemGeneratePreviewInvalid,
  messageDurableValidationErrorFileSystemPathEncodingInvalid,
  messageDurableValidationErrorFileSystemStorageModeInvalid,
  messagePlainErrorFileSystemSerdesDataNotString,
  messagePlainErrorFileSystemSerdesEnvelopeInvalid,
  messagePlainErrorFileSystemSerdesEnvelopeUnparsable,
  messagePlainErrorFileSystemSerdesFileNotPath,
  messagePlainErrorFileSystemSerdesInlineUnparsable,
  messagePlainErrorFileSystemSerdesNoJsonForm,
  messagePlainErrorFileSystemSerdesOperation,
  messagePlainErrorFileSystemSerdesReadFailed,
  messagePlainErrorFileSystemSerdesValueUnparsable,
  messagePlainErrorFileSystemSerdesWriteFailed,
  FILE_SYSTEM_SERDES_DEFAULTS,
  FileSystemPathEncoding,
  FileSystemSerdesMode,
  type AnySerdes,
  type FileSystemSerdesConfig,
  type SerdesContext,
} from "../../generated/index.js";
import { parseDurableExecutionArn } from "../../generated/lambda-api.js";
import { invalidInput } from "../duration.js";

/** Envelopes above this go to a file in OVERFLOW mode (the headroom is left for the rest of the update). */
const INLINE_LIMIT_BYTES = CHECKPOINT_PAYLOAD_LIMIT_BYTES - FILE_SYSTEM_SERDES_HEADROOM_BYTES;
const OP = "createFileSystemSerdes";
// Marked pure, so a bundle of the published build (one module) drops them when nothing uses this
// serdes, as a bundle of src/ drops the whole file (package.json: "sideEffects": false).
const MODES: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ Object.values(FileSystemSerdesMode));
const ENCODINGS: ReadonlySet<string> = /* @__PURE__ */ new Set(/* @__PURE__ */ Object.values(FileSystemPathEncoding));

type FsPromises = typeof import("node:fs/promises");
let fsModule: Promise<FsPromises> | undefined;
/** `node:fs/promises`, loaded on first use so importing the SDK stays light. */
function fs(): Promise<FsPromises> {
  fsModule ??= import("node:fs/promises");
  return fsModule;
}

function nameFor(value: string, encoding: FileSystemPathEncoding): string {
  if (encoding === FileSystemPathEncoding.HASH) return builtin("node:crypto").createHash("sha256").update(value).digest("hex");
  return encodeURIComponent(value);
}

/**
 * The directory an execution's files go to: `<function>/<execution name>/<execution id>` for a qualified
 * durable execution ARN of the generated grammar (parseDurableExecutionArn), else one directory named
 * by the encoded ARN. An unqualified ARN gets one directory too, where the reference puts it.
 */
function executionDir(basePath: string, arn: string, encoding: FileSystemPathEncoding): string {
  const parts = encoding === FileSystemPathEncoding.URI ? parseDurableExecutionArn(arn) : undefined;
  if (parts?.qualifier !== undefined) return builtin("node:path").join(basePath, parts.functionName, parts.executionName, parts.executionId);
  return builtin("node:path").join(basePath, nameFor(arn, encoding));
}

/**
 * An I/O or format failure, with the file and operation named; Node's `code`/`syscall`/`path` kept.
 * `message` is given the cause's message.
 */
function fileError(message: (reason: string) => string, cause: unknown): Error {
  const error = new Error(message(cause instanceof Error ? cause.message : String(cause)), { cause });
  if (typeof cause === "object" && cause !== null) {
    for (const key of ["code", "errno", "syscall", "path"] as const) {
      if (key in cause) Object.assign(error, { [key]: (cause as Record<string, unknown>)[key] });
    }
  }
  return error;
}

function where(context: SerdesContext | undefined): string {
  return context?.entityId === undefined ? "" : ` ${messagePlainErrorFileSystemSerdesOperation(context.entityId)}`;
}

async function writeValue(basePath: string, encoding: FileSystemPathEncoding, json: string, context: SerdesContext): Promise<string> {
  const { mkdir, writeFile } = await fs();
  const dir = executionDir(basePath, context.durableExecutionArn, encoding);
  const file = builtin("node:path").join(dir, `${nameFor(context.entityId, encoding)}.json`);
  try {
    await mkdir(dir, { recursive: true });
    await writeFile(file, json, "utf8");
  } catch (cause) {
    throw fileError((reason) => messagePlainErrorFileSystemSerdesWriteFailed(OP, where(context), file, basePath, reason), cause);
  }
  return file;
}

function pointer(file: string, value: unknown, generatePreview: FileSystemSerdesConfig["generatePreview"]): string {
  const preview = generatePreview?.(value);
  return JSON.stringify(preview ? { file, preview } : { file });
}

/**
 * Creates a serdes that stores values as JSON files under `basePath` on a durable shared filesystem,
 * leaving only an envelope with the file's path (and an optional preview) in the checkpoint. Use it for
 * results larger than the 256 KiB checkpoint limit.
 *
 * **Do not point it at Lambda's `/tmp`:** `/tmp` belongs to one execution environment, and a replay
 * may run in another, where the file is missing and deserialization fails. Mount Amazon EFS or Amazon
 * S3 Files (the same mount path on every function that reads the values).
 *
 * Files are `<basePath>/<execution dir>/<operation file>.json` (see {@link FileSystemPathEncoding});
 * each holds `JSON.stringify(value)`.
 *
 * With `URI` encoding the execution directory is `<function>/<execution name>/<execution id>` when the
 * ARN is a qualified durable execution ARN of the service's grammar (schema/wire.yaml: an `aws*`
 * partition, a 12-digit account, function and execution names of letters, digits, `-` and `_`) —
 * every ARN the service or the local service mints. Any other ARN (an unqualified one, a test runner's
 * bare id, a hand-made ARN outside that grammar) gets one directory named by its `encodeURIComponent`
 * form, as in the reference. The reference reads ARNs with a looser grammar of its own, so a hand-made
 * ARN outside the service's grammar, such as one with a short account id, has
 * `<function>/<execution>/<id>` directories there; either SDK still reads the other's files, as the
 * checkpoint holds the file's full path.
 *
 * The checkpoint holds one of `{"data":"<JSON>"}` (inline, OVERFLOW
 * mode), `{"file":"<path>"}` or `{"file":"<path>","preview":{...}}` — the format of
 * `@aws/durable-execution-sdk-js`, so either SDK reads the other's checkpoints. Values go through
 * `JSON.stringify` / `JSON.parse` (Dates come back as strings). `undefined` is stored as no payload.
 *
 * Failures to write, read or parse a file throw an Error naming the operation, the file and the cause
 * (Node's `code`, such as `ENOENT`, is kept); inside an operation the SDK reports it as a
 * `SerdesFailedError`, as for any serdes.
 *
 * Preview field selectors cannot name fields containing dots (a dot separates path segments), and
 * previews merge array elements into one object.
 *
 * @param basePath - Directory the files go under, e.g. `/mnt/efs` or `/mnt/s3`; created if missing.
 * @param config - Storage mode, path encoding and preview; see {@link FileSystemSerdesConfig}.
 * @returns A serdes for any JSON value.
 * @throws DurableValidationError when `basePath` is not a non-empty string or `config` is malformed.
 *
 * @example
 * ```typescript
 * import { withDurableExecution, createFileSystemSerdes, FileSystemSerdesMode, buildPreview, PreviewMode } from "durable-execution-sdk";
 *
 * declare function buildHugeReport(event: unknown): Promise<{ id: string; rows: unknown[] }>;
 *
 * export const handler = withDurableExecution(async (event, context) => {
 *   context.configureSerdes({
 *     defaultSerdes: createFileSystemSerdes("/mnt/efs", {
 *       storageMode: FileSystemSerdesMode.OVERFLOW,
 *       generatePreview: (value) => buildPreview(value, { mode: PreviewMode.EXCLUDE_ALL, include: [{ name: "id" }] }),
 *     }),
 *   });
 *   const report = await context.step("build report", async () => buildHugeReport(event));
 *   await context.wait({ hours: 1 });
 *   return { id: report.id, rows: report.rows.length };
 * });
 * ```
 *
 * @public
 */
export function createFileSystemSerdes(basePath: string, config?: FileSystemSerdesConfig): AnySerdes {
  if (typeof basePath !== "string" || basePath.length === 0) {
    throw invalidInput({
      operation: OP,
      field: `${OP}.basePath`,
      problem: messageDurableValidationErrorFileSystemBasePathInvalid(OP, describeReceived(basePath)),
      fix: fixDurableValidationErrorFileSystemBasePathInvalid,
      received: basePath,
    });
  }
  const options = config === undefined ? {} : config;
  if (typeof options !== "object" || options === null || Array.isArray(options)) {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config`,
      problem: messageDurableValidationErrorFileSystemConfigNotObject(OP, describeReceived(options)),
      fix: fixDurableValidationErrorFileSystemConfigNotObject,
      received: options,
    });
  }
  const { storageMode = FILE_SYSTEM_SERDES_DEFAULTS.storageMode, pathEncoding = FILE_SYSTEM_SERDES_DEFAULTS.pathEncoding, generatePreview } = options;
  if (!MODES.has(storageMode)) {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config.storageMode`,
      problem: messageDurableValidationErrorFileSystemStorageModeInvalid(OP, [...MODES].join(", "), describeReceived(storageMode)),
      fix: fixDurableValidationErrorFileSystemStorageModeInvalid,
      received: storageMode,
    });
  }
  if (!ENCODINGS.has(pathEncoding)) {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config.pathEncoding`,
      problem: messageDurableValidationErrorFileSystemPathEncodingInvalid(OP, [...ENCODINGS].join(", "), describeReceived(pathEncoding)),
      fix: fixDurableValidationErrorFileSystemPathEncodingInvalid,
      received: pathEncoding,
    });
  }
  if (generatePreview !== undefined && typeof generatePreview !== "function") {
    throw invalidInput({
      operation: OP,
      field: `${OP}.config.generatePreview`,
      problem: messageDurableValidationErrorFileSystemGeneratePreviewInvalid(OP, describeReceived(generatePreview)),
      fix: fixDurableValidationErrorFileSystemGeneratePreviewInvalid,
      received: generatePreview,
    });
  }

  return {
    async serialize(value: unknown, context: SerdesContext): Promise<string | undefined> {
      if (value === undefined) return undefined;
      const json = JSON.stringify(value);
      if (storageMode === FileSystemSerdesMode.OVERFLOW) {
        const inline = JSON.stringify({ data: json });
        if (Buffer.byteLength(inline, "utf8") <= INLINE_LIMIT_BYTES) return inline;
      }
      if (json === undefined) {
        throw new TypeError(messagePlainErrorFileSystemSerdesNoJsonForm(OP, where(context), typeof value));
      }
      const file = await writeValue(basePath, pathEncoding, json, context);
      return pointer(file, value, generatePreview);
    },

    async deserialize(data: string | undefined, context: SerdesContext): Promise<unknown> {
      if (data === undefined) return undefined;
      let envelope: unknown;
      try {
        envelope = JSON.parse(data);
      } catch (cause) {
        throw fileError((reason) => messagePlainErrorFileSystemSerdesEnvelopeUnparsable(OP, where(context), reason), cause);
      }
      if (typeof envelope !== "object" || envelope === null || Array.isArray(envelope)) {
        throw new TypeError(messagePlainErrorFileSystemSerdesEnvelopeInvalid(OP, where(context), describeReceived(envelope)));
      }
      const record = envelope as Record<string, unknown>;
      if ("file" in record) {
        const file = record.file;
        if (typeof file !== "string") {
          throw new TypeError(messagePlainErrorFileSystemSerdesFileNotPath(OP, where(context), describeReceived(file)));
        }
        const { readFile } = await fs();
        let contents: string;
        try {
          contents = await readFile(file, "utf8");
        } catch (cause) {
          throw fileError((reason) => messagePlainErrorFileSystemSerdesReadFailed(OP, where(context), file, reason), cause);
        }
        try {
          return JSON.parse(contents);
        } catch (cause) {
          throw fileError((reason) => messagePlainErrorFileSystemSerdesValueUnparsable(OP, where(context), file, reason), cause);
        }
      }
      const inline = record.data;
      if (inline === undefined) return undefined; // what {"data": JSON.stringify(<no JSON form>)} leaves
      if (typeof inline !== "string") {
        throw new TypeError(messagePlainErrorFileSystemSerdesDataNotString(OP, where(context), describeReceived(inline)));
      }
      try {
        return JSON.parse(inline);
      } catch (cause) {
        throw fileError((reason) => messagePlainErrorFileSystemSerdesInlineUnparsable(OP, where(context), reason), cause);
      }
    },
  };
}

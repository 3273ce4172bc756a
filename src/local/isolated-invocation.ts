/**
 * Crash isolation: one invocation of a durable handler in its own worker thread.
 *
 * The worker imports the handler module, builds the invocation event with a client whose
 * `checkpoint` / `getExecutionState` calls are answered by the service in the parent thread, and
 * posts back what the handler returned or threw. If the worker ends without answering — the
 * handler called `process.exit()`, or the thread died — the invocation fails the way a Lambda
 * sandbox whose runtime process exits does: `Runtime.ExitError`. Its stdout/stderr are forwarded
 * to the parent's streams before the invocation completes.
 */
import { readFileSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, isAbsolute, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { Worker, type ResourceLimits } from "node:worker_threads";
import { messagePlainErrorLambdaContextCallbackUnsupported, type DurableExecutionClient, type DurableExecutionInvocationInput } from "../generated/index.js";
import type { LocalLambdaContext } from "./lambda-context.js";
import { SERVICE_ERROR_OBJECTS } from "./errors.js";
import { InvocationTimeoutError, toErrorObject } from "./run-handler.js";
import { INJECTED_CLIENT_TAG } from "../runtime/with-durable-execution.js";
import type { InvocationResult } from "./store-types.js";
// The real timers and clock, so that a test's fake timers never stall this module (see real-timers.ts).
import { RealDate as Date, realClearTimeout as clearTimeout, realSetTimeout as setTimeout } from "../runtime/real-timers.js";

/** The Lambda context's callback-style methods, which a durable handler cannot use (the worker's context throws). */
const CALLBACK_METHODS = ["done", "fail", "succeed"] as const;

/** Where an isolated function's handler comes from. */
export interface IsolatedHandlerModule {
  /** File URL (or absolute path) of the module. */
  readonly module: string;
  /** Export holding the wrapped durable handler. */
  readonly exportName: string;
  /** Modules the worker imports first (e.g. a loader that lets it import TypeScript). */
  readonly preload: readonly string[];
  /** File URLs of tsx's APIs (`tsx/cjs/api`, `tsx/esm/api`): the worker calls their `register()` before the preloads. */
  readonly typeScriptLoaders?: readonly string[];
  /** Told when the worker cannot import a preload or the module (the invocation fails as well). */
  readonly onLoadError?: (error: WorkerLoadError) => void;
  /** Limits of the worker's heap (an invocation that runs out of it fails as Runtime.OutOfMemory). */
  readonly resourceLimits?: ResourceLimits;
  /** Wraps the client answering each worker's calls; `kill()` terminates the worker at once (the invocation fails as Runtime.ExitError). */
  readonly tapClient?: (client: DurableExecutionClient, kill: () => void) => DurableExecutionClient;
}

/**
 * Why a worker could not import its handler: which import failed and Node's error.
 *
 * @example
 * ```ts
 * service.registerIsolatedFunction("orders", new URL("./order-workflow.ts", import.meta.url), {
 *   onLoadError: (error: WorkerLoadError) => console.error(`${error.stage} ${error.specifier}: ${error.code} ${error.message}`),
 * });
 * ```
 */
export interface WorkerLoadError {
  /** `preload`: one of the preloaded modules (or the TypeScript loader); `module`: the handler's module. */
  readonly stage: "preload" | "module";
  /** The specifier the worker imported. */
  readonly specifier: string;
  /** Node's error code, e.g. `ERR_UNKNOWN_FILE_EXTENSION` or `ERR_MODULE_NOT_FOUND`. */
  readonly code: string | undefined;
  readonly message: string;
}

const hasScheme = (specifier: string): boolean => /^[a-z][a-z0-9+.-]*:/i.test(specifier) && !/^[a-z]:[\\/]/i.test(specifier);

/** A module specifier the worker can `import()`: URLs as they are, file paths as file URLs. */
export function toImportSpecifier(module: string | URL): string {
  if (module instanceof URL) return module.href;
  return hasScheme(module) ? module : pathToFileURL(module).href;
}

/**
 * A preload entry as the worker imports it: URLs and paths as for the module, and a package name
 * (`"tsx/esm"`, `"@scope/setup"`: neither a URL, nor absolute, nor starting with `.`) as it is, so
 * that the worker resolves it as a package from the current directory. A relative path without
 * `./` that names an existing file stays a path, as before package names were taken.
 */
export function toPreloadSpecifier(entry: string | URL): string {
  if (entry instanceof URL || hasScheme(entry) || isAbsolute(entry) || entry.startsWith(".")) return toImportSpecifier(entry);
  return statSync(entry, { throwIfNoEntry: false })?.isFile() ? toImportSpecifier(entry) : entry;
}

/** Module extensions Node cannot import without a TypeScript loader (before its type stripping). */
const TYPESCRIPT_MODULE = /\.(?:[mc]?ts|tsx)$/i;

/** Preload entries that mean "tsx": its `--import` entry points, which register tsx only in the main thread on Node 20. */
const TSX_ENTRY_POINTS = new Set(["tsx", "tsx/esm"]);

/**
 * File URLs of tsx's CommonJS and ESM API entries (`tsx/cjs/api`, `tsx/esm/api`, import condition),
 * from the first of `bases` (directories) tsx resolves from; undefined when it is not installed
 * there. A worker needs both: a `.ts` file of a CommonJS package is loaded through `require`.
 */
export function findTsxApis(bases: readonly string[]): string[] | undefined {
  for (const base of bases) {
    try {
      const manifestPath = createRequire(join(base, "noop.js")).resolve("tsx/package.json");
      const manifest = JSON.parse(readFileSync(manifestPath, "utf8")) as { exports?: Record<string, unknown> };
      const entries = ["./cjs/api", "./esm/api"].map((subpath) => {
        let target: unknown = manifest.exports?.[subpath];
        while (target !== null && typeof target === "object") {
          const conditions = target as Record<string, unknown>;
          target = conditions.import ?? conditions.default;
        }
        return typeof target === "string" ? pathToFileURL(join(dirname(manifestPath), target)).href : undefined;
      });
      if (entries.every((entry) => entry !== undefined)) return entries as string[];
    } catch {
      // Not installed there: try the next base.
    }
  }
  return undefined;
}

/**
 * How the worker loads a handler: the preload entries it imports, and whether it registers tsx
 * first. tsx is registered when the module is TypeScript and nothing is preloaded (a preload means
 * the caller brings its own loader), or when the preload names tsx's entry points (`"tsx"`,
 * `"tsx/esm"`), which stand for it — provided tsx resolves from the module's directory or the
 * current directory.
 */
export function workerLoadPlan(module: string, preload: readonly (string | URL)[]): { preload: string[]; typeScriptLoaders?: string[] } {
  const entries = preload.map(toPreloadSpecifier);
  const namesTsx = entries.some((entry) => TSX_ENTRY_POINTS.has(entry));
  const modulePath = module.startsWith("file:") ? fileURLToPath(module) : undefined;
  if (!namesTsx && !(entries.length === 0 && modulePath !== undefined && TYPESCRIPT_MODULE.test(modulePath))) return { preload: entries };
  const typeScriptLoaders = findTsxApis([...(modulePath !== undefined ? [dirname(modulePath)] : []), process.cwd()]);
  if (typeScriptLoaders === undefined) return { preload: entries };
  return { preload: entries.filter((entry) => !TSX_ENTRY_POINTS.has(entry)), typeScriptLoaders };
}

// Runs in the worker (CommonJS, eval). Kept free of imports from this package so it works from
// the sources and from the bundle alike.
const WORKER_SOURCE = `
"use strict";
const { parentPort, workerData } = require("node:worker_threads");
const pending = new Map();
let nextId = 0;
parentPort.on("message", (reply) => {
  const call = pending.get(reply.id);
  if (!call) return;
  pending.delete(reply.id);
  if (reply.ok) call.resolve(reply.value);
  else call.reject(Object.assign(new Error(reply.error.message), reply.error));
});
function request(method, params) {
  return new Promise((resolve, reject) => {
    const id = ++nextId;
    pending.set(id, { resolve, reject });
    parentPort.postMessage({ kind: "call", id, method, params });
  });
}
const client = {
  checkpoint: (params) => request("checkpoint", params),
  getExecutionState: (params) => request("getExecutionState", params),
};
const event = Object.defineProperty({ ...workerData.input, durableExecutionClient: client }, Symbol.toStringTag, {
  get: () => workerData.clientTag,
});
const unsupported = (method) => () => {
  throw new Error(workerData.unsupported[method]);
};
const context = {
  ...workerData.context,
  getRemainingTimeInMillis: () => Math.max(0, Math.round(workerData.deadline - Date.now())),
  done: unsupported("done"),
  fail: unsupported("fail"),
  succeed: unsupported("succeed"),
};
function describe(error) {
  const load = error !== null && typeof error === "object" ? error[loadFailure] : undefined;
  if (error instanceof Error) return { name: error.name, message: error.message, stack: error.stack, load };
  return { value: String(error), load };
}
const loadFailure = Symbol("load failure");
async function load(stage, specifier) {
  try {
    return await import(specifier);
  } catch (error) {
    if (error !== null && typeof error === "object") {
      error[loadFailure] = { stage, specifier, code: typeof error.code === "string" ? error.code : undefined, message: String(error.message) };
    }
    throw error;
  }
}
(async () => {
  for (const specifier of workerData.typeScriptLoaders) (await load("preload", specifier)).register();
  for (const specifier of workerData.preload) await load("preload", specifier);
  const loaded = await load("module", workerData.module);
  // A CommonJS module's exports may only be reachable through its default export.
  const handler = loaded[workerData.exportName] ?? loaded.default?.[workerData.exportName];
  if (typeof handler !== "function") {
    throw new TypeError(workerData.module + " has no function export named " + JSON.stringify(workerData.exportName));
  }
  return handler(event, context);
})().then(
  (output) => {
    parentPort.postMessage({ kind: "returned", output });
    process.exit(0);
  },
  (error) => {
    parentPort.postMessage({ kind: "threw", error: describe(error) });
    process.exit(0);
  },
);
`;

interface CallMessage {
  kind: "call";
  id: number;
  method: "checkpoint" | "getExecutionState";
  params: unknown;
}
type WorkerMessage =
  | CallMessage
  | { kind: "returned"; output: unknown }
  | { kind: "threw"; error: { name?: string; message?: string; stack?: string; value?: string; load?: WorkerLoadError } };

/** The fields of an error the SDK classifies checkpoint failures by (name, message, fault, HTTP status). */
function transferableError(error: unknown): Record<string, unknown> {
  if (!(error instanceof Error)) return { name: "Error", message: String(error) };
  const { $fault, $metadata } = error as { $fault?: unknown; $metadata?: unknown };
  return {
    name: error.name,
    message: error.message,
    ...($fault !== undefined ? { $fault } : {}),
    ...($metadata !== undefined ? { $metadata: structuredClone($metadata) } : {}),
  };
}

function thrownError(described: { name?: string; message?: string; stack?: string; value?: string }): unknown {
  if (described.value !== undefined) return described.value;
  const error = new Error(described.message ?? "");
  error.name = described.name ?? "Error";
  if (described.stack !== undefined) error.stack = described.stack;
  return error;
}

export interface IsolatedInvocationParams {
  handler: IsolatedHandlerModule;
  input: DurableExecutionInvocationInput;
  /** Answers the worker's checkpoint / getExecutionState calls. */
  client: DurableExecutionClient;
  context: LocalLambdaContext;
  /** Terminate the worker (Sandbox.Timedout) after this long; undefined = no limit. */
  timeoutMs: number | undefined;
}

/** Runs one invocation in a fresh worker thread and reports how it ended. */
export function invokeInWorker(params: IsolatedInvocationParams): Promise<InvocationResult> {
  const { handler, input, context, timeoutMs } = params;
  const contextData = Object.fromEntries(Object.entries(context).filter(([, value]) => typeof value !== "function"));
  const deadline = Date.now() + context.getRemainingTimeInMillis();

  return new Promise<InvocationResult>((resolve) => {
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      ...(handler.resourceLimits ? { resourceLimits: { ...handler.resourceLimits } } : {}),
      stdout: true,
      stderr: true,
      workerData: {
        module: handler.module,
        exportName: handler.exportName,
        preload: [...handler.preload],
        typeScriptLoaders: [...(handler.typeScriptLoaders ?? [])],
        input: structuredClone(input),
        context: contextData,
        deadline,
        // How the SDK recognises an event that brings its own client (the worker's source cannot import it).
        clientTag: INJECTED_CLIENT_TAG,
        // The worker's source is a string: it gets the messages, not the module that builds them.
        unsupported: Object.fromEntries(CALLBACK_METHODS.map((method) => [method, messagePlainErrorLambdaContextCallbackUnsupported(method)])),
      },
    });
    let outcome: InvocationResult | undefined;
    let exitCode: number | undefined;
    let open = 3; // exit + stdout end + stderr end

    const finish = (): void => {
      if (--open > 0) return;
      if (timer) clearTimeout(timer);
      resolve(
        outcome ?? {
          kind: "error",
          error: SERVICE_ERROR_OBJECTS.runtimeExited(context.awsRequestId, exitCode ?? 1),
        },
      );
    };

    const timer =
      timeoutMs === undefined || !Number.isFinite(timeoutMs)
        ? undefined
        : setTimeout(() => {
            outcome ??= { kind: "error", error: toErrorObject(new InvocationTimeoutError(timeoutMs)) };
            void worker.terminate();
          }, timeoutMs);
    timer?.unref?.();
    // The worker is killed (e.g. by crash-anywhere testing): it ends without answering, a Runtime.ExitError.
    const kill = (): void => void worker.terminate();
    const client = handler.tapClient ? handler.tapClient(params.client, kill) : params.client;

    worker.stdout.on("data", (chunk: Buffer) => process.stdout.write(chunk));
    worker.stderr.on("data", (chunk: Buffer) => process.stderr.write(chunk));
    worker.stdout.on("end", finish);
    worker.stderr.on("end", finish);

    worker.on("message", (message: WorkerMessage) => {
      if (message.kind === "call") {
        const call = (): Promise<unknown> =>
          message.method === "checkpoint"
            ? client.checkpoint(message.params as Parameters<DurableExecutionClient["checkpoint"]>[0])
            : client.getExecutionState(message.params as Parameters<DurableExecutionClient["getExecutionState"]>[0]);
        Promise.resolve()
          .then(call)
          .then(
            (value) => worker.postMessage({ id: message.id, ok: true, value }),
            (error: unknown) => worker.postMessage({ id: message.id, ok: false, error: transferableError(error) }),
          );
      } else if (message.kind === "returned") {
        outcome ??= { kind: "returned", output: message.output };
      } else {
        outcome ??= { kind: "error", error: toErrorObject(thrownError(message.error)) };
        if (message.error.load) handler.onLoadError?.(message.error.load);
      }
    });
    // An uncaught exception ends the worker: report it like a thrown error.
    worker.on("error", (error) => {
      if ((error as { code?: unknown }).code === "ERR_WORKER_OUT_OF_MEMORY") {
        outcome ??= {
          kind: "error",
          error: SERVICE_ERROR_OBJECTS.runtimeKilled(context.awsRequestId),
        };
      }
      outcome ??= { kind: "error", error: toErrorObject(error) };
    });
    worker.on("exit", (code) => {
      exitCode = code;
      finish();
    });
  });
}

/**
 * The Node built-ins the SDK runtime uses, taken with `process.getBuiltinModule` instead of `import`.
 *
 * Two reasons, both about cold starts:
 * - An `import` of a built-in makes Node build an ES module from the CommonJS one: a namespace of all
 *   its exports, read one by one, which also runs their lazy getters. `node:crypto`'s loads WebCrypto;
 *   `node:util`'s loads `parseArgs`, `MIMEType` and, on Node 24, streams, `net` and worker support
 *   (about 2 ms there). `process.getBuiltinModule` hands over the CommonJS exports as they are.
 * - Modules that only some paths need are taken on first use: `node:util` to format a log line,
 *   `node:console` for the default logger's first record, `node:module`, `node:path` and `node:url`
 *   for plugins listed in the environment, `node:crypto`'s SHA-256 and random UUIDs, `node:timers`
 *   when a test's fake timers left no original to find (real-timers.ts). What every
 *   invocation needs (`node:crypto`'s MD5 for wire ids, `node:async_hooks`) is taken at load.
 *
 * `process.getBuiltinModule` exists from Node 20.16 and 22.3 (`engines` requires them).
 *
 * @module
 */
import { messagePlainErrorBuiltinModuleUnavailable } from "../generated/errors.js";

interface Builtins {
  "node:async_hooks": typeof import("node:async_hooks");
  "node:console": typeof import("node:console");
  "node:crypto": typeof import("node:crypto");
  "node:module": typeof import("node:module");
  "node:path": typeof import("node:path");
  "node:timers": typeof import("node:timers");
  "node:url": typeof import("node:url");
  "node:util": typeof import("node:util");
}

/** The built-in module `id` (Node loads it on the first call for it, then hands out the same object). */
export function builtin<Id extends keyof Builtins>(id: Id): Builtins[Id] {
  if (!process.getBuiltinModule) throw new Error(messagePlainErrorBuiltinModuleUnavailable(id, process.version));
  return process.getBuiltinModule(id);
}

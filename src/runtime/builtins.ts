/**
 * Node built-ins that only some paths need, loaded on first use instead of when the SDK is imported.
 *
 * Importing `node:util` costs a fresh process about 0.3 ms on Node 20 and 2 ms on Node 24 (there it
 * loads streams, `net` and worker support with it), yet only formatting a log line needs it; `node:module`
 * serves only plugins listed in the environment. A cold start that does neither never loads them.
 * `process.getBuiltinModule` (Node 20.16, 22.3 and later, as `engines` requires) loads one synchronously.
 *
 * @module
 */

interface LazyBuiltins {
  "node:util": typeof import("node:util");
  "node:module": typeof import("node:module");
}

/** The built-in module `id`, loaded (once, by Node) on the first call. */
export function builtin<Id extends keyof LazyBuiltins>(id: Id): LazyBuiltins[Id] {
  if (!process.getBuiltinModule) throw new Error(`${id} needs process.getBuiltinModule: Node.js 20.16, 22.3 or later (this is ${process.version})`);
  return process.getBuiltinModule(id);
}

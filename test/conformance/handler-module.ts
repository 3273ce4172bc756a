/**
 * What a requirement's handler module (`handlers/<category>/<id>.ts`) exports.
 *
 * - `handler` (required): the durable handler, built with the SDK's public API.
 * - `targets`: functions the handler invokes, registered under their names (durable targets run as
 *   child executions; plain ones as chained-invoke functions).
 * - `isolated`: run every invocation in its own worker thread, for requirements whose handler
 *   crashes the process (`process.exit`); the module is then imported by the worker, so it must not
 *   depend on state set up by the harness other than `process.env`.
 */
import type { withDurableExecution } from "../../src/index.js";

export type DurableHandler = ReturnType<typeof withDurableExecution>;

export interface TargetFunction {
  kind: "durable" | "plain";
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  handler: (event: any, context: any) => unknown;
}

export interface HandlerModule {
  handler: DurableHandler;
  targets?: Record<string, TargetFunction>;
  isolated?: boolean;
}

/** Environment variable naming a per-requirement directory for state that must outlive a crash. */
export const STATE_DIR_ENV = "CONFORMANCE_STATE_DIR";

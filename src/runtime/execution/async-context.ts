/**
 * The async-local "active context": which durable context (or step body) the current code runs in.
 * Used for the context-usage guard (see docs/guide/internals-operations.md#shared-machinery) and for log metadata.
 */
import { AsyncLocalStorage } from "node:async_hooks";

/** Execution modes of a context (see docs/guide/internals-replay.md#execution-modes). They only affect log suppression and replay-only children. */
export const Mode = {
  Execution: "ExecutionMode",
  Replay: "ReplayMode",
  ReplaySucceededContext: "ReplaySucceededContext",
} as const;
export type Mode = (typeof Mode)[keyof typeof Mode];

export interface ActiveContext {
  /** `"root"`, or the raw id of the child context / step whose code is running. */
  readonly id: string;
  /** Wire Id of the active operation (absent at root). */
  readonly operationId?: string;
  readonly operationName?: string;
  readonly attempt?: number;
  /** Mode of the context when the code started; step bodies always run in ExecutionMode. */
  readonly mode: () => Mode;
}

export const activeContext = new AsyncLocalStorage<ActiveContext>();

/**
 * The instrumentation plugin contract: the hooks a plugin may implement and the information objects the
 * SDK hands to them. Names, shapes and semantics follow the reference SDK's plugin API (version 1), so a
 * plugin written for `@aws/durable-execution-sdk-js` compiles and runs unchanged here.
 *
 * Operation statuses are the schema's operation statuses (`OperationStatus`), and the plugin API's own
 * enums (`PluginInvocationStatus`, `AttemptEndInfoOutcome`) are schema enums too, all generated from
 * schema/enums.yaml; nothing here restates them.
 */
import { AttemptEndInfoOutcome, OperationStatus, PluginInvocationStatus, type DurableExecutionInvocationOutput } from "../../generated/index.js";

export { AttemptEndInfoOutcome, PluginInvocationStatus };

/**
 * Version of the plugin provider contract this SDK understands. A provider module loaded through
 * `DURABLE_EXECUTION_PLUGINS` must declare this value as its `pluginApiVersion`.
 *
 * @example
 * ```ts
 * import { DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION } from "durable-execution-sdk";
 * console.log(DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION); // 1
 * ```
 * @experimental
 */
export const DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION = 1 as const;

/**
 * Status of an operation as plugins see it: the service's operation statuses (generated from the schema).
 *
 * @example
 * ```ts
 * import { PluginOperationStatus, type OperationInfo } from "durable-execution-sdk";
 * export const failed = (op: OperationInfo) => op.status === PluginOperationStatus.FAILED;
 * ```
 * @experimental
 */
export const PluginOperationStatus: { readonly [K in OperationStatus]: K } = OperationStatus;
/** @experimental One of {@link PluginOperationStatus}'s values. */
export type PluginOperationStatus = OperationStatus;

/**
 * One durable operation as a plugin sees it.
 *
 * @example
 * ```ts
 * import type { DurableInstrumentationPlugin, OperationInfo } from "durable-execution-sdk";
 * export const logger: DurableInstrumentationPlugin = {
 *   async onOperationStart(info: OperationInfo) {
 *     console.log(`${info.type} ${info.name ?? info.id} started${info.isReplay ? " (replay)" : ""}`);
 *   },
 * };
 * ```
 * @experimental
 */
export interface OperationInfo {
  /** The operation's id (hashed, as on the wire). */
  id: string;
  /** The name given in code, when there is one. */
  name?: string;
  /** The operation type (STEP, WAIT, CONTEXT, CALLBACK, CHAINED_INVOKE, EXECUTION). */
  type: string;
  /** The operation subtype (Step, Wait, Map, Parallel, WaitForCallback, …) when known. */
  subType?: string;
  /** Id of the enclosing child-context operation, for nested operations. */
  parentId?: string;
  /** Latest known status. */
  status?: PluginOperationStatus;
  /** When the operation started, as checkpointed. */
  startTimestamp?: Date;
  /** When the operation finished, as checkpointed. */
  endTimestamp?: Date;
  /** The serialized result, for operations that completed with one. */
  result?: string;
  /** The error a failed operation ended with, rebuilt from its checkpointed error object. */
  error?: Error;
  /** The 1-based attempt number, for operations with attempts (steps). */
  attempt?: number;
  /** True when this information comes from replaying what an earlier invocation checkpointed. */
  isReplay: boolean;
}

/**
 * Information passed to `onOperationEnd`.
 *
 * @example
 * ```ts
 * import type { OperationEndInfo } from "durable-execution-sdk";
 * export const describe = (info: OperationEndInfo) => (info.error ? `failed: ${info.error.message}` : "ok");
 * ```
 * @experimental
 */
export interface OperationEndInfo extends OperationInfo {
  /** The error, when the operation failed. */
  error?: Error;
}

/**
 * One attempt of an operation (a step's try, a waitForCondition check).
 *
 * @example
 * ```ts
 * import type { AttemptInfo } from "durable-execution-sdk";
 * export const label = (info: AttemptInfo) => `${info.name ?? info.id} attempt ${info.attempt}`;
 * ```
 * @experimental
 */
export interface AttemptInfo extends OperationInfo {
  /** The 1-based attempt number. */
  attempt: number;
}

/**
 * Information passed to `onOperationAttemptEnd`.
 *
 * @example
 * ```ts
 * import type { AttemptEndInfo } from "durable-execution-sdk";
 * export const summary = (info: AttemptEndInfo) => `${info.attempt}: ${info.outcome}`;
 * ```
 * @experimental
 */
export interface AttemptEndInfo extends AttemptInfo {
  /** Whether the attempt's function returned or threw. */
  outcome: AttemptEndInfoOutcome;
  /** What the attempt threw, when it failed. */
  error?: Error;
}

/**
 * What every invocation hook learns about the invocation.
 *
 * @example
 * ```ts
 * import type { InvocationBaseInfo } from "durable-execution-sdk";
 * export const countOperations = (info: InvocationBaseInfo) => Object.keys(info.operations).length;
 * ```
 * @experimental
 */
export interface InvocationBaseInfo {
  /** The Lambda request id of this invocation. */
  requestId: string;
  /** The durable execution's ARN. */
  executionArn: string;
  /** The execution's input payload (as given to the handler). */
  executionInput: unknown;
  /** Every operation known to this invocation, by id. */
  operations: Record<string, OperationInfo>;
  /** When the execution (not this invocation) started, as the service reports it. */
  executionStartTimestamp?: Date;
}

/**
 * Information passed to `onInvocationStart` and `wrapInvocation`.
 *
 * @example
 * ```ts
 * import type { DurableInstrumentationPlugin } from "durable-execution-sdk";
 * export const plugin: DurableInstrumentationPlugin = {
 *   async onInvocationStart(info) {
 *     if (!info.isFirstInvocation) console.log("resumed by", Object.keys(info.updatedOperations));
 *   },
 * };
 * ```
 * @experimental
 */
export interface InvocationInfo extends InvocationBaseInfo {
  /** True for the invocation that starts the execution; false for every resumption. */
  isFirstInvocation: boolean;
  /**
   * The operations the service reports as changed since the previous invocation (a wait that elapsed,
   * a callback that arrived, a chained invoke that finished) — from the invocation's
   * `UpdatedOperationIds`. Empty on the first invocation.
   */
  updatedOperations: Record<string, OperationInfo>;
}

/**
 * Information passed to `onInvocationEnd`.
 *
 * @example
 * ```ts
 * import type { DurableInstrumentationPlugin } from "durable-execution-sdk";
 * export const plugin: DurableInstrumentationPlugin = {
 *   async onInvocationEnd(info) {
 *     console.log(info.executionArn, info.status, info.executionError?.message ?? "");
 *   },
 * };
 * ```
 * @experimental
 */
export interface InvocationEndInfo extends InvocationBaseInfo {
  /** How the invocation ended. */
  status: PluginInvocationStatus;
  /** The handler's result, when the execution succeeded in this invocation. */
  executionResult?: unknown;
  /** The handler's error, when the execution failed (or the invocation is being retried). */
  executionError?: Error;
}

/**
 * Information passed to `onOperationChange`.
 *
 * @example
 * ```ts
 * import type { OperationChangeInfo } from "durable-execution-sdk";
 * export const changed = (info: OperationChangeInfo) => Object.values(info.updatedOperations).map((o) => o.status);
 * ```
 * @experimental
 */
export interface OperationChangeInfo {
  /** The durable execution's ARN. */
  executionArn: string;
  /** The operations whose state changed. */
  updatedOperations: Record<string, OperationInfo>;
  /** Every operation now known, by id. */
  operations: Record<string, OperationInfo>;
}

/**
 * What a wrapped user function returns (anything; often a promise).
 *
 * @example
 * ```ts
 * import type { CustomerFn, CustomerFnResult } from "durable-execution-sdk";
 * export const passThrough = (fn: CustomerFn): CustomerFnResult => fn();
 * ```
 * @experimental
 */
export type CustomerFnResult = unknown;
/**
 * A user function (step body, child-context body) handed to a `wrap*` hook.
 *
 * @example
 * ```ts
 * import type { CustomerFn } from "durable-execution-sdk";
 * export const timed = async (fn: CustomerFn) => {
 *   const started = Date.now();
 *   try {
 *     return await fn();
 *   } finally {
 *     console.log("took", Date.now() - started, "ms");
 *   }
 * };
 * ```
 * @experimental
 */
export type CustomerFn = () => CustomerFnResult;

/**
 * An instrumentation plugin: any subset of these hooks. Give plugins to `withDurableExecution` in
 * `config.plugins`, or name provider modules in the `DURABLE_EXECUTION_PLUGINS` environment variable.
 *
 * - The `on*` hooks are awaited before the SDK moves past the point they describe; hooks of several
 *   plugins run concurrently and the SDK waits for all of them. Time spent in a hook is time the Lambda
 *   invocation runs, so flush exporters in `onInvocationEnd` and keep other hooks quick.
 * - A hook that throws or rejects is logged and ignored: instrumentation never changes an execution's
 *   outcome.
 * - The `wrap*` hooks must call `fn` exactly once and return what it returns; they exist so a plugin can
 *   make its own context (a tracing span, say) active while user code runs.
 *
 * @example
 * ```ts
 * import { withDurableExecution, type DurableInstrumentationPlugin } from "durable-execution-sdk";
 * const timings: DurableInstrumentationPlugin = {
 *   async onOperationEnd(info) {
 *     if (info.startTimestamp && info.endTimestamp) {
 *       console.log(info.name, info.endTimestamp.getTime() - info.startTimestamp.getTime(), "ms");
 *     }
 *   },
 * };
 * export const handler = withDurableExecution(async (_event, ctx) => ctx.step("hello", async () => "hi"), {
 *   plugins: [timings],
 * });
 * ```
 * @experimental
 */
export interface DurableInstrumentationPlugin {
  /** Before the handler runs in this invocation. */
  onInvocationStart?(info: InvocationInfo): Promise<void>;
  /** Around the whole invocation; must call `fn` once and return its output. */
  wrapInvocation?(
    info: InvocationInfo,
    fn: () => Promise<DurableExecutionInvocationOutput>,
  ): Promise<DurableExecutionInvocationOutput>;
  /** After the invocation's outcome is known, before the Lambda response is returned (flush here). */
  onInvocationEnd?(info: InvocationEndInfo): Promise<void>;
  /** When an operation starts for the first time (not when a completed one is replayed). */
  onOperationStart?(info: OperationInfo): Promise<void>;
  /** Around a child context's function (runInChildContext, map items, parallel branches, …). */
  wrapChildContextFn?(info: OperationInfo, fn: CustomerFn): CustomerFnResult;
  /** When an operation reaches a terminal status. */
  onOperationEnd?(info: OperationEndInfo): Promise<void>;
  /** Before each attempt of an operation's function. */
  onOperationAttemptStart?(info: AttemptInfo): Promise<void>;
  /** Around each attempt of an operation's function. */
  wrapOperationAttemptFn?(info: AttemptInfo, fn: CustomerFn): CustomerFnResult;
  /** After each attempt, with its outcome. */
  onOperationAttemptEnd?(info: AttemptEndInfo): Promise<void>;
  /** When operations change state (from a checkpoint response or the invocation's updated operations). */
  onOperationChange?(info: OperationChangeInfo): Promise<void>;
  /** Extra fields to add to every durable log line (trace ids, for example). */
  enrichLogContext?(): Record<string, string | number | boolean> | undefined;
}

/**
 * The class of a concrete plugin, as a provider declares it.
 *
 * @example
 * ```ts
 * import type { DurableInstrumentationPlugin, DurableInstrumentationPluginType } from "durable-execution-sdk";
 * class Quiet implements DurableInstrumentationPlugin {}
 * export const type: DurableInstrumentationPluginType<Quiet> = Quiet;
 * ```
 * @experimental
 */
export type DurableInstrumentationPluginType<Plugin extends DurableInstrumentationPlugin = DurableInstrumentationPlugin> =
  abstract new (...args: never[]) => Plugin;

/**
 * What a module named in `DURABLE_EXECUTION_PLUGINS` exports as `durableExecutionPluginProvider`. The SDK
 * imports only the modules listed there, checks `pluginApiVersion`, and calls `createPlugin()` once when
 * the wrapped handler is created.
 *
 * @example
 * ```ts
 * import {
 *   DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
 *   type DurableInstrumentationPlugin,
 *   type DurableInstrumentationPluginProvider,
 * } from "durable-execution-sdk";
 * class CountingPlugin implements DurableInstrumentationPlugin {
 *   operations = 0;
 *   async onOperationStart() {
 *     this.operations++;
 *   }
 * }
 * export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<CountingPlugin> = {
 *   pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
 *   pluginType: CountingPlugin,
 *   createPlugin: () => new CountingPlugin(),
 * };
 * ```
 * @experimental
 */
export interface DurableInstrumentationPluginProvider<
  Plugin extends DurableInstrumentationPlugin = DurableInstrumentationPlugin,
> {
  /** Must equal {@link DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION}. */
  readonly pluginApiVersion: typeof DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION;
  /** The class `createPlugin` returns. */
  readonly pluginType: DurableInstrumentationPluginType<Plugin>;
  /** Creates the plugin instance (once, when the wrapped handler is created). */
  createPlugin(): Plugin;
}

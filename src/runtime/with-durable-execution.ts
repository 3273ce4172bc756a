/**
 * `withDurableExecution` (see docs/guide/internals-replay.md#invocation-contract and #termination): turns a durable handler into a Lambda handler. Loads the
 * execution state, runs the handler against a root DurableContext, races it against suspension and
 * termination, drains queued checkpoints and answers SUCCEEDED, FAILED or PENDING.
 */
import { verboseLog } from "./logger/verbose.js";
import {
  durableExecutionEventIssue,
  DurableValidationError,
  errorNameOf,
  InvocationStatus,
  isUnrecoverableInvocationError,
  messageSerdesFailedErrorResultNotJson,
  SerdesFailedError,
  MAX_PAGE_ITEMS,
  MAX_PAYLOAD_BYTES,
  RESULT_ENVELOPE_BYTES,
  RETHROWING_TERMINATION_REASONS,
  SUSPENDING_TERMINATION_REASONS,
  type DurableExecutionClient,
  type DurableExecutionHandler,
  type DurableExecutionInvocationInput,
  type DurableExecutionInvocationOutput,
  type DurableLogger,
  type DurableLogData,
  type DurableLoggingContext,
  type ErrorObject,
  type LambdaContext,
  type WireOperation,
  TerminationReason,
  LOGGER_DEFAULTS,
  DURABLE_EXECUTION_DEFAULTS,
  WITH_DURABLE_EXECUTION_ARGS_RULES,
  durableExecutionConfigIssueAfterInvocationStart,
  durableExecutionConfigIssueBeforePlugins,
  checkArguments,
  DurableExecutionClientErrorScope,
  executionUpdates,
} from "../generated/index.js";
import { DurableExecutionApiClient, type LambdaClientLike } from "./api-client.js";
import { CheckpointManager } from "./checkpoint/checkpoint-manager.js";
import { isExecutionEndingServiceError } from "./checkpoint/classify.js";
import { withApiRetries, type RetryOptions } from "./checkpoint/checkpoint-retry.js";
import { InternalContext, type ExecutionEnv } from "./context/internal-context.js";
import { currentScope, Mode } from "./execution/async-context.js";
import { StoredOperations } from "./execution/stored-operations.js";
import { TerminationManager } from "./execution/termination.js";
import { md5Prefix } from "./ids.js";
import { createDefaultLogger } from "./logger/default-logger.js";
import { operationHandlers } from "./operations/handlers.js";
import { toErrorObject } from "./operations/common.js";
import { defaultSerdes } from "./serdes/default-serdes.js";
import { PluginInvocationStatus, type DurableInstrumentationPlugin, type InvocationBaseInfo, type InvocationInfo } from "./plugins/types.js";
import { createPluginRunner, type PluginRunner } from "./plugins/runner.js";
import { loadConfiguredPlugins, PLUGIN_ENVIRONMENT_VARIABLE } from "./plugins/loader.js";
import { asError, toOperationInfoMap } from "./plugins/info.js";

/** Results larger than this (UTF-8 bytes of the JSON) are checkpointed instead of returned. */
export const MAX_RESULT_BYTES = MAX_PAYLOAD_BYTES - RESULT_ENVELOPE_BYTES;

/** The operation the errors of withDurableExecution name. */
const WRAPPER = "withDurableExecution";

/** The ErrorTypes of an invocation failed by a bad configuration and by a result that is not JSON (the classes' names). */
const VALIDATION_ERROR_TYPE = errorNameOf(DurableValidationError);
const SERDES_FAILED_ERROR_TYPE = errorNameOf(SerdesFailedError);

// Written by hand (its fields name runtime types, which generated code cannot import): schema/execution.yaml
// lists its fields and the defaults of the unset ones, generated as DURABLE_EXECUTION_DEFAULTS, which the
// code below reads, and the checks made when the handler is wrapped (generated as DURABLE_EXECUTION_CONFIG).
// test/execution-config.test.ts fails when this interface and that list name different fields or types, or
// when a default this TSDoc states is not the schema's.
/**
 * The optional second argument of `withDurableExecution`: the transport to the durable-execution API,
 * and (accepted for compatibility) instrumentation plugins.
 *
 * @example
 * ```ts
 * import { LambdaClient } from "@aws-sdk/client-lambda";
 * import { DurableExecutionApiClient, withDurableExecution } from "durable-execution-sdk";
 *
 * export const handler = withDurableExecution(
 *   async (event: { id: string }, context) => context.step("work", async () => event.id),
 *   { durableExecutionClient: new DurableExecutionApiClient(new LambdaClient({ region: "eu-west-1" })) },
 * );
 * ```
 */
export interface DurableExecutionConfig {
  /** @deprecated Use `durableExecutionClient`, or pass nothing to use the default Lambda client. */
  client?: LambdaClientLike;
  /** A custom transport to the durable-execution API. */
  durableExecutionClient?: DurableExecutionClient;
  /**
   * Instrumentation plugins, in order. Plugins named in the `DURABLE_EXECUTION_PLUGINS` environment
   * variable follow them. See the plugins guide.
   */
  plugins?: DurableInstrumentationPlugin[];
  /**
   * Plugin settings. `childOperationsDepth` (a non-negative integer or Infinity; default 0): how many
   * levels of child contexts keep their children in the service's state after they finish (the SDK
   * sets ContextOptions.ReplayChildren on them), so plugins see the whole operation tree after a
   * suspend and resume. 1 keeps the children of top-level contexts. Each kept context is re-entered
   * on replay (its children's results are read back, not re-run).
   */
  pluginsConfig?: { childOperationsDepth?: number };
  /**
   * Seconds a CheckpointDurableExecution or GetDurableExecutionState call that fails for a transient
   * reason (throttling, 5xx, network error) is retried, with jittered exponential backoff (250 ms
   * doubling up to 4 s), before the invocation gives up and the service re-invokes it later.
   * Default 12: enough to ride out a short outage (a restarting service, a network blip) inside the
   * invocation. Never past the invocation's remaining time (2 s are kept to return). 0 turns retries
   * off. Errors that retrying cannot fix (4xx but 429, KMS key errors) are never retried. Not in the
   * reference SDK, which leaves retries to the AWS SDK client (a few hundred milliseconds).
   *
   * @example
   * ```ts
   * import { withDurableExecution } from "durable-execution-sdk";
   *
   * export const handler = withDurableExecution(
   *   async (event: { id: string }, context) => context.step("load", async () => event.id),
   *   { checkpointRetryBudgetSeconds: 30 },
   * );
   * ```
   */
  checkpointRetryBudgetSeconds?: number;
}

/** `Symbol.toStringTag` (and class name) by which harnesses and SDKs recognise an event carrying a client. */
export const INJECTED_CLIENT_TAG = "DurableExecutionInvocationInputWithClient";

/**
 * The invocation event with a client attached, so a test harness or local service can hand the SDK
 * its transport. Recognised by `instanceof` and by `Symbol.toStringTag` (across package copies).
 *
 * @example
 * ```ts
 * // A harness hands the handler its own transport by wrapping the invocation event:
 * const event = new DurableExecutionInvocationInputWithClient(invocationInput, myClient);
 * const output = await handler(event, lambdaContext);
 * ```
 */
export class DurableExecutionInvocationInputWithClient implements DurableExecutionInvocationInput {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: DurableExecutionInvocationInput["InitialExecutionState"];
  UpdatedOperationIds?: string[];
  durableExecutionClient: DurableExecutionClient;
  constructor(params: DurableExecutionInvocationInput, durableExecutionClient: DurableExecutionClient) {
    this.DurableExecutionArn = params.DurableExecutionArn;
    this.CheckpointToken = params.CheckpointToken;
    this.InitialExecutionState = params.InitialExecutionState;
    if (params.UpdatedOperationIds) this.UpdatedOperationIds = params.UpdatedOperationIds;
    this.durableExecutionClient = durableExecutionClient;
  }
  get [Symbol.toStringTag](): string {
    return INJECTED_CLIENT_TAG;
  }
}

// Keep the class name even if a bundler renames the binding (harnesses may compare constructor.name).
Object.defineProperty(DurableExecutionInvocationInputWithClient, "name", { value: INJECTED_CLIENT_TAG });

function injectedClient(event: unknown): DurableExecutionClient | undefined {
  if (event instanceof DurableExecutionInvocationInputWithClient) return event.durableExecutionClient;
  if (Object.prototype.toString.call(event) === `[object ${INJECTED_CLIENT_TAG}]`) {
    return (event as { durableExecutionClient?: DurableExecutionClient }).durableExecutionClient;
  }
  return undefined;
}

function failed(error: ErrorObject): DurableExecutionInvocationOutput {
  return { Status: InvocationStatus.FAILED, Error: error };
}

let defaultApiClient: DurableExecutionApiClient | undefined;

/**
 * Marks every function `withDurableExecution` returns (a non-enumerable property whose value is
 * true), so tools such as `durable dev` can tell durable handlers among a module's exports.
 * `Symbol.for`, so that separate copies of the SDK agree on it.
 */
export const DURABLE_HANDLER_MARKER: unique symbol = Symbol.for("durable-execution-sdk.durable-handler");

/** True for a function returned by `withDurableExecution` (of any copy of this SDK). */
export function isDurableHandler(value: unknown): boolean {
  return typeof value === "function" && Reflect.get(value, DURABLE_HANDLER_MARKER) === true;
}

/**
 * Wraps a durable handler into the Lambda handler the durable-execution service invokes.
 *
 * @throws {@link DurableValidationError} at once (when the module loads, not at the first invocation)
 *   when `handler` is not a function, `config` has a key it does not know (`plugin` for `plugins`),
 *   `config.plugins` is not an array, or an entry of it is not an object. The reference SDK accepts the
 *   config silently.
 * @example
 * ```ts
 * import { withDurableExecution } from "durable-execution-sdk";
 *
 * declare function loadOrder(id: string): Promise<{ id: string; items: string[] }>;
 * declare function ship(order: { id: string }): Promise<string>;
 *
 * export const handler = withDurableExecution(async (event: { id: string }, context) => {
 *   const order = await context.step("load", async () => loadOrder(event.id));
 *   await context.wait({ minutes: 5 });
 *   return context.step("ship", async () => ship(order));
 * });
 * ```
 */
export function withDurableExecution<TEvent = any, TResult = any, TLogger extends DurableLogger = DurableLogger>(
  handler: DurableExecutionHandler<TEvent, TResult, TLogger>,
  config?: DurableExecutionConfig,
): (event: DurableExecutionInvocationInput, context: LambdaContext) => Promise<DurableExecutionInvocationOutput> {
  // Refused when the handler is wrapped (at module load, not at the first invocation), where the reference
  // SDK accepts them silently (schema/execution.yaml's checks): a handler that is not a function, a config
  // that is neither left out nor an object (null, a string, an array, a function), a key the config does
  // not have (`plugin` for `plugins`), a plugins value that is not an array, a plugins entry that is not an
  // object.
  checkArguments(WRAPPER, WITH_DURABLE_EXECUTION_ARGS_RULES, { handler, config });
  // Plugins load once, when the handler is created (cold start). With none configured there is no
  // promise to await per invocation.
  let plugins: PluginRunner | undefined | Promise<PluginRunner | undefined>;
  if ((config?.plugins?.length ?? 0) === 0 && !process.env[PLUGIN_ENVIRONMENT_VARIABLE]?.trim()) plugins = undefined;
  else {
    const loading = loadConfiguredPlugins(config?.plugins).then(createPluginRunner);
    loading.then((runner) => (plugins = runner), () => undefined);
    plugins = loading;
  }
  const durableHandler = async (event: DurableExecutionInvocationInput, lambdaContext: LambdaContext): Promise<DurableExecutionInvocationOutput> => {
    // schema/execution.yaml's event checks (the ARN, the token, and Operations an array or none): thrown, as the
    // reference throws, before anything else.
    const refused = durableExecutionEventIssue(event);
    if (refused) throw new DurableValidationError({ operation: WRAPPER, ...refused });
    // schema/execution.yaml's invocationChecks with `when: beforePlugins`.
    const problem = durableExecutionConfigIssueBeforePlugins(config);
    if (problem) return failed({ ErrorType: VALIDATION_ERROR_TYPE, ErrorMessage: problem.message });
    let plugin: PluginRunner | undefined;
    try {
      plugin = plugins instanceof Promise ? await plugins : plugins;
    } catch (error) {
      return failed(toErrorObject(error));
    }
    const client =
      injectedClient(event) ??
      config?.durableExecutionClient ??
      (config?.client ? new DurableExecutionApiClient(config.client) : (defaultApiClient ??= new DurableExecutionApiClient()));
    try {
      return await runInvocation(handler as DurableExecutionHandler, event, lambdaContext, client, plugin, config);
    } catch (error) {
      if (isExecutionEndingServiceError(error) || (error as { isDurableExecutionClientError?: boolean; scope?: string })?.scope === DurableExecutionClientErrorScope.EXECUTION)
        return failed(toErrorObject(error));
      throw error;
    }
  };
  Object.defineProperty(durableHandler, DURABLE_HANDLER_MARKER, { value: true });
  return durableHandler;
}

async function loadOperations(
  event: DurableExecutionInvocationInput,
  client: DurableExecutionClient,
  retry: RetryOptions,
): Promise<StoredOperations> {
  const all: WireOperation[] = [...(event.InitialExecutionState?.Operations ?? [])];
  let marker = event.InitialExecutionState?.NextMarker ?? "";
  while (marker) {
    const request = { DurableExecutionArn: event.DurableExecutionArn, CheckpointToken: event.CheckpointToken, Marker: marker, MaxItems: MAX_PAGE_ITEMS };
    const page = await withApiRetries(() => client.getExecutionState(request), retry);
    all.push(...(page.Operations ?? []));
    marker = page.NextMarker ?? "";
  }
  return new StoredOperations(all);
}

async function runInvocation(
  handler: DurableExecutionHandler,
  event: DurableExecutionInvocationInput,
  lambdaContext: LambdaContext,
  client: DurableExecutionClient,
  plugin: PluginRunner | undefined,
  config: DurableExecutionConfig | undefined,
): Promise<DurableExecutionInvocationOutput> {
  const remainingTimeMs = typeof lambdaContext?.getRemainingTimeInMillis === "function" ? () => lambdaContext.getRemainingTimeInMillis() : undefined;
  const retryBudgetSeconds = config?.checkpointRetryBudgetSeconds;
  const operations = await loadOperations(event, client, { budgetSeconds: retryBudgetSeconds, remainingTimeMs });
  verboseLog("invocation started", () => ({ arn: event.DurableExecutionArn, operations: operations.size }));
  const first = operations.first();
  const input = JSON.parse(first?.ExecutionDetails?.InputPayload ?? "{}");
  const termination = new TerminationManager();
  const requestId = lambdaContext?.awsRequestId ?? "";
  const tenantId = (lambdaContext as { tenantId?: string } | undefined)?.tenantId;
  const updatedIds = new Set(event.UpdatedOperationIds ?? []);
  const checkpoints = new CheckpointManager({
    client,
    arn: event.DurableExecutionArn,
    token: event.CheckpointToken,
    operations,
    termination,
    remainingTimeMs,
    retryBudgetSeconds,
    plugin,
  });
  const env: ExecutionEnv = {
    arn: event.DurableExecutionArn,
    checkpoints,
    termination,
    lambdaContext,
    requestId,
    tenantId,
    plugin,
    updatedBetweenInvocations: (wireId) => updatedIds.has(wireId),
    handlers: operationHandlers,
  };
  // The reference's shape, which a custom logger spreading it into its records shows: executionArn,
  // requestId, tenantId and operationId always (undefined when unknown or at root), then operationName
  // and attempt only when there are.
  const loggingContext: DurableLoggingContext = {
    getDurableLogData: () => {
      const active = currentScope();
      const data: DurableLogData = { executionArn: event.DurableExecutionArn, requestId, tenantId, operationId: active?.operationId };
      if (active?.operationName !== undefined) data.operationName = active.operationName;
      if (active?.attempt !== undefined) data.attempt = active.attempt;
      return data;
    },
  };
  const enrich = plugin?.enrichLogContext;
  const logger = createDefaultLogger(enrich ? { enrichLogContext: enrich } : {});
  logger.configureDurableLoggingContext(loggingContext);
  const firstInvocation = operations.isFirstInvocation();

  // No invocation hook: no invocation information is built (operation hooks still run, from env).
  // schema/execution.yaml's invocationChecks with `when: afterInvocationStart`: after onInvocationStart, as
  // the reference does, so plugins see the failed invocation.
  if (!plugin || !(plugin.onInvocationStart || plugin.wrapInvocation || plugin.onInvocationEnd)) {
    const problem = durableExecutionConfigIssueAfterInvocationStart(config);
    if (problem) return failed({ ErrorType: VALIDATION_ERROR_TYPE, ErrorMessage: problem.message });
    return (await execute()).output;
  }
  const { onInvocationStart, wrapInvocation, onInvocationEnd } = plugin;

  const allOperations = toOperationInfoMap(operations);
  const updatedOperations: InvocationInfo["updatedOperations"] = {};
  for (const id of updatedIds) if (allOperations[id]) updatedOperations[id] = allOperations[id]!;
  const base: InvocationBaseInfo = {
    requestId,
    executionArn: event.DurableExecutionArn,
    executionInput: input,
    operations: allOperations,
    executionStartTimestamp: first?.StartTimestamp,
  };
  const invocationInfo: InvocationInfo = { ...base, isFirstInvocation: firstInvocation, updatedOperations };
  if (onInvocationStart) await onInvocationStart(invocationInfo);
  const problem = durableExecutionConfigIssueAfterInvocationStart(config);
  if (problem) {
    await onInvocationEnd?.({
      ...base,
      status: PluginInvocationStatus.FAILED,
      executionError: new DurableValidationError({ operation: WRAPPER, ...problem }),
      executionResult: undefined,
    });
    return failed({ ErrorType: VALIDATION_ERROR_TYPE, ErrorMessage: problem.message });
  }
  const invocation = async (): Promise<DurableExecutionInvocationOutput> => {
    let ended: Ended;
    try {
      ended = await execute();
    } catch (error) {
      await onInvocationEnd?.({
        ...base,
        status: isUnrecoverableInvocationError(error) ? PluginInvocationStatus.RETRYING : PluginInvocationStatus.FAILED,
        executionError: asError(error),
        executionResult: undefined,
        operations: toOperationInfoMap(operations),
      });
      throw error;
    }
    if (!onInvocationEnd) return ended.output;
    const status = ended.output.Status;
    await onInvocationEnd({
      ...base,
      status: status === InvocationStatus.SUCCEEDED ? PluginInvocationStatus.SUCCEEDED : status === InvocationStatus.PENDING ? PluginInvocationStatus.PENDING : PluginInvocationStatus.FAILED,
      executionResult: status === InvocationStatus.SUCCEEDED ? ended.value : undefined,
      executionError: status === InvocationStatus.FAILED ? asError(ended.error ?? new Error(ended.output.Error?.ErrorMessage)) : undefined,
      operations: toOperationInfoMap(operations),
    });
    return ended.output;
  };
  return wrapInvocation ? wrapInvocation(invocationInfo, invocation) : invocation();

  /** Runs the handler to its outcome: the Lambda response, with the handler's value or error for plugins. */
  async function execute(): Promise<Ended> {
    const root = new InternalContext(env, {
      mode: firstInvocation ? Mode.Execution : Mode.Replay,
      serdes: { defaultSerdes },
      logger,
      modeAware: LOGGER_DEFAULTS.modeAware,
      loggingContext,
      preserveDepth: rootPreserveDepth(config?.pluginsConfig?.childOperationsDepth),
    });
    const handlerPromise = root.runRoot(() => Promise.resolve().then(() => handler(input, root.api)));
    type Outcome = { kind: "returned"; value: unknown } | { kind: "threw"; error: unknown } | { kind: "terminated" };
    const outcome: Outcome = await Promise.race([
      handlerPromise.then(
        (value): Outcome => ({ kind: "returned", value }),
        (error): Outcome => ({ kind: "threw", error }),
      ),
      termination.promise.then((): Outcome => ({ kind: "terminated" })),
    ]);

    try {
      if (outcome.kind === "terminated") {
        await checkpoints.drain();
        return terminationOutput(termination, checkpoints);
      }
      await checkpoints.drain();
      if (termination.result || checkpoints.failure) return terminationOutput(termination, checkpoints);
      if (outcome.kind === "threw") {
        if (isUnrecoverableInvocationError(outcome.error)) throw outcome.error;
        return { output: failed(toErrorObject(outcome.error)), error: outcome.error };
      }
      let json: string | undefined;
      try {
        json = outcome.value === undefined ? undefined : JSON.stringify(outcome.value);
      } catch (error) {
        const message = messageSerdesFailedErrorResultNotJson((error as Error).message);
        return { output: failed({ ErrorType: SERDES_FAILED_ERROR_TYPE, ErrorMessage: message }), error };
      }
      if (json !== undefined && Buffer.byteLength(json) > MAX_RESULT_BYTES) {
        const id = md5Prefix(`execution-result-${Date.now()}`);
        await Promise.race([
          // The update already carries its wire Id; the raw id, a hash with no separator, has no ancestors.
          checkpoints.checkpoint({ rawId: id, wireId: id }, executionUpdates.succeed(id, { payload: json })),
          termination.promise,
        ]);
        await checkpoints.drain();
        if (termination.result || checkpoints.failure) return terminationOutput(termination, checkpoints);
        return { output: { Status: InvocationStatus.SUCCEEDED, Result: "" }, value: outcome.value };
      }
      return { output: json === undefined ? { Status: InvocationStatus.SUCCEEDED } : { Status: InvocationStatus.SUCCEEDED, Result: json }, value: outcome.value };
    } finally {
      checkpoints.dispose();
    }
  }
}

/** How an invocation ended: the response, and (for plugins) the handler's value or the error. */
interface Ended {
  output: DurableExecutionInvocationOutput;
  value?: unknown;
  error?: unknown;
}

/**
 * The root context's preserve budget for `childOperationsDepth` (already validated; unset: the schema's
 * default): a context keeps its children when its own budget (one less than its parent's) is at least 1,
 * so depth 1 (children of top-level contexts) seeds the root with 2. 0 disables it; Infinity keeps the
 * whole tree.
 */
function rootPreserveDepth(depth: number = DURABLE_EXECUTION_DEFAULTS.pluginsConfig.childOperationsDepth): number {
  // Infinity + 1 is Infinity.
  return depth <= 0 ? 0 : depth + 1;
}

function terminationOutput(termination: TerminationManager, checkpoints: CheckpointManager): Ended {
  // A checkpoint that failed while the invocation was already suspending must not be lost silently.
  const result = checkpoints.failure
    ? { reason: TerminationReason.CHECKPOINT_FAILED, message: checkpoints.failure.message, error: checkpoints.failure as Error }
    : termination.result!;
  if (SUSPENDING_TERMINATION_REASONS.has(result.reason)) return { output: { Status: InvocationStatus.PENDING } };
  const error = result.error ?? new Error(result.message);
  if (RETHROWING_TERMINATION_REASONS.has(result.reason) && isUnrecoverableInvocationError(error)) throw error;
  return { output: failed(toErrorObject(error)), error };
}

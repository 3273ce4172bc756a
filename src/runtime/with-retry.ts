/**
 * `withRetry` (see docs/guide/internals-operations.md#withretry): retries an arbitrary block of durable code, waiting durably between attempts.
 */
import {
  describeReceived,
  fixDurableValidationErrorWithRetryConfigInvalid,
  fixDurableValidationErrorWithRetryContextInvalid,
  fixDurableValidationErrorWithRetryFuncInvalid,
  fixDurableValidationErrorWithRetryStrategyInvalid,
  fixDurableValidationErrorWithRetryUnknownOptions,
  fixDurableValidationErrorWithRetryWrapInvalid,
  messageDurableValidationErrorWithRetryConfigInvalid,
  messageDurableValidationErrorWithRetryContextInvalid,
  messageDurableValidationErrorWithRetryFuncInvalid,
  messageDurableValidationErrorWithRetryStrategyInvalid,
  messageDurableValidationErrorWithRetryUnknownOptions,
  messageDurableValidationErrorWithRetryWrapInvalid,
  messageDurableValidationErrorWithRetryProblem,
  DurableValidationError,
  everyConfigFieldRead,
  resolveWithRetryConfig,
  RETRY_DECISION_DEFAULTS,
  validateWithRetryConfig,
  type DurableContext,
  type DurableLogger,
  type WithRetryConfig,
} from "../generated/index.js";
import { valueAt } from "../generated/validators.js";
import { thrownText } from "./text.js";

/**
 * The retried block: receives the context to use and the attempt number (from 1).
 *
 * @example
 * ```ts
 * const attemptQuote: RetryableFunc<number> = async (ctx, attempt) => {
 *   const price = await ctx.step("fetch", async () => fetchPrice());
 *   if (price <= 0) throw new Error(`no price on attempt ${attempt}`);
 *   return price;
 * };
 * const price = await withRetry(context, "quote", attemptQuote, { retryStrategy: createRetryStrategy({ maxAttempts: 3 }) });
 * ```
 */
export type RetryableFunc<T, TLogger extends DurableLogger = DurableLogger> = (context: DurableContext<TLogger>, attempt: number) => Promise<T>;

function invalid(field: string, problem: string, fix: string, received: unknown): never {
  throw new DurableValidationError({ operation: "withRetry", field: `withRetry.${field}`, message: messageDurableValidationErrorWithRetryProblem(problem, fix), fix, received });
}

/**
 * Runs `func` and retries it while `config.retryStrategy` says so, with a durable wait between
 * attempts (named `<name>-backoff-<attempt>` when a name is given). By default the whole loop runs in a
 * child context named `name`, so a failure that is not retried surfaces as ChildContextError.
 *
 * @example
 * ```ts
 * const quote = await withRetry(context, "quote", async (ctx, attempt) => {
 *   const q = await ctx.step("fetch", async () => fetchQuote());
 *   if (!q.valid) throw new Error(`invalid quote on attempt ${attempt}`);
 *   return q;
 * }, { retryStrategy: createRetryStrategy({ maxAttempts: 4 }) });
 * ```
 */
export function withRetry<T, TLogger extends DurableLogger = DurableLogger>(
  context: DurableContext<TLogger>,
  name: string | undefined,
  func: RetryableFunc<T, TLogger>,
  config: WithRetryConfig<T>,
): Promise<T>;
export function withRetry<T, TLogger extends DurableLogger = DurableLogger>(
  context: DurableContext<TLogger>,
  func: RetryableFunc<T, TLogger>,
  config: WithRetryConfig<T>,
): Promise<T>;
export async function withRetry<T>(context: DurableContext, ...rest: unknown[]): Promise<T> {
  const named = rest[0] === undefined || typeof rest[0] === "string";
  const [name, func, config] = (named ? rest : [undefined, ...rest]) as [string | undefined, RetryableFunc<T>, WithRetryConfig<T>];
  if (typeof context !== "object" || context === null || typeof (context as { wait?: unknown }).wait !== "function")
    invalid("context", messageDurableValidationErrorWithRetryContextInvalid, fixDurableValidationErrorWithRetryContextInvalid, context);
  if (typeof func !== "function") invalid("func", messageDurableValidationErrorWithRetryFuncInvalid(describeReceived(func)), fixDurableValidationErrorWithRetryFuncInvalid, func);
  const issue = validateWithRetryConfig(config);
  if (issue) {
    const field = issue.path.length ? `config.${issue.path.join(".")}` : "config";
    // The value at the field the message names (the object holding unknown keys, or the bad value).
    const at = valueAt(config, issue.path);
    if (issue.kind === "unknownKeys") {
      const keys = issue.keys.map((k) => `"${k}"`).join(", ");
      invalid(field, messageDurableValidationErrorWithRetryUnknownOptions(field, issue.keys.length > 1 ? "s" : "", keys), fixDurableValidationErrorWithRetryUnknownOptions, at);
    }
    const [problem, fix] =
      issue.path[0] === "wrapWithRunInChildContext"
        ? [messageDurableValidationErrorWithRetryWrapInvalid, fixDurableValidationErrorWithRetryWrapInvalid]
        : issue.path[0] === "retryStrategy"
          ? [messageDurableValidationErrorWithRetryStrategyInvalid, fixDurableValidationErrorWithRetryStrategyInvalid]
          : [messageDurableValidationErrorWithRetryConfigInvalid, fixDurableValidationErrorWithRetryConfigInvalid];
    invalid(field, problem(field, describeReceived(at)), fix, at);
  }
  const { retryStrategy, wrapWithRunInChildContext, childContextConfig, ...unread } = resolveWithRetryConfig(config);
  everyConfigFieldRead(unread, "WithRetryConfig");
  const loop = async (ctx: DurableContext): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await func(ctx, attempt);
      } catch (error) {
        const decision = retryStrategy(error instanceof Error ? error : new Error(thrownText(error)), attempt);
        if (!decision?.shouldRetry) throw error;
        const delay = decision.delay ?? RETRY_DECISION_DEFAULTS.delay;
        if (name !== undefined) await ctx.wait(`${name}-backoff-${attempt}`, delay);
        else await ctx.wait(delay);
      }
    }
  };
  if (!wrapWithRunInChildContext) return loop(context);
  return context.runInChildContext(name, loop as never, childContextConfig as never) as Promise<T>;
}

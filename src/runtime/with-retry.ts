/**
 * `withRetry` (see docs/guide/internals-operations.md#withretry): retries an arbitrary block of durable code, waiting durably between attempts.
 */
import {
  checkArguments,
  everyConfigFieldRead,
  resolveWithRetryConfig,
  RETRY_DECISION_DEFAULTS,
  WITH_RETRY_ARGS_RULES,
  type DurableContext,
  type DurableLogger,
  type WithRetryConfig,
} from "../generated/index.js";
import { decideRetry } from "./retry/presets.js";
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

/**
 * Runs `func` and retries it while `config.retryStrategy` says so, with a durable wait between
 * attempts (named `<name>-backoff-<attempt>` when a non-empty name is given). By default the whole loop
 * runs in a child context named `name` (anonymous without a non-empty name), so a failure that is not
 * retried surfaces as ChildContextError.
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
  // context, func and config (retryStrategy required in it), as schema/shared/with-retry.yaml declares them.
  checkArguments("withRetry", WITH_RETRY_ARGS_RULES, { context, func, config });
  const { retryStrategy, wrapWithRunInChildContext, childContextConfig, ...unread } = resolveWithRetryConfig(config);
  everyConfigFieldRead(unread, "WithRetryConfig");
  const loop = async (ctx: DurableContext): Promise<T> => {
    for (let attempt = 1; ; attempt++) {
      try {
        return await func(ctx, attempt);
      } catch (error) {
        const decision = decideRetry(retryStrategy, error instanceof Error ? error : new Error(thrownText(error)), attempt);
        if (!decision.shouldRetry) throw error;
        const delay = decision.delay ?? RETRY_DECISION_DEFAULTS.delay;
        if (name) await ctx.wait(`${name}-backoff-${attempt}`, delay);
        else await ctx.wait(delay);
      }
    }
  };
  if (!wrapWithRunInChildContext) return loop(context);
  return context.runInChildContext(name || undefined, loop, childContextConfig);
}

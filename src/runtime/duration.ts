/**
 * `Duration` validation and conversion.
 *
 * What a valid {@link Duration} is comes from the schema (`durationRule` in schema/types.yaml, generated
 * as `DURATION_RULE` and `durationIssue`), so every entry point gives the same verdict and message.
 *
 * @module
 */
import { DURATION_RULE, DurableValidationError, durationIssue, messageDurableValidationErrorProblemAndFix, MIN_WAIT_SECONDS, type Duration } from "../generated/index.js";
import { valueAt } from "../generated/validators.js";

/** A unit key a {@link Duration} may carry (from the schema's Duration rule, `DURATION_RULE.unitSeconds`). */
export type DurationUnit = keyof typeof DURATION_RULE.unitSeconds;

/** Where a duration came from, so a validation error can point at it. */
export interface DurationSource {
  /** The operation or factory being configured, e.g. `"wait"` or `"createRetryStrategy"`. */
  operation: string;
  /** Dotted path of the duration argument, e.g. `"wait.duration"`; units are appended to it. */
  field: string;
}

/** Details of a rejected argument or option, for {@link invalidInput}. */
export interface InvalidInput {
  /** The operation or factory that rejected it, e.g. `"wait"`. */
  operation: string;
  /** Dotted path of the offending value, e.g. `"wait.duration.seconds"`. */
  field: string;
  /** What is wrong, without a trailing period. */
  problem: string;
  /** How to fix it, as a sentence. */
  fix: string;
  /** The offending value. */
  received: unknown;
}

/**
 * Builds the {@link DurableValidationError} the runtime's utility modules throw. Its message is
 * `"<problem>. <fix>"`, the same shape as the generated argument validators produce.
 */
export function invalidInput(details: InvalidInput): DurableValidationError {
  const { operation, field, problem, fix, received } = details;
  return new DurableValidationError({ operation, field, message: messageDurableValidationErrorProblemAndFix(problem, fix), fix, received });
}

/**
 * Checks that `value` is a valid {@link Duration} (the schema's one Duration rule, `DURATION_RULE`: the
 * same verdict as the generated validators give) and returns its length in seconds.
 *
 * @param value - The duration to check (typed `unknown` input is accepted so untyped callers are
 *   validated too).
 * @param source - Operation and field name used in the error.
 * @param maxSeconds - The field's longest total, when the schema gives it one of its own (a generated
 *   `…_MAX_SECONDS` constant); otherwise the rule's, `DURATION_RULE.maxSeconds`.
 * @returns The total number of seconds (zero included; fractional when the units are).
 * @throws DurableValidationError naming the offending key (e.g. `wait.duration.seconds`) or the whole
 *   value, with the rule's fix.
 */
export function durationToSeconds(value: unknown, source: DurationSource, maxSeconds?: number): number {
  const issue = durationIssue(value, maxSeconds);
  if ("seconds" in issue) return issue.seconds;
  const field = issue.unit === undefined ? source.field : `${source.field}.${issue.unit}`;
  throw invalidInput({ operation: source.operation, field, problem: `${field} ${issue.problem}`, fix: DURATION_RULE.fix, received: valueAt(value, issue.unit === undefined ? [] : [issue.unit]) });
}

/**
 * Seconds to send where the Lambda API takes whole seconds from 1 (WaitOptions.WaitSeconds,
 * StepOptions.NextAttemptDelaySeconds): the total rounded, and a zero Duration (which the rule allows)
 * becomes 1.
 */
export function atLeastOneSecond(seconds: number): number {
  return Math.max(MIN_WAIT_SECONDS, Math.round(seconds));
}

/** Seconds to send where the Lambda API takes whole seconds from 0 (CallbackOptions timeouts). */
export function wholeSeconds(seconds: number): number {
  return Math.round(seconds);
}

/**
 * Returns `true` when `value` is a valid {@link Duration} (see {@link durationToSeconds}), without
 * throwing. Zero-length durations count as valid here.
 */
export function isDuration(value: unknown): value is Duration {
  return "seconds" in durationIssue(value);
}

/**
 * Adds up the units of a duration without validating it: absent or `undefined` units count as zero.
 * Used on hot paths (retry delays) where the duration was validated when the strategy was created.
 *
 * @returns Total seconds; may be fractional or `NaN` if the input was never validated.
 */
export function totalSeconds(duration: Duration): number {
  const record = duration as Partial<Record<DurationUnit, number>>;
  return (
    (record.days ?? 0) * DURATION_RULE.unitSeconds.days +
    (record.hours ?? 0) * DURATION_RULE.unitSeconds.hours +
    (record.minutes ?? 0) * DURATION_RULE.unitSeconds.minutes +
    (record.seconds ?? 0)
  );
}

/**
 * `Duration` validation and conversion.
 *
 * A {@link Duration} is a plain object with at least one of `days`, `hours`, `minutes`, `seconds`,
 * each a finite, non-negative whole number. No other keys are allowed.
 *
 * @module
 */
import { DurableValidationError, type Duration } from "../generated/index.js";

/** The unit keys a {@link Duration} may carry, largest first. */
export const DURATION_UNITS = ["days", "hours", "minutes", "seconds"] as const;

/** One of {@link DURATION_UNITS}. */
export type DurationUnit = (typeof DURATION_UNITS)[number];

const SECONDS_PER_UNIT: Readonly<Record<DurationUnit, number>> = {
  days: 86_400,
  hours: 3_600,
  minutes: 60,
  seconds: 1,
};

const EXAMPLE = "e.g. { seconds: 30 } or { minutes: 5 }";

/** Where a duration came from, so a validation error can point at it. */
export interface DurationSource {
  /** The operation or factory being configured, e.g. `"wait"` or `"createRetryStrategy"`. */
  operation: string;
  /** Dotted path of the duration argument, e.g. `"wait.duration"`; units are appended to it. */
  field: string;
  /**
   * Accept a total of zero seconds (retry delays may be zero; waits may not). Default `false`.
   */
  allowZero?: boolean;
}

function isUnit(key: string): key is DurationUnit {
  return Object.prototype.hasOwnProperty.call(SECONDS_PER_UNIT, key);
}

function describe(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "an array";
  if (typeof value === "number") return String(value);
  if (typeof value === "string") return JSON.stringify(value);
  return typeof value;
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
  received?: unknown;
}

/**
 * Builds the {@link DurableValidationError} the runtime's utility modules throw. Its message is
 * `"<problem>. <fix>"`, the same shape as the generated argument validators produce.
 */
export function invalidInput(details: InvalidInput): DurableValidationError {
  const { operation, field, problem, fix, received } = details;
  return new DurableValidationError({ operation, field, message: `${problem}. ${fix}`, fix, received });
}

function fail(source: DurationSource, field: string, problem: string, fix: string, received: unknown): never {
  throw invalidInput({ operation: source.operation, field, problem, fix, received });
}

/**
 * Checks that `value` is a valid {@link Duration} and returns its length in seconds.
 *
 * @param value - The duration to check (typed `unknown` input is accepted so untyped callers are
 *   validated too).
 * @param source - Operation and field name used in the error, plus whether zero is acceptable.
 * @returns The total number of seconds (an integer).
 * @throws DurableValidationError when `value` is not an object, has no unit, has an unknown key, has a
 *   unit that is not a finite non-negative integer, or (unless `allowZero`) adds up to zero. The error's
 *   `field` names the offending key, e.g. `wait.duration.seconds`.
 */
export function durationToSeconds(value: unknown, source: DurationSource): number {
  const base = source.field;
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    fail(
      source,
      base,
      `${base} must be a Duration object, got ${describe(value)}`,
      `Pass an object with at least one of days, hours, minutes or seconds (${EXAMPLE}).`,
      value,
    );
  }
  const record = value as Record<string, unknown>;
  let total = 0;
  let units = 0;
  for (const key of Object.keys(record)) {
    const amount = record[key];
    if (!isUnit(key)) {
      fail(
        source,
        `${base}.${key}`,
        `${base} has an unknown unit "${key}"`,
        `Use only days, hours, minutes and seconds (${EXAMPLE}).`,
        value,
      );
    }
    if (amount === undefined) continue;
    if (typeof amount !== "number" || !Number.isInteger(amount) || amount < 0) {
      fail(
        source,
        `${base}.${key}`,
        `${base}.${key} must be a non-negative whole number, got ${describe(amount)}`,
        `Set ${key} to an integer of 0 or more; express fractions in a smaller unit.`,
        amount,
      );
    }
    units += 1;
    total += amount * SECONDS_PER_UNIT[key];
  }
  if (units === 0) {
    fail(
      source,
      base,
      `${base} must set at least one of days, hours, minutes or seconds`,
      `Give the duration a unit (${EXAMPLE}).`,
      value,
    );
  }
  if (!Number.isSafeInteger(total)) {
    fail(source, base, `${base} is too long (${total} seconds)`, "Use a shorter duration.", value);
  }
  if (total === 0 && !source.allowZero) {
    fail(
      source,
      base,
      `${base} must be longer than zero seconds`,
      `Use a duration of at least one second (${EXAMPLE}).`,
      value,
    );
  }
  return total;
}

/**
 * Returns `true` when `value` is a valid {@link Duration} (see {@link durationToSeconds}), without
 * throwing. Zero-length durations count as valid here.
 */
export function isDuration(value: unknown): value is Duration {
  try {
    durationToSeconds(value, { operation: "isDuration", field: "duration", allowZero: true });
    return true;
  } catch {
    return false;
  }
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
    (record.days ?? 0) * SECONDS_PER_UNIT.days +
    (record.hours ?? 0) * SECONDS_PER_UNIT.hours +
    (record.minutes ?? 0) * SECONDS_PER_UNIT.minutes +
    (record.seconds ?? 0)
  );
}

/**
 * Validation of the numeric options shared by the retry and wait strategy factories.
 *
 * Every check throws {@link DurableValidationError} with `field` set to `<factory>.<option>` (for
 * example `createRetryStrategy.maxAttempts`), so the message points at the exact option to fix.
 *
 * @module
 */
import {
  fixDurableValidationErrorBackoffRateInvalid,
  fixDurableValidationErrorJitterInvalid,
  fixDurableValidationErrorMaxAttemptsInvalid,
  fixDurableValidationErrorStrategyConfigNotObject,
  checkOptionKeys,
  describeReceived,
  isRecord,
  JitterStrategy,
  messageDurableValidationErrorBackoffRateInvalid,
  messageDurableValidationErrorJitterInvalid,
  messageDurableValidationErrorMaxAttemptsInvalid,
  messageDurableValidationErrorStrategyConfigNotObject,
  type Duration,
} from "../../generated/index.js";
import { durationToSeconds, invalidInput } from "../duration.js";

/**
 * Validates `maxAttempts`: a whole number of at least 1, or `Infinity` for "no limit".
 *
 * @returns the value, or `fallback` when it is `undefined`.
 */
export function checkMaxAttempts(value: unknown, fallback: number, operation: string): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && (Number.isInteger(value) || value === Infinity) && value >= 1) {
    return value;
  }
  throw invalidInput({
    operation,
    field: `${operation}.maxAttempts`,
    problem: messageDurableValidationErrorMaxAttemptsInvalid(operation, describeReceived(value)),
    fix: fixDurableValidationErrorMaxAttemptsInvalid,
    received: value,
  });
}

/**
 * Validates a multiplicative `backoffRate`: a finite number greater than zero.
 *
 * @returns the value, or `fallback` when it is `undefined`.
 */
export function checkBackoffRate(value: unknown, fallback: number, operation: string): number {
  if (value === undefined) return fallback;
  if (typeof value === "number" && Number.isFinite(value) && value > 0) return value;
  throw invalidInput({
    operation,
    field: `${operation}.backoffRate`,
    problem: messageDurableValidationErrorBackoffRateInvalid(operation, describeReceived(value)),
    fix: fixDurableValidationErrorBackoffRateInvalid,
    received: value,
  });
}

/** The longest total of the delay options that have their own (a generated `…_MAX_SECONDS` constant). */
export type DelayLimits = { readonly [option: string]: number | undefined };

/**
 * Validates a delay option (zero allowed, at most its longest total: its entry of `maxSeconds`, else the
 * Duration rule's) and converts it to seconds.
 *
 * @returns total seconds of `value`, or of `fallback` when `value` is `undefined`.
 */
export function checkDelay(
  value: Duration | undefined,
  fallback: Duration,
  operation: string,
  option: string,
  maxSeconds: DelayLimits,
): number {
  return durationToSeconds(value === undefined ? fallback : value, {
    operation,
    field: `${operation}.${option}`,
  }, maxSeconds[option]);
}

/**
 * Validates that a config argument, when given, is an object with only the keys `fields` names (a
 * generated `…_FIELDS` constant: `createRetryStrategy({ maxRetries: 3 })` is refused, not ignored).
 *
 * @returns the config, or an empty object when it is `undefined`.
 */
export function checkConfigObject<C extends object>(config: C | undefined, operation: string, fields: string): C {
  if (config === undefined) return {} as C;
  if (isRecord(config)) return checkOptionKeys(operation, fields, config);
  throw invalidInput({
    operation,
    field: `${operation}.config`,
    problem: messageDurableValidationErrorStrategyConfigNotObject(operation, describeReceived(config)),
    fix: fixDurableValidationErrorStrategyConfigNotObject(operation),
    received: config,
  });
}

const JITTER_VALUES: ReadonlySet<string> = new Set<string>(Object.values(JitterStrategy));

/**
 * Validates `jitter`: one of the {@link JitterStrategy} values.
 *
 * @returns the value, or `fallback` when it is `undefined`.
 */
export function checkJitter(value: unknown, fallback: JitterStrategy, operation: string): JitterStrategy {
  if (value === undefined) return fallback;
  if (typeof value === "string" && JITTER_VALUES.has(value)) return value as JitterStrategy;
  throw invalidInput({
    operation,
    field: `${operation}.jitter`,
    problem: messageDurableValidationErrorJitterInvalid(operation, [...JITTER_VALUES].join(", "), describeReceived(value)),
    fix: fixDurableValidationErrorJitterInvalid,
    received: value,
  });
}

/** Options of an exponential curve (retry and wait strategies). */
export interface ExponentialOptions {
  maxAttempts?: number;
  initialDelay?: Duration;
  maxDelay?: Duration;
  backoffRate?: number;
  jitter?: JitterStrategy;
}

/** Validated {@link ExponentialOptions}, delays in seconds. */
export interface ExponentialSettings {
  maxAttempts: number;
  initialSeconds: number;
  capSeconds: number;
  rate: number;
  jitter: JitterStrategy;
}

/**
 * Validates the options of an exponential curve, filling in `defaults` for unset ones; `maxSeconds` holds
 * the delays' own longest totals (the type's generated `…_MAX_SECONDS`).
 */
export function checkExponentialOptions(
  options: ExponentialOptions,
  defaults: Required<ExponentialOptions>,
  maxSeconds: DelayLimits,
  operation: string,
): ExponentialSettings {
  return {
    maxAttempts: checkMaxAttempts(options.maxAttempts, defaults.maxAttempts, operation),
    initialSeconds: checkDelay(options.initialDelay, defaults.initialDelay, operation, "initialDelay", maxSeconds),
    capSeconds: checkDelay(options.maxDelay, defaults.maxDelay, operation, "maxDelay", maxSeconds),
    rate: checkBackoffRate(options.backoffRate, defaults.backoffRate, operation),
    jitter: checkJitter(options.jitter, defaults.jitter, operation),
  };
}

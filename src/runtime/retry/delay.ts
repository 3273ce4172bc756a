/**
 * Delay math shared by the retry and wait strategies: exponential curve, jitter and rounding.
 *
 * @module
 */
import { JitterStrategy } from "../../generated/index.js";
import { atLeastOneSecond } from "../duration.js";

/** A source of uniformly distributed numbers in `[0, 1)`; `Math.random` by default. */
export type RandomSource = () => number;

/** Reads `Math.random` at call time, so tests that stub it after a strategy was built still apply. */
export const defaultRandom: RandomSource = () => Math.random();

/**
 * Exponential base delay for the attempt that just failed (1-based):
 * `min(initialSeconds × rate^(attemptsMade − 1), capSeconds)`.
 */
export function exponentialDelaySeconds(
  initialSeconds: number,
  rate: number,
  capSeconds: number,
  attemptsMade: number,
): number {
  return Math.min(initialSeconds * rate ** (attemptsMade - 1), capSeconds);
}

/**
 * Spreads a base delay according to a jitter strategy.
 *
 * - `NONE`: the base delay itself.
 * - `FULL`: uniformly in `[0, base)`.
 * - `HALF`: uniformly in `[base / 2, base)`.
 *
 * @param baseSeconds - Delay before jitter, in seconds (already capped).
 * @param jitter - The strategy; validated when the strategy was created.
 * @param random - Uniform source in `[0, 1)`.
 */
export function applyJitter(baseSeconds: number, jitter: JitterStrategy, random: RandomSource): number {
  switch (jitter) {
    case JitterStrategy.FULL:
      return random() * baseSeconds;
    case JitterStrategy.HALF:
      return baseSeconds / 2 + random() * (baseSeconds / 2);
    default:
      return baseSeconds;
  }
}

/**
 * Applies jitter and rounds to the whole number of seconds actually waited, never less than one:
 * `max(1, round(jittered))`.
 */
export function jitteredDelaySeconds(
  baseSeconds: number,
  jitter: JitterStrategy,
  random: RandomSource,
): number {
  return atLeastOneSecond(applyJitter(baseSeconds, jitter, random));
}

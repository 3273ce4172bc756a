/**
 * Log level thresholds, following the Lambda runtime's `AWS_LAMBDA_LOG_LEVEL` convention.
 *
 * @module
 */
import { DurableLogLevel } from "../../generated/index.js";

/** Priority of each level; a method is active when its priority is at least the threshold's. */
export const LOG_LEVEL_PRIORITY: Readonly<Record<DurableLogLevel, number>> = Object.freeze({
  [DurableLogLevel.DEBUG]: 2,
  [DurableLogLevel.INFO]: 3,
  [DurableLogLevel.WARN]: 4,
  [DurableLogLevel.ERROR]: 5,
});

/**
 * Reads a threshold from a level name such as the value of `AWS_LAMBDA_LOG_LEVEL`, ignoring case.
 * Missing or unrecognised names give `DEBUG` (everything is logged).
 */
export function resolveLogLevel(name: string | undefined): DurableLogLevel {
  const upper = name?.trim().toUpperCase();
  return isLevelName(upper) ? upper : DurableLogLevel.DEBUG;
}

/** True when records of `level` pass the `threshold`. */
export function isLevelEnabled(level: DurableLogLevel, threshold: DurableLogLevel): boolean {
  return LOG_LEVEL_PRIORITY[level] >= LOG_LEVEL_PRIORITY[threshold];
}

/**
 * Maps a level given to `log(level, …)` onto a known level; anything unrecognised is treated as
 * `INFO`.
 */
export function normaliseLevel(level: unknown): DurableLogLevel {
  return isLevelName(level) ? level : DurableLogLevel.INFO;
}

/** Whether `name` is exactly one of the level names (an own key of LOG_LEVEL_PRIORITY). */
function isLevelName(name: unknown): name is DurableLogLevel {
  return typeof name === "string" && Object.hasOwn(LOG_LEVEL_PRIORITY, name);
}

/**
 * Logging: the default structured logger, the replay-aware wrapper and `configureLogger` state.
 *
 * @module
 */
export {
  createContextLogger,
  type ContextLogger,
  type ContextLoggerOptions,
} from "./context-logger.js";
export {
  createDefaultLogger,
  type DefaultLogger,
  type DefaultLoggerOptions,
  type LoggingExecutionContext,
} from "./default-logger.js";
export { formatLogRecord, formatSingleLine, type LogEnricher } from "./format-record.js";
export { isLevelEnabled, LOG_LEVEL_PRIORITY, normaliseLevel, resolveLogLevel } from "./log-level.js";
export { createModeAwareLogger } from "./mode-aware-logger.js";
export { isVerboseLogEnabled, refreshLogConfig, verboseLog } from "./verbose.js";

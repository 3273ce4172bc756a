/**
 * Per-context logger state and the `configureLogger` semantics.
 *
 * @module
 */
import {
  fixDurableValidationErrorLoggerConfigNotObject,
  fixDurableValidationErrorLoggerMethodMissing,
  fixDurableValidationErrorLoggerModeAwareInvalid,
  messageDurableValidationErrorLoggerConfigNotObject,
  messageDurableValidationErrorLoggerMethodMissing,
  messageDurableValidationErrorLoggerModeAwareInvalid,
  LOGGER_DEFAULTS,
  LOGGER_FIELDS,
  checkOptionKeys,
  type DurableContextLogger,
  type DurableLogger,
  type DurableLoggingContext,
  type LoggerConfig,
} from "../../generated/index.js";
import { invalidInput } from "../duration.js";
import { createModeAwareLogger } from "./mode-aware-logger.js";

/** Options of {@link createContextLogger}. */
export interface ContextLoggerOptions<L extends DurableLogger> {
  /** Logger to start with (usually the default logger, or the parent context's). */
  logger: L;
  /**
   * Start with mode awareness on or off.
   * @defaultValue `true`
   */
  modeAware?: boolean;
  /** Handed to every logger installed via `configureLogger`, through `configureDurableLoggingContext`. */
  loggingContext?: DurableLoggingContext;
  /**
   * Returns true when the *execution mode* says the current call is replayed (an async-local context
   * exists and its mode is not execution). Combined with the `modeAware` flag to decide suppression.
   */
  isReplaying: () => boolean;
}

/** A context's logger state: the wrapper handed to user code and the knobs behind it. */
export interface ContextLogger<L extends DurableLogger> {
  /** Mode-aware wrapper; stays the same object across `configureLogger` calls. */
  readonly logger: DurableContextLogger<L>;
  /** The logger currently configured (unwrapped). */
  current(): L;
  /** Whether mode awareness is on. */
  isModeAware(): boolean;
  /** Applies a `LoggerConfig`: only the fields that are present (not `undefined`) change. */
  configureLogger(config: LoggerConfig<L>): void;
}

function invalidConfig(field: string, problem: string, fix: string, received: unknown): never {
  throw invalidInput({ operation: "configureLogger", field: `configureLogger.${field}`, problem, fix, received });
}

/**
 * Creates the logger state of one durable context.
 *
 * `configureLogger({ customLogger })` installs the logger (after calling its
 * `configureDurableLoggingContext`, when it has one, with `loggingContext`);
 * `configureLogger({ modeAware })` toggles replay suppression. Calls are suppressed exactly when mode
 * awareness is on and `isReplaying()` is true.
 *
 * @throws DurableValidationError (from `configureLogger`) when the config is not an object,
 *   `customLogger` lacks one of `error`, `warn`, `info`, `debug`, `modeAware` is not a boolean, or it has
 *   another key (`{ level: "debug" }`).
 */
export function createContextLogger<L extends DurableLogger>(options: ContextLoggerOptions<L>): ContextLogger<L> {
  let current = options.logger;
  let modeAware = options.modeAware ?? LOGGER_DEFAULTS.modeAware;
  const logger = createModeAwareLogger(
    () => current,
    () => modeAware && options.isReplaying(),
  );
  return {
    logger,
    current: () => current,
    isModeAware: () => modeAware,
    configureLogger(config) {
      if (typeof config !== "object" || config === null) {
        invalidConfig("config", messageDurableValidationErrorLoggerConfigNotObject, fixDurableValidationErrorLoggerConfigNotObject, config);
      }
      const { customLogger, modeAware: nextModeAware } = checkOptionKeys("configureLogger", LOGGER_FIELDS, config);
      if (nextModeAware !== undefined && typeof nextModeAware !== "boolean") {
        invalidConfig("modeAware", messageDurableValidationErrorLoggerModeAwareInvalid, fixDurableValidationErrorLoggerModeAwareInvalid, nextModeAware);
      }
      if (customLogger !== undefined) {
        for (const name of ["error", "warn", "info", "debug"] as const) {
          if (typeof customLogger?.[name] !== "function") {
            invalidConfig(
              `customLogger.${name}`,
              messageDurableValidationErrorLoggerMethodMissing(name),
              fixDurableValidationErrorLoggerMethodMissing,
              customLogger,
            );
          }
        }
        if (options.loggingContext) customLogger.configureDurableLoggingContext?.(options.loggingContext);
        current = customLogger;
      }
      if (nextModeAware !== undefined) modeAware = nextModeAware;
    },
  };
}

/**
 * The runtime's own validation errors (strategy factories, error filters, serdes, previews,
 * configureLogger, withDurableExecution options; withRetry's come from its generated rule table, see
 * with-retry-config.test.ts) take their problem and fix texts from errors.yaml
 * (`messages:` of DurableValidationError with `fix:`). The messages are the texts they had when they were
 * written inline, byte for byte, and `error.fix` is the fix.
 */
import { describe, expect, it } from "vitest";
import {
  buildPreview,
  createClassSerdes,
  createClassSerdesWithDates,
  createFileSystemSerdes,
  createRetryStrategy,
  createWaitStrategy,
} from "../../src/index.js";
import { createContextLogger } from "../../src/runtime/logger/context-logger.js";
import { thrownValidationError } from "../support/validation.js";

function rejection(fn: () => unknown): { message: string; field: string; fix: string } {
  const e = thrownValidationError(fn);
  return { message: e.message, field: e.field, fix: e.fix };
}

describe("validation texts from errors.yaml keep their messages", () => {
  it.each([
    [
      "maxAttempts",
      () => createRetryStrategy({ maxAttempts: 0 }),
      "createRetryStrategy.maxAttempts must be a whole number of at least 1, got number 0. Set maxAttempts to the total number of attempts including the first one (1 = never retry).",
    ],
    [
      "backoffRate",
      () => createRetryStrategy({ backoffRate: -1 }),
      "createRetryStrategy.backoffRate must be a finite number greater than 0, got number -1. Use a positive multiplier such as 2 (doubling) or 1 (constant delay).",
    ],
    [
      "jitter",
      () => createRetryStrategy({ jitter: "SOME" as never }),
      'createRetryStrategy.jitter must be one of NONE, FULL, HALF, got "SOME". Use JitterStrategy.NONE, JitterStrategy.FULL or JitterStrategy.HALF (or leave it unset).',
    ],
    [
      "a config that is not an object",
      () => createRetryStrategy(5 as never),
      "createRetryStrategy expects a configuration object, got number 5. Call createRetryStrategy() with no argument for the defaults, or pass an options object.",
    ],
    [
      "createWaitStrategy without a config",
      () => createWaitStrategy(undefined as never),
      "createWaitStrategy requires a configuration object with shouldContinuePolling. Pass { shouldContinuePolling: (state) => boolean } and any other options you need.",
    ],
    [
      "shouldContinuePolling",
      () => createWaitStrategy({ shouldContinuePolling: 1 } as never),
      "createWaitStrategy.shouldContinuePolling must be a function. Pass a function that returns true while the condition is not yet met.",
    ],
    [
      "retryableErrors not an array",
      () => createRetryStrategy({ retryableErrors: "timeout" as never }),
      'createRetryStrategy.retryableErrors must be an array. Pass an array of message substrings and/or RegExps, e.g. ["timeout", /throttl/i].',
    ],
    [
      "retryableErrorTypes entry",
      () => createRetryStrategy({ retryableErrorTypes: ["TimeoutError"] as never }),
      "createRetryStrategy.retryableErrorTypes[0] must be a class. Each entry is checked with instanceof: pass the class itself, not an instance or its name.",
    ],
    [
      "class serdes",
      () => createClassSerdes({} as never),
      "createClassSerdes expects a class, got an empty object. Pass the class itself (a constructor callable with no arguments), not an instance.",
    ],
    [
      "class serdes dateProps",
      () => createClassSerdesWithDates(class {}, [""]),
      'createClassSerdesWithDates.dateProps must be an array of non-empty property paths. Pass paths such as ["createdAt", "meta.updatedAt"] (use [] when there are none).',
    ],
    [
      "file-system serdes base path",
      () => createFileSystemSerdes(""),
      'createFileSystemSerdes.basePath must be a non-empty directory path, got "". Pass the mount path of a durable shared filesystem, e.g. "/mnt/efs" (Amazon EFS) or "/mnt/s3" (Amazon S3 Files).',
    ],
    [
      "preview mask",
      () => buildPreview({ a: 1 }, { mode: "INCLUDE_ALL", maskString: 3 } as never),
      'buildPreview.config.maskString must be a string, got number 3. Use the text masked values should show, e.g. "***" (the default).',
    ],
    [
      "preview byte budget",
      () => buildPreview({ a: 1 }, { mode: "INCLUDE_ALL", maxPreviewBytes: -1 } as never),
      "buildPreview.config.maxPreviewBytes must be a number of bytes of at least 0, got number -1. Use a byte budget such as 4096 (the default), or leave it unset.",
    ],
    [
      "configureLogger",
      () => createContextLogger({ logger: console, isReplaying: () => false }).configureLogger({ modeAware: "yes" } as never),
      "configureLogger.modeAware must be a boolean. Pass true or false.",
    ],
  ])("%s", (_name, fn, message) => {
    const error = rejection(fn);
    expect(error.message).toBe(message);
    expect(message.endsWith(error.fix)).toBe(true);
  });
});

/**
 * Which errors a retry strategy may retry.
 *
 * @module
 */
import { invalidInput } from "../duration.js";

/** A class whose instances count as retryable (matched with `instanceof`). */
export type ErrorClass = abstract new (...args: never[]) => unknown;

/** Decides whether a thrown value may be retried. */
export type ErrorPredicate = (error: unknown) => boolean;

const retryEverything: ErrorPredicate = () => true;

function messageOf(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const message = (error as { message?: unknown }).message;
    if (typeof message === "string") return message;
  }
  if (typeof error === "string") return error;
  try {
    return String(error);
  } catch {
    return "";
  }
}

/** Copies a RegExp without the `g`/`y` flags, so repeated `test` calls do not depend on `lastIndex`. */
function stateless(pattern: RegExp): RegExp {
  return pattern.global || pattern.sticky
    ? new RegExp(pattern.source, pattern.flags.replace(/[gy]/g, ""))
    : pattern;
}

/** True when `candidate` can stand on the right of `instanceof` without throwing. */
function isUsableWithInstanceof(candidate: unknown): candidate is ErrorClass {
  if (typeof candidate !== "function") return false;
  try {
    return typeof ({} instanceof (candidate as ErrorClass)) === "boolean";
  } catch {
    return false;
  }
}

function invalid(operation: string, option: string, problem: string, fix: string, received: unknown): never {
  throw invalidInput({ operation, field: `${operation}.${option}`, problem, fix, received });
}

/**
 * Builds the retryability test from the two optional filters.
 *
 * - Neither filter given: every error is retryable.
 * - Otherwise an error is retryable when its message contains one of the `retryableErrors` strings,
 *   matches one of its RegExps, **or** it is an instance of one of `retryableErrorTypes`.
 *
 * The message is the error's `message` property (or the thrown value itself when it is a string).
 *
 * @throws DurableValidationError when a filter is not an array or holds an entry of the wrong kind.
 */
export function compileErrorFilter(
  retryableErrors: unknown,
  retryableErrorTypes: unknown,
  operation: string,
): ErrorPredicate {
  if (retryableErrors === undefined && retryableErrorTypes === undefined) return retryEverything;

  const substrings: string[] = [];
  const patterns: RegExp[] = [];
  if (retryableErrors !== undefined) {
    if (!Array.isArray(retryableErrors)) {
      invalid(operation, "retryableErrors", `${operation}.retryableErrors must be an array`,
        "Pass an array of message substrings and/or RegExps, e.g. [\"timeout\", /throttl/i].", retryableErrors);
    }
    retryableErrors.forEach((entry: unknown, index: number) => {
      if (typeof entry === "string") substrings.push(entry);
      else if (entry instanceof RegExp) patterns.push(stateless(entry));
      else {
        invalid(operation, `retryableErrors.${index}`,
          `${operation}.retryableErrors[${index}] must be a string or a RegExp`,
          "Each entry is matched against error.message: a substring or a regular expression.", entry);
      }
    });
  }

  const classes: ErrorClass[] = [];
  if (retryableErrorTypes !== undefined) {
    if (!Array.isArray(retryableErrorTypes)) {
      invalid(operation, "retryableErrorTypes", `${operation}.retryableErrorTypes must be an array`,
        "Pass an array of error classes, e.g. [TimeoutError].", retryableErrorTypes);
    }
    retryableErrorTypes.forEach((entry: unknown, index: number) => {
      if (isUsableWithInstanceof(entry)) classes.push(entry);
      else {
        invalid(operation, `retryableErrorTypes.${index}`,
          `${operation}.retryableErrorTypes[${index}] must be a class`,
          "Each entry is checked with instanceof: pass the class itself, not an instance or its name.", entry);
      }
    });
  }

  return (error) => {
    if (classes.some((cls) => error instanceof cls)) return true;
    if (substrings.length === 0 && patterns.length === 0) return false;
    const message = messageOf(error);
    return substrings.some((s) => message.includes(s)) || patterns.some((p) => p.test(message));
  };
}

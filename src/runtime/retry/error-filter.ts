/**
 * Which errors a retry strategy may retry.
 *
 * @module
 */
import {
  fixDurableValidationErrorRetryableErrorsEntryInvalid,
  fixDurableValidationErrorRetryableErrorsNotArray,
  fixDurableValidationErrorRetryableErrorTypesEntryInvalid,
  fixDurableValidationErrorRetryableErrorTypesNotArray,
  messageDurableValidationErrorRetryableErrorsEntryInvalid,
  messageDurableValidationErrorRetryableErrorsNotArray,
  messageDurableValidationErrorRetryableErrorTypesEntryInvalid,
  messageDurableValidationErrorRetryableErrorTypesNotArray,
} from "../../generated/index.js";
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

/** How to read one of the two filter lists. */
interface ListRule<T> {
  /** The option's name, e.g. `retryableErrors`. */
  option: string;
  /** Problem (from errors.yaml) when the option is not an array. */
  listProblem: (path: string) => string;
  /** Fix shown when the option is not an array. */
  listFix: string;
  /** Problem (from errors.yaml) when an entry is of the wrong kind. */
  entryProblem: (path: string, index: number) => string;
  /** Fix shown when an entry is of the wrong kind. */
  entryFix: string;
  /** Converts a valid entry, or returns `undefined` for an invalid one. */
  accept(entry: unknown): T | undefined;
}

/** Validates and converts one filter list; `undefined` reads as an empty list. */
function readList<T>(value: unknown, rule: ListRule<T>, operation: string): T[] {
  if (value === undefined) return [];
  const path = `${operation}.${rule.option}`;
  if (!Array.isArray(value)) {
    throw invalidInput({ operation, field: path, problem: rule.listProblem(path), fix: rule.listFix, received: value });
  }
  return value.map((entry: unknown, index: number) => {
    const accepted = rule.accept(entry);
    if (accepted !== undefined) return accepted;
    throw invalidInput({
      operation,
      field: `${path}.${index}`,
      problem: rule.entryProblem(path, index),
      fix: rule.entryFix,
      received: entry,
    });
  });
}

type MessageTest = (message: string) => boolean;

const MESSAGE_RULE: ListRule<MessageTest> = {
  option: "retryableErrors",
  listProblem: messageDurableValidationErrorRetryableErrorsNotArray,
  listFix: fixDurableValidationErrorRetryableErrorsNotArray,
  entryProblem: messageDurableValidationErrorRetryableErrorsEntryInvalid,
  entryFix: fixDurableValidationErrorRetryableErrorsEntryInvalid,
  accept(entry) {
    if (typeof entry === "string") return (message) => message.includes(entry);
    if (entry instanceof RegExp) {
      const pattern = stateless(entry);
      return (message) => pattern.test(message);
    }
    return undefined;
  },
};

const CLASS_RULE: ListRule<ErrorClass> = {
  option: "retryableErrorTypes",
  listProblem: messageDurableValidationErrorRetryableErrorTypesNotArray,
  listFix: fixDurableValidationErrorRetryableErrorTypesNotArray,
  entryProblem: messageDurableValidationErrorRetryableErrorTypesEntryInvalid,
  entryFix: fixDurableValidationErrorRetryableErrorTypesEntryInvalid,
  accept: (entry) => (isUsableWithInstanceof(entry) ? entry : undefined),
};

/**
 * Builds the retryability test from the two optional filters.
 *
 * - Neither filter given: every error is retryable.
 * - Otherwise an error is retryable when its message contains one of the `retryableErrors` strings,
 *   matches one of its RegExps, **or** it is an instance of one of `retryableErrorTypes`.
 *
 * The message is the error's `message` property (or the thrown value itself when it is a string).
 * RegExps with the `g` or `y` flag are copied without it, so matching does not depend on `lastIndex`.
 *
 * @throws DurableValidationError when a filter is not an array or holds an entry of the wrong kind.
 */
export function compileErrorFilter(
  retryableErrors: unknown,
  retryableErrorTypes: unknown,
  operation: string,
): ErrorPredicate {
  if (retryableErrors === undefined && retryableErrorTypes === undefined) return retryEverything;
  const messageTests = readList(retryableErrors, MESSAGE_RULE, operation);
  const classes = readList(retryableErrorTypes, CLASS_RULE, operation);
  return (error) => {
    if (classes.some((cls) => error instanceof cls)) return true;
    if (messageTests.length === 0) return false;
    const message = messageOf(error);
    return messageTests.some((test) => test(message));
  };
}

/** The error of a given class a call throws (the test fails when it throws something else or nothing). */
import { expect } from "vitest";
import { DurableValidationError } from "../../src/index.js";

export function thrownError<E extends Error>(errorClass: abstract new (...args: never[]) => E, fn: () => unknown): E {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(errorClass);
    return error as E;
  }
  throw new Error(`expected a ${errorClass.name}, but the call returned`);
}

/** The error of a given class a call rejects with or throws (the test fails when it is something else or the call resolves). */
export async function rejectedError<E extends Error>(errorClass: abstract new (...args: never[]) => E, fn: () => unknown): Promise<E> {
  try {
    await fn();
  } catch (error) {
    expect(error).toBeInstanceOf(errorClass);
    return error as E;
  }
  throw new Error(`expected a ${errorClass.name}, but the call resolved`);
}

/** The DurableValidationError a call throws. */
export function thrownValidationError(fn: () => unknown): DurableValidationError {
  return thrownError(DurableValidationError, fn);
}

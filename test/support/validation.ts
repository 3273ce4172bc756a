/** The DurableValidationError a call throws (the test fails when it throws something else or nothing). */
import { expect } from "vitest";
import { DurableValidationError } from "../../src/index.js";

export function thrownValidationError(fn: () => unknown): DurableValidationError {
  try {
    fn();
  } catch (error) {
    expect(error).toBeInstanceOf(DurableValidationError);
    return error as DurableValidationError;
  }
  throw new Error("expected a DurableValidationError, but the call returned");
}

/**
 * Rebuilding errors from their stored form, side by side with the reference SDK: every ErrorType the
 * schema knows (and a few it does not) goes through `DurableOperationError.fromErrorObject` on both
 * sides, with and without a message. The rebuilt class and message must agree — in particular a
 * stored BatchCompletionError (which does not carry its completionReason) becomes a StepError on both.
 */
import * as reference from "@aws/durable-execution-sdk-js";
import { describe, expect, it } from "vitest";
import * as ours from "../../src/index.js";
import { ERROR_CATALOG, ERROR_MESSAGES, REBUILT_ERROR_TYPES } from "../../src/generated/index.js";

const errorTypes = [
  ...Object.values(ERROR_CATALOG)
    .map((e) => e.errorType)
    .filter((t): t is NonNullable<typeof t> => t !== null),
  "SomethingElse",
  "",
];

function rebuild(sdk: { DurableOperationError: { fromErrorObject(o: unknown): Error } }, type: string, message: string | undefined, stackTrace?: string[]) {
  const error = sdk.DurableOperationError.fromErrorObject({ ErrorType: type, ErrorMessage: message, ErrorData: "data", StackTrace: stackTrace });
  const cause = error.cause as Error;
  // The cause's stack: the stored trace, or none (not the stack of the code that rebuilt it).
  return { name: error.name, constructor: error.constructor.name, message: error.message, errorData: (error as { errorData?: string }).errorData, cause: [cause.name, cause.message, cause.stack] };
}

describe("errors rebuilt from the wire, side by side with the reference", () => {
  for (const type of errorTypes)
    for (const message of ["stored message", ""])
      it(`${type || "(empty type)"} with ${message ? "a" : "an empty"} message`, () => {
        expect(rebuild(ours as never, type, message)).toEqual(rebuild(reference as never, type, message));
      });

  it.each(["StepError", "CallbackTimeoutError", "SomethingElse"])("%s stored with a stack trace: the cause's stack is that trace, as the reference's", (type) => {
    const trace = ["Error: stored", "    at remote (worker.js:3:9)"];
    expect(rebuild(ours as never, type, "stored", trace)).toEqual(rebuild(reference as never, type, "stored", trace));
    expect(rebuild(ours as never, type, "stored", trace).cause[2]).toBe(trace.join("\n"));
  });

  it("the generated set of rebuilt types is the reference's (BatchCompletionError is not in it)", () => {
    const referenceRebuilt = errorTypes.filter((t) => t && rebuild(reference as never, t, "m").constructor === `${t}`);
    expect([...REBUILT_ERROR_TYPES].sort()).toEqual(referenceRebuilt.sort());
    expect(REBUILT_ERROR_TYPES.has("BatchCompletionError")).toBe(false);
  });

  it("the waitForCondition message without a stored error is the reference's text", async () => {
    // The reference throws this literal text; ours takes it from the schema's messages.
    const { readFileSync } = await import("node:fs");
    const { createRequire } = await import("node:module");
    const referenceSource = readFileSync(createRequire(import.meta.url).resolve("@aws/durable-execution-sdk-js"), "utf8");
    expect(referenceSource).toContain(`new WaitForConditionError("${ERROR_MESSAGES.WaitForConditionError.failedWithoutStoredError()}")`);
  });
});

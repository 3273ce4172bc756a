/**
 * errors.yaml `serviceExceptions:` beyond their messages.
 * - `messagePrefixes`: how a family of service messages begins is written once. Each message with
 *   `prefix:` is generated as `<text>: <template>`, and the text as a constant that code recognising the
 *   family reads: the SDK tells a refused checkpoint token (the invocation ends) from other 4xx answers
 *   (the execution fails) by INVALID_CHECKPOINT_TOKEN_PREFIX.
 * - `fault`: whose fault the exception is ($fault, and Lambda's body Type: User or Service).
 * - the name: each exception's `name` is also a constant (`<NAME>_NAME`), which code recognising the
 *   exception by name (the AWS SDK client's error for it carries the same name) compares with.
 */
import { describe, expect, it } from "vitest";
import { INVALID_CHECKPOINT_TOKEN_PREFIX, SERVICE_MESSAGES } from "../../src/generated/service-errors.js";
import { classifyCheckpointError, isInvalidTokenError } from "../../src/runtime/checkpoint/classify.js";
import { copySchema, editYaml, irOf, REAL_SCHEMA, schemaProblems } from "./helpers";

const refusal = (message: string) => Object.assign(new Error(message), { name: "InvalidParameterValueException", $metadata: { httpStatusCode: 400 } });

describe("service exceptions: message prefixes and fault", () => {
  it("each message of the family begins with the prefix, and the runtime recognises every one as a refused token", () => {
    expect(INVALID_CHECKPOINT_TOKEN_PREFIX).toBe("Invalid checkpoint token");
    const M = SERVICE_MESSAGES.InvalidParameterValueException;
    const family = [M.checkpointTokenForged(), M.checkpointTokenOtherExecution(), M.checkpointTokenExecutionDone("SUCCEEDED"), M.checkpointTokenStale(), M.invocationEnded("req-1", "ended")];
    expect(family[2]).toBe("Invalid checkpoint token: the execution has already completed (SUCCEEDED)");
    for (const message of family) {
      expect(message.startsWith(`${INVALID_CHECKPOINT_TOKEN_PREFIX}: `), message).toBe(true);
      expect(isInvalidTokenError(refusal(message)), message).toBe(true);
      expect(classifyCheckpointError(refusal(message)).constructor.name).toBe("CheckpointUnrecoverableInvocationError");
    }
    // AWS's capitalisation too; another validation message is not a refused token (the execution fails).
    expect(isInvalidTokenError(refusal("Invalid Checkpoint Token: stale"))).toBe(true);
    expect(isInvalidTokenError(refusal(M.checkpointTokenRequired()))).toBe(false);
    expect(classifyCheckpointError(refusal(M.checkpointTokenRequired())).constructor.name).toBe("CheckpointUnrecoverableExecutionError");
  });

  it("an unknown prefix and a badly named constant fail generation with their paths", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "errors.yaml", (d) => {
      const x = d.serviceExceptions.find((e: { name: string }) => e.name === "InvalidParameterValueException");
      x.messages.find((m: { name: string }) => m.name === "checkpointTokenStale").prefix = "invalidTokn";
      x.messagePrefixes[0].constant = "INVALID_TOKEN";
    });
    const problems = schemaProblems(() => irOf(copy));
    expect(problems).toEqual([
      expect.objectContaining({ file: "schema/errors.yaml", path: expect.stringMatching(/messagePrefixes\[0\]\.constant$/), reason: expect.stringContaining("ending in _PREFIX") }),
    ]);
    const second = copySchema(REAL_SCHEMA);
    editYaml(second, "errors.yaml", (d) => {
      const x = d.serviceExceptions.find((e: { name: string }) => e.name === "InvalidParameterValueException");
      x.messages.find((m: { name: string }) => m.name === "checkpointTokenStale").prefix = "invalidTokn";
    });
    expect(schemaProblems(() => irOf(second))).toEqual([
      { file: "schema/errors.yaml", path: expect.stringMatching(/^serviceExceptions\[0\]\.messages\[\d+\]\.prefix$/), reason: 'unknown prefix "invalidTokn" (one of InvalidParameterValueException\'s messagePrefixes: invalidToken)' },
    ]);
  });

  it("a 5xx exception is the service's fault (Type Service), and fault and status must agree", async () => {
    const { ServiceException, InvalidParameterValueException } = await import("../../src/generated/service-errors.js");
    const internal = new ServiceException("x");
    expect([internal.$metadata.httpStatusCode, internal.$fault, internal.Type]).toEqual([500, "server", "Service"]);
    const invalid = new InvalidParameterValueException("x");
    expect([invalid.$metadata.httpStatusCode, invalid.$fault, invalid.Type]).toEqual([400, "client", "User"]);
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "errors.yaml", (d) => {
      delete d.serviceExceptions.find((e: { name: string }) => e.name === "ServiceException").fault;
    });
    expect(schemaProblems(() => irOf(copy))).toEqual([
      { file: "schema/errors.yaml", path: expect.stringMatching(/^serviceExceptions\[\d+\]$/), reason: "httpStatus 500 is a server error, but fault is client (5xx goes with fault: server)" },
    ]);
  });

  it("each exception's name is a generated constant, the one its class carries", async () => {
    const generated = (await import("../../src/generated/service-errors.js")) as Record<string, unknown>;
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    expect(ir.serviceExceptions.length).toBeGreaterThan(0);
    for (const x of ir.serviceExceptions) {
      expect(x.nameConstant).toBe(`${x.name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase()}_NAME`);
      expect(generated[x.nameConstant], x.nameConstant).toBe(x.name);
      const Exception = generated[x.name] as new (message: string) => Error;
      expect(new Exception("x").name).toBe(generated[x.nameConstant]);
    }
    expect(generated.RESOURCE_NOT_FOUND_EXCEPTION_NAME).toBe("ResourceNotFoundException");
  });
});

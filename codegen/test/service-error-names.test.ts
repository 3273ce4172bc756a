/**
 * errors.yaml `serviceErrorNames`: the names of failed service calls that always end in an error class
 * (the KMS errors end the execution whatever their HTTP status) are listed once, on that class, and
 * generated as `<CLASS>_SERVICE_ERRORS`, which the checkpoint-failure classification reads.
 */
import { describe, expect, it } from "vitest";
import { CHECKPOINT_UNRECOVERABLE_EXECUTION_ERROR_SERVICE_ERRORS, messageTerminationCheckpointFailed } from "../../src/generated/index.js";
import { classifyCheckpointError } from "../../src/runtime/checkpoint/classify.js";
import { serviceErrorsConstant } from "../src/naming";
import { copySchema, editYaml, irOf, REAL_SCHEMA, schemaProblems } from "./helpers";

describe("serviceErrorNames", () => {
  it("are generated as a set named after the class, which the classification uses", () => {
    expect(serviceErrorsConstant("CheckpointUnrecoverableExecutionError")).toBe("CHECKPOINT_UNRECOVERABLE_EXECUTION_ERROR_SERVICE_ERRORS");
    expect([...CHECKPOINT_UNRECOVERABLE_EXECUTION_ERROR_SERVICE_ERRORS]).toEqual([
      "KMSAccessDeniedException",
      "KMSDisabledException",
      "KMSInvalidStateException",
      "KMSNotFoundException",
    ]);
    const kms = Object.assign(new Error("key disabled"), { name: "KMSDisabledException", $metadata: { httpStatusCode: 500 } });
    const classified = classifyCheckpointError(kms);
    expect(classified.constructor.name).toBe("CheckpointUnrecoverableExecutionError");
    // The class prefixes its scope, as the reference's unrecoverable errors do.
    expect(classified.message).toBe(`[Unrecoverable Execution] ${messageTerminationCheckpointFailed("key disabled")}`);
    expect(classified.message).toBe("[Unrecoverable Execution] Checkpoint failed: key disabled");
  });

  it("a typo in the key fails generation with its path", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "errors.yaml", (d) => {
      const e = d.errors.find((x: { name: string }) => x.name === "CheckpointUnrecoverableExecutionError");
      e.serviceErrorName = e.serviceErrorNames;
    });
    const problems = schemaProblems(() => irOf(copy));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ file: "schema/errors.yaml", reason: 'unknown key "serviceErrorName"' });
  });
});

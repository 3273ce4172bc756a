/**
 * `limits:` of a types file (schema/wire.yaml): the service API's counts, lengths and sizes, each
 * generated as one constant that both the SDK (its batch size) and the local service (its checks) read.
 */
import { describe, expect, it } from "vitest";
import {
  CHECKPOINT_PAYLOAD_LIMIT_BYTES,
  MAX_CALLBACK_RESULT_BYTES,
  MAX_EXECUTION_TIMEOUT_SECONDS,
  MAX_FUNCTION_TIMEOUT_SECONDS,
  MAX_PAYLOAD_BYTES,
  MAX_RETENTION_PERIOD_IN_DAYS,
  MAX_UPDATES_PER_CHECKPOINT,
  MIN_RETENTION_PERIOD_IN_DAYS,
  RESULT_ENVELOPE_BYTES,
} from "../../src/generated/index.js";
import { MAX_RESULT_BYTES } from "../../src/runtime/with-durable-execution.js";
import { copySchema, editYaml, irOf, REAL_SCHEMA, schemaProblems } from "./helpers";

describe("service limits", () => {
  it("are generated as constants with their values, summaries and sources", () => {
    expect([MAX_UPDATES_PER_CHECKPOINT, MAX_PAYLOAD_BYTES, MAX_CALLBACK_RESULT_BYTES]).toEqual([250, 6 * 1024 * 1024, 256 * 1024]);
    // DurableConfig's ranges, Lambda's function timeout, and the SDK thresholds the reference derives from them.
    expect([MAX_EXECUTION_TIMEOUT_SECONDS, MIN_RETENTION_PERIOD_IN_DAYS, MAX_RETENTION_PERIOD_IN_DAYS, MAX_FUNCTION_TIMEOUT_SECONDS]).toEqual([366 * 86_400, 1, 90, 15 * 60]);
    expect([CHECKPOINT_PAYLOAD_LIMIT_BYTES, MAX_RESULT_BYTES]).toEqual([256 * 1024, 6 * 1024 * 1024 - 50]);
    expect(MAX_RESULT_BYTES).toBe(MAX_PAYLOAD_BYTES - RESULT_ENVELOPE_BYTES);
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    const limit = ir.limits.find((l) => l.name === "MAX_UPDATES_PER_CHECKPOINT")!;
    expect(limit).toMatchObject({ value: 250, file: "schema/wire.yaml" });
    expect(limit.source).toContain("reference SDK");
  });

  it("a name not in CONSTANT_CASE and a value that is not a positive whole number are problems", () => {
    const copy = copySchema(REAL_SCHEMA);
    let at = -1;
    editYaml(copy, "wire.yaml", (d) => {
      at = d.limits.length;
      d.limits.push({ name: "maxThings", value: 1.5, summary: "x", source: "y" });
    });
    const problems = schemaProblems(() => irOf(copy));
    expect(problems.map((p) => [p.file, p.path])).toEqual(
      expect.arrayContaining([
        ["schema/wire.yaml", expect.stringMatching(new RegExp(`^limits\\[${at}\\]\\.name`))],
        ["schema/wire.yaml", expect.stringMatching(new RegExp(`^limits\\[${at}\\]\\.value`))],
      ]),
    );
  });

  it("a limit declared twice in one file is a problem naming the first", () => {
    const copy = copySchema(REAL_SCHEMA);
    let at = -1;
    editYaml(copy, "wire.yaml", (d) => {
      at = d.limits.length;
      d.limits.push({ ...d.limits[0], value: 1 });
    });
    expect(schemaProblems(() => irOf(copy))).toEqual([
      { file: "schema/wire.yaml", path: `limits[${at}].name`, reason: 'duplicate limit "MAX_UPDATES_PER_CHECKPOINT" (first in schema/wire.yaml)' },
    ]);
  });

  it("a duplicate name across the types files is a problem naming the first", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "types.yaml", (d) => {
      d.limits = [{ name: "MAX_UPDATES_PER_CHECKPOINT", value: 100, summary: "Again.", source: "nowhere" }];
    });
    const problems = schemaProblems(() => irOf(copy));
    // types.yaml is read before wire.yaml, so the limit there counts as the first.
    expect(problems).toEqual([{ file: "schema/wire.yaml", path: "limits[0].name", reason: 'duplicate limit "MAX_UPDATES_PER_CHECKPOINT" (first in schema/types.yaml)' }]);
  });
});

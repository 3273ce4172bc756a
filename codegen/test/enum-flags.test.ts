/**
 * Value-level enum flags (`flags:` on an enum, `flags: [name]` on its values): each flag is generated as the
 * `ReadonlySet<Enum>` of the values carrying it (TerminationReason `suspends` → SUSPENDING_TERMINATION_REASONS,
 * which decides whether an invocation answers PENDING). A flag the enum does not declare, a misspelt flag
 * key or a declared flag no value carries fails generation, naming the file, the path and the fix.
 */
import { describe, expect, it } from "vitest";
import { emitEnums } from "../src/emit/enums";
import { copySchema, editYaml, expectLines, irOf, print, REAL_SCHEMA, realSchemaProblemsAfter } from "./helpers";

const ENUMS = "schema/enums.yaml";

/** The real schema with one edit of enums.yaml; returns the problems generation reports. */
function problemsAfter(edit: (data: any) => void) {
  return realSchemaProblemsAfter("enums.yaml", edit);
}

function indexOf(data: any, name: string): number {
  const i = data.enums.findIndex((e: any) => e.name === name);
  expect(i, `enum ${name} in enums.yaml`).toBeGreaterThanOrEqual(0);
  return i;
}

describe("enum value flags", () => {
  it("the real schema generates SUSPENDING_TERMINATION_REASONS from the values flagged `suspends`", () => {
    const { ir } = irOf(copySchema(REAL_SCHEMA));
    const reason = ir.enums.find((e) => e.name === "TerminationReason")!;
    expect(reason.flags).toEqual([
      expect.objectContaining({ name: "suspends", setName: "SUSPENDING_TERMINATION_REASONS", values: ["OPERATION_TERMINATED", "RETRY_SCHEDULED", "RETRY_INTERRUPTED_STEP", "WAIT_SCHEDULED", "CALLBACK_PENDING"] }),
      expect.objectContaining({ name: "rethrowsUnrecoverable", setName: "RETHROWING_TERMINATION_REASONS", values: ["CHECKPOINT_FAILED", "SERDES_FAILED"] }),
    ]);
    expectLines(
      print(emitEnums(ir)),
      'export const SUSPENDING_TERMINATION_REASONS: ReadonlySet<TerminationReason> = /* @__PURE__ */ new Set<TerminationReason>(["OPERATION_TERMINATED", "RETRY_SCHEDULED", "RETRY_INTERRUPTED_STEP", "WAIT_SCHEDULED", "CALLBACK_PENDING"]);',
    );
  });

  it("a flag on a value of an enum that declares no flags fails, naming the value and the fix", () => {
    const problems = problemsAfter((d) => {
      const i = indexOf(d, "OperationStatus");
      d.enums[i].values[0].flags = ["suspends"];
    });
    expect(problems).toEqual([
      { file: ENUMS, path: expect.stringMatching(/^enums\[\d+\]\.values\[0\]\.flags\[0\]$/), reason: 'unknown flag "suspends" on OperationStatus.CANCELLED: enum OperationStatus declares no flags (add it under the enum\'s "flags:")' },
    ]);
  });

  it("a misspelt flag on a value fails, listing the enum's flags", () => {
    const problems = problemsAfter((d) => {
      const i = indexOf(d, "TerminationReason");
      d.enums[i].values[3].flags = ["suspend"];
    });
    expect(problems).toEqual([
      { file: ENUMS, path: expect.stringMatching(/\.values\[3\]\.flags\[0\]$/), reason: 'unknown flag "suspend" on TerminationReason.WAIT_SCHEDULED: enum TerminationReason declares "suspends", "rethrowsUnrecoverable"' },
      // The wait's suspendsWith (schema/operations/wait.yaml) now names a reason that does not suspend.
      { file: "schema/operations/wait.yaml", path: "suspendsWith", reason: expect.stringMatching(/^TerminationReason WAIT_SCHEDULED does not suspend/) },
    ]);
  });

  it("a misspelt flag key (suspends: true instead of flags: [suspends]) is an unknown key", () => {
    const problems = problemsAfter((d) => {
      const i = indexOf(d, "TerminationReason");
      d.enums[i].values[0].suspend = true;
    });
    expect(problems).toEqual([{ file: ENUMS, path: expect.stringMatching(/\.values\[0\]$/), reason: 'unknown key "suspend"' }]);
  });

  it("a declared flag that no value carries fails (an empty set is a forgotten flag)", () => {
    const problems = problemsAfter((d) => {
      const i = indexOf(d, "TerminationReason");
      for (const v of d.enums[i].values) v.flags = v.flags?.filter((flag: string) => flag !== "suspends");
      for (const v of d.enums[i].values) if (v.flags?.length === 0) delete v.flags;
    });
    expect(problems).toEqual([{ file: ENUMS, path: expect.stringMatching(/^enums\[\d+\]\.flags\[0\]$/), reason: 'flag "suspends" is carried by no value of TerminationReason (add "flags: [suspends]" to the values it holds for)' }]);
  });

  it("a flag's set name must be an UPPER_SNAKE_CASE constant", () => {
    const problems = problemsAfter((d) => {
      d.enums[indexOf(d, "TerminationReason")].flags[0].set = "suspendingReasons";
    });
    expect(problems).toEqual([{ file: ENUMS, path: expect.stringMatching(/\.flags\[0\]\.set$/), reason: "must be an UPPER_SNAKE_CASE constant name" }]);
  });

  it("a flag of a TypeScript enum lists its members by name", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "enums.yaml", (d) => {
      const e = d.enums[indexOf(d, "JitterStrategy")];
      e.flags = [{ name: "random", set: "RANDOM_JITTER_STRATEGIES", summary: "Jitter strategies that randomise the delay." }];
      for (const v of e.values) if (v.name !== "NONE") v.flags = ["random"];
    });
    expectLines(
      print(emitEnums(irOf(copy).ir)),
      "export const RANDOM_JITTER_STRATEGIES: ReadonlySet<JitterStrategy> = /* @__PURE__ */ new Set<JitterStrategy>([JitterStrategy.FULL, JitterStrategy.HALF]);",
    );
  });
});

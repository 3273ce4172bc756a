/**
 * Typed checkpoint update builders (src/generated/updates.ts), generated from each operation's
 * `checkpoints:` section: Type and Action come from the schema, the fields parameter accepts exactly the
 * listed OperationUpdate fields, option groups are sent as the reference SDK sends them, and a bad
 * `checkpoints:` entry fails generation.
 */
import { describe, expect, expectTypeOf, it } from "vitest";
import {
  createCallbackUpdates,
  invokeUpdates,
  promiseAllSettledUpdates,
  promiseAllUpdates,
  promiseAnyUpdates,
  promiseCombinatorUpdates,
  promiseRaceUpdates,
  runInChildContextUpdates,
  stepUpdates,
  waitForCallbackUpdates,
  waitForConditionUpdates,
  waitUpdates,
  type OperationUpdateDraft,
  type StepRetryFields,
} from "../../src/generated/updates";
import { emitUpdates } from "../src/emit/updates";
import { copySchema, editYaml, expectLines, irOf, print, REAL_SCHEMA, schemaProblems } from "./helpers";

const target = { parentWireId: "p1", name: "charge", subType: "Step" };
const STEP = "schema/operations/step.yaml";

describe("generated update builders", () => {
  it("step RETRY: Type and Action from the schema, fields in their groups", () => {
    const error = { ErrorType: "Error", ErrorMessage: "boom" };
    const update = stepUpdates.retry(target, { error, nextAttemptDelaySeconds: 5 });
    expect(update).toStrictEqual({
      ParentId: "p1",
      Name: "charge",
      Type: "STEP",
      SubType: "Step",
      Action: "RETRY",
      Error: error,
      StepOptions: { NextAttemptDelaySeconds: 5 },
    });
    // Key order is the order the runtime always sent (the checkpoint manager appends Id).
    expect(Object.keys(update)).toEqual(["ParentId", "Name", "Type", "SubType", "Action", "Error", "StepOptions"]);
  });

  it("a START without fields carries only the identity", () => {
    expect(JSON.stringify(stepUpdates.start({ parentWireId: undefined, name: undefined, subType: "Step" }))).toBe(
      '{"Type":"STEP","SubType":"Step","Action":"START"}',
    );
  });

  it("an optional group is left out when none of its fields is set, sent when one is", () => {
    const ctx = { parentWireId: undefined, name: "c", subType: "RunInChildContext" };
    expect(JSON.stringify(runInChildContextUpdates.succeed(ctx, { payload: "1", replayChildren: undefined }))).toBe(
      '{"Name":"c","Type":"CONTEXT","SubType":"RunInChildContext","Action":"SUCCEED","Payload":"1"}',
    );
    expect(runInChildContextUpdates.fail(ctx, { error: { ErrorMessage: "x" }, replayChildren: true }).ContextOptions).toEqual({ ReplayChildren: true });
  });

  it("alwaysSent and required-key groups are sent even when empty (as the reference does)", () => {
    const cb = { subType: "Callback" };
    expect(JSON.stringify(createCallbackUpdates.start(cb, { timeoutSeconds: undefined, heartbeatTimeoutSeconds: undefined }))).toBe(
      '{"Type":"CALLBACK","SubType":"Callback","Action":"START","CallbackOptions":{}}',
    );
    expect(waitForCallbackUpdates.callbackStart(cb, { timeoutSeconds: 60, heartbeatTimeoutSeconds: undefined }).CallbackOptions).toEqual({ TimeoutSeconds: 60 });
    expect(invokeUpdates.start({ subType: "ChainedInvoke" }, { payload: "{}", functionName: "fn", tenantId: undefined }).ChainedInvokeOptions).toEqual({ FunctionName: "fn" });
    expect(waitUpdates.start({ subType: "Wait" }, { waitSeconds: 3 }).WaitOptions).toEqual({ WaitSeconds: 3 });
  });

  it("operations naming a shared checkpoint section use its one builder object", () => {
    for (const builders of [promiseAllUpdates, promiseAllSettledUpdates, promiseAnyUpdates, promiseRaceUpdates]) expect(builders).toBe(promiseCombinatorUpdates);
    expect(JSON.stringify(promiseAllUpdates.succeed({ name: "both", subType: "RunInChildContext" }, { payload: "[1,2]" }))).toBe(
      '{"Name":"both","Type":"CONTEXT","SubType":"RunInChildContext","Action":"SUCCEED","Payload":"[1,2]"}',
    );
    // Each operation's IR carries the section's entries, so docs and transitions see them as its own.
    const ops = irOf(copySchema(REAL_SCHEMA)).ir.operations.filter((o) => o.group === "promise");
    expect(ops.map((o) => [o.name, o.sharedCheckpoints, o.checkpoints.map((c) => c.action)])).toEqual(
      ["allSettled", "all", "any", "race"].map((name) => [name, "PromiseCombinator", ["START", "SUCCEED", "FAIL"]]),
    );
  });

  it("the parameter types accept exactly the listed fields", () => {
    expectTypeOf<StepRetryFields>().toEqualTypeOf<{ error: { ErrorMessage?: string | undefined; ErrorType?: string | undefined; ErrorData?: string | undefined; StackTrace?: string[] | undefined } | undefined; nextAttemptDelaySeconds: number | undefined }>();
    expectTypeOf(waitForConditionUpdates.retry).returns.toEqualTypeOf<OperationUpdateDraft>();
    // @ts-expect-error a field the schema does not list for step SUCCEED
    stepUpdates.succeed(target, { payload: "1", error: undefined });
    // @ts-expect-error every listed field must be supplied (a new schema field is a type error at the call site)
    stepUpdates.retry(target, { error: undefined });
    // @ts-expect-error START takes no fields
    stepUpdates.start(target, { payload: "1" });
  });

  it("a parameter admits undefined only where its wire field does (a required, not undefinable field takes its own type)", () => {
    // In the real schema every OperationUpdate field is undefinable; a required FunctionName that is not
    // was still typed string | undefined, and the builder's assignment to it did not compile.
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "wire.yaml", (d) => {
      const field = d.types.find((t: any) => t.name === "ChainedInvokeOptions").fields.find((f: any) => f.name === "FunctionName");
      delete field.undefinable;
    });
    const { ir, index } = irOf(copy);
    expectLines(
      print(emitUpdates(ir, index)),
      `export interface InvokeStartFields {
  /** Serialized result, input or state. (\`Payload\`) */
  payload: string | undefined;
  /** Function to invoke. (\`ChainedInvokeOptions.FunctionName\`) */
  functionName: string;
  /** Tenant of the target. (\`ChainedInvokeOptions.TenantId\`) */
  tenantId: string | undefined;
}`,
    );
  });
});

describe("checkpoints: sections that cannot become a builder fail generation", () => {
  const problemsAfter = (file: string, edit: (d: any) => void) => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, file, edit);
    return schemaProblems(() => irOf(copy));
  };

  it("an alwaysSent group that no listed field belongs to", () => {
    expect(problemsAfter("operations/step.yaml", (d) => (d.checkpoints[2].alwaysSent = ["StepOptions", "WaitOptions"]))).toEqual([
      { file: STEP, path: "checkpoints[2].alwaysSent[1]", reason: '"WaitOptions" is not the group of a listed field (groups: StepOptions)' },
    ]);
  });

  it("two entries for the same action", () => {
    expect(problemsAfter("operations/step.yaml", (d) => (d.checkpoints[3].action = "RETRY"))).toEqual([
      { file: STEP, path: "checkpoints[3]", reason: 'a second RETRY update (each action has one update builder, "retry")' },
    ]);
  });

  it("a field path that is not of the form Field or Group.Field", () => {
    expect(problemsAfter("operations/step.yaml", (d) => (d.checkpoints[1].fields = ["payload"]))).toEqual([
      { file: STEP, path: "checkpoints[1].fields[0]", reason: "must be an OperationUpdate field path such as Payload or StepOptions.NextAttemptDelaySeconds" },
    ]);
  });

  it("sharedCheckpoints naming no shared section, given with checkpoints, or neither given", () => {
    const ALL = "schema/operations/promise-all.yaml";
    expect(problemsAfter("operations/promise-all.yaml", (d) => (d.sharedCheckpoints = "PromiseCombinater"))).toEqual([
      { file: ALL, path: "sharedCheckpoints", reason: 'unknown shared checkpoint section "PromiseCombinater" (declared in schema/shared/*.yaml: PromiseCombinator)' },
    ]);
    expect(problemsAfter("operations/promise-all.yaml", (d) => (d.checkpoints = [{ action: "START", awaited: "no", when: "x", fields: [] }]))).toEqual([
      { file: ALL, path: "sharedCheckpoints", reason: "give either checkpoints or sharedCheckpoints, not both" },
    ]);
    expect(problemsAfter("operations/promise-all.yaml", (d) => delete d.sharedCheckpoints)).toEqual([
      { file: ALL, path: "checkpoints", reason: "missing: list the updates the operation sends, or name a shared section with sharedCheckpoints" },
    ]);
  });

  it("a problem in a shared section is reported at the shared file", () => {
    const SHARED = "schema/shared/promise-combinator-checkpoints.yaml";
    const problems = problemsAfter("shared/promise-combinator-checkpoints.yaml", (d) => (d.checkpoints[0].entries[2].fields = ["Eror"]));
    // Once per operation sending the section, each naming the shared file and the entry.
    expect(new Set(problems.map((p) => JSON.stringify(p)))).toEqual(
      new Set([JSON.stringify({ file: SHARED, path: "checkpoints[0].entries[2].fields[0]", reason: 'unknown OperationUpdate field "Eror" (no "Eror" in OperationUpdate)' })]),
    );
    expect(problems).toHaveLength(4);
  });

  it("the builders' IR of the real schema: one method per checkpoint entry", () => {
    const step = irOf(copySchema(REAL_SCHEMA)).ir.operations.find((o) => o.name === "step")!;
    expect(step.checkpoints.map((c) => [c.builderMethod, c.updateFields.map((f) => f.param)])).toEqual([
      ["start", []],
      ["succeed", ["payload"]],
      ["retry", ["error", "nextAttemptDelaySeconds"]],
      ["fail", ["error"]],
    ]);
  });
});

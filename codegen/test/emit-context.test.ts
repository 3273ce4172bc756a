/**
 * emitContext: the DurableContext overloads with TSDoc from the schema, and createOperationMethods,
 * which resolves the optional name by the operation's discriminator before validating and dispatching.
 */
import { describe, expect, it } from "vitest";
import { emitContext } from "../src/emit/context";
import { editYaml, expectLines, minimalIr, print, readYaml, writeYaml } from "./helpers";

describe("emitContext", () => {
  const { ir, index } = minimalIr((copy) => {
    editYaml(copy, "enums.yaml", (file) => {
      file.enums[0].values.push({ name: "CHAINED_INVOKE", summary: "An invoke." });
      file.enums[1].values.push({ name: "CHAINED_INVOKE", value: "ChainedInvoke", summary: "An invoke." });
    });
    editYaml(copy, "operations/step.yaml", (op) =>
      Object.assign(op, {
        description: "Its result is checkpointed.",
        remarks: "Do not nest steps.",
        since: "1.2.0",
        deprecated: "Use run instead.",
      }),
    );
    const step = readYaml(copy, "operations/step.yaml");
    writeYaml(copy, "operations/invoke.yaml", {
      ...step,
      operation: "invoke",
      operationType: "CHAINED_INVOKE",
      subType: "ChainedInvoke",
      method: {
        name: { type: "string", summary: "Name of the invoke." },
        discriminator: "second-arg-string",
        params: [
          { name: "funcId", type: "string", check: "nonEmptyString", summary: "Function to invoke." },
          { name: "input", type: "unknown", optional: true, check: "any", summary: "Its input." },
        ],
        returns: "DurablePromise<unknown>",
      },
    });
    // No name parameter: the arguments are taken as they are.
    writeYaml(copy, "operations/all.yaml", {
      ...step,
      operation: "all",
      group: "promise",
      reusesSubType: true,
      method: { params: [{ name: "promises", type: "DurablePromise<unknown>[]", check: "array", summary: "The promises." }], returns: "DurablePromise<unknown[]>" },
    });
  });
  const out = print(emitContext(ir, index));

  it("emits one overload per name variant, each with the full TSDoc", () => {
    const tsdoc = (params: string) => `  /**
   * Runs a function once.
   *
   * Its result is checkpointed.
   *
${params}   * @throws {@link StepError} A step failed.
   * @remarks
   * Do not nest steps.
   * @example A step
   * \`\`\`ts
   * await context.step(async () => 1);
   * \`\`\`
   * @since 1.2.0
   * @deprecated Use run instead.
   * @generated from schema/operations/step.yaml
   */`;
    expectLines(
      out,
      `${tsdoc("   * @param name - Name of the step.\n   * @param fn - The body.\n")}
  step<TOutput>(name: string | undefined, fn: () => Promise<TOutput>): DurablePromise<TOutput>;
${tsdoc("   * @param fn - The body.\n")}
  step<TOutput>(fn: () => Promise<TOutput>): DurablePromise<TOutput>;`,
    );
  });

  it("puts promise-group operations on the combinators interface", () => {
    expectLines(out, "  all(promises: DurablePromise<unknown>[]): DurablePromise<unknown[]>;\n}");
    expect(out).toContain(`export type OperationMethods<TLogger extends DurableLogger = DurableLogger> = Pick<DurableContext<TLogger>, "invoke" | "step" | "promise">;`);
  });

  it("normalises the arguments: leading string, second-argument string, or no name", () => {
    expectLines(
      out,
      `  invoke(name?: unknown, funcId?: unknown, input?: unknown): DurablePromise<unknown> {
    if (!(typeof funcId === "string")) {
      input = funcId;
      funcId = name;
      name = undefined;
    }
    const given = { name, funcId, input } as InvokeArgs;
    // Common calls that the validator would accept skip it (no config, simple arguments).
    return this[DISPATCH]("invoke", (name === undefined || typeof name === "string") && typeof funcId === "string" && funcId !== "" ? given : checkArguments("invoke", INVOKE_ARGS_RULES, given));
  }`,
    );
    expectLines(
      out,
      `  step(name?: unknown, fn?: unknown): DurablePromise<unknown> {
    if (!isLeadingName(name)) {
      fn = name;
      name = undefined;
    }
    const given = { name, fn } as StepArgs;
    // Common calls that the validator would accept skip it (no config, simple arguments).
    return this[DISPATCH]("step", typeof fn === "function" ? given : checkArguments("step", STEP_ARGS_RULES, given));
  }`,
    );
    expectLines(
      out,
      `  all(promises: DurablePromise<unknown>[]): DurablePromise<unknown[]>;
  all(promises?: unknown): DurablePromise<unknown> {
    const given = { promises } as AllArgs;
    // Common calls that the validator would accept skip it (no config, simple arguments).
    return this.#dispatch("all", Array.isArray(promises) ? given : checkArguments("all", ALL_ARGS_RULES, given));
  }`,
    );
  });

  it("types the seam: the classes repeat the overloads and implement the interfaces (no cast)", () => {
    expectLines(out, "export class OperationMethodsBase<TLogger extends DurableLogger = DurableLogger> implements OperationMethods<TLogger> {");
    expectLines(out, "class DurablePromiseCombinatorsBase implements DurablePromiseCombinators {");
    expectLines(out, `  /** context.step: see {@link DurableContext.step}. */
  step<TOutput>(name: string | undefined, fn: () => Promise<TOutput>): DurablePromise<TOutput>;
  step<TOutput>(fn: () => Promise<TOutput>): DurablePromise<TOutput>;
  step(name?: unknown, fn?: unknown): DurablePromise<unknown> {`);
    expect(out).not.toContain("as unknown as");
  });

  it("records each operation's static facts; operations with the same facts share one object", () => {
    expectLines(
      out,
      `/** The facts all, step share (one object in OPERATIONS). */
const STEP_FACTS = { operationType: "STEP", subType: "Step" } as const;
/** Static facts about each operation, from the schema. */
export const OPERATIONS = {
  all: STEP_FACTS,
  invoke: { operationType: "CHAINED_INVOKE", subType: "ChainedInvoke" },
  step: STEP_FACTS,
} as const satisfies Record<OperationName, OperationInfo>;`,
    );
  });
});

describe("emitContext: combinators with the same arguments", () => {
  const promiseOp = (copy: Parameters<typeof readYaml>[0], operation: string, check: string) =>
    writeYaml(copy, `operations/${operation}.yaml`, {
      ...readYaml(copy, "operations/step.yaml"),
      operation,
      group: "promise",
      reusesSubType: true,
      method: { params: [{ name: "promises", type: "DurablePromise<unknown>[]", check, summary: "The promises." }], returns: "DurablePromise<unknown[]>" },
    });
  const emitWith = (secondCheck: string) =>
    print(
      emitContext(
        ...(({ ir, index }) => [ir, index] as const)(
          minimalIr((copy) => {
            promiseOp(copy, "all", "array");
            promiseOp(copy, "any", secondCheck);
          }),
        ),
      ),
    );

  it("share one private method that resolves, validates and dispatches", () => {
    const out = emitWith("array");
    expectLines(out, `    return this.#combine("all", ALL_ARGS_RULES, promises);`);
    expectLines(out, `    return this.#combine("any", ANY_ARGS_RULES, promises);`);
    expectLines(
      out,
      `  #combine<K extends "all" | "any">(operation: K, rules: typeof ALL_ARGS_RULES, promises?: unknown): DurablePromise<unknown> {
    const given = { promises } as OperationArgs[K];`,
    );
    expect(out.match(/checkArguments\(/g)).toHaveLength(1 + (out.match(/checkArguments\("step"/g)?.length ?? 0));
  });

  it("keep their own bodies when their checks differ", () => {
    const out = emitWith("function");
    expect(out).not.toContain("#combine");
    expect(out).toContain(`return this.#dispatch("all", Array.isArray(promises) ? given : checkArguments("all", ALL_ARGS_RULES, given));`);
    expect(out).toContain(`return this.#dispatch("any", typeof promises === "function" ? given : checkArguments("any", ANY_ARGS_RULES, given));`);
  });
});

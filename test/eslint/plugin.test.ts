/**
 * The plugin as a flat config uses it (Linter with `configs.recommended`), and the rules' reach follows
 * the generated list of operations (src/generated/context-methods.ts): every operation that runs its
 * function as a step makes that function a safe place, every child-context operation does not.
 */
import { Linter } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { describe, expect, it } from "vitest";
import plugin from "../../src/eslint/index";
import { CHILD_CONTEXT_METHODS, DURABLE_CONTEXT_METHODS, STEP_BODY_METHODS } from "../../src/generated/context-methods";

const lint = (code: string) =>
  new Linter({ configType: "flat" }).verify(code, [
    { files: ["**/*.ts"], languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: "module" } },
    plugin.configs.recommended,
  ], "handler.ts");

const handler = (body: string) =>
  `import { withDurableExecution, type DurableContext } from "durable-execution-sdk";\nexport const handler = withDurableExecution(async (event: unknown, context: DurableContext) => {\n${body}\n});\n`;

describe("durable-execution-sdk/eslint", () => {
  it("is a flat-config plugin whose recommended config turns on the three rules as errors", () => {
    expect(Object.keys(plugin.rules).sort()).toEqual(["no-closure-in-durable-operations", "no-nested-durable-operations", "no-non-deterministic-outside-step"]);
    expect(plugin.configs.recommended.plugins).toEqual({ durable: plugin });
    expect(plugin.configs.recommended.rules).toEqual({
      "durable/no-non-deterministic-outside-step": "error",
      "durable/no-nested-durable-operations": "error",
      "durable/no-closure-in-durable-operations": "error",
    });
    for (const rule of Object.values(plugin.rules)) expect(rule.meta?.docs?.url).toMatch(/docs\/guide\/eslint\.md#/);
  });

  it("reports each rule once on a handler with one bug of each kind", () => {
    const messages = lint(
      handler("let n = 0;\nconst t = Date.now();\nawait context.step('a', async () => { n++; await context.wait({ seconds: 1 }); });\nreturn t;"),
    );
    expect(messages.map((m) => [m.ruleId, m.line])).toEqual([
      ["durable/no-non-deterministic-outside-step", 4],
      ["durable/no-closure-in-durable-operations", 5],
      ["durable/no-nested-durable-operations", 5],
    ]);
    expect(messages[0]!.suggestions?.[0]?.fix.text).toBe("(await context.step(async () => Date.now()))");
  });

  it("a clean handler has no messages", () => {
    expect(lint(handler("const t = await context.step('t', async () => Date.now());\nawait context.wait({ seconds: 1 });\nreturn t;"))).toEqual([]);
  });

  it("covers every operation of the generated list", () => {
    expect(DURABLE_CONTEXT_METHODS.length).toBeGreaterThanOrEqual(9);
    expect([...STEP_BODY_METHODS].sort()).toEqual(["step", "waitForCallback", "waitForCondition"]);
    expect([...CHILD_CONTEXT_METHODS].sort()).toEqual(["map", "parallel", "runInChildContext"]);
    for (const method of STEP_BODY_METHODS) {
      const messages = lint(handler(`await context.${method}(async () => { Date.now(); await context.wait({ seconds: 1 }); });`));
      expect(messages.map((m) => m.ruleId), method).toEqual(["durable/no-nested-durable-operations"]);
    }
    for (const method of CHILD_CONTEXT_METHODS) {
      const fn = "async (child) => { Date.now(); await context.wait({ seconds: 1 }); }";
      const messages = lint(handler(`await context.${method}(${method === "parallel" ? `[${fn}]` : method === "map" ? `[1], ${fn}` : fn});`));
      expect(messages.map((m) => m.ruleId), method).toEqual(["durable/no-non-deterministic-outside-step", "durable/no-nested-durable-operations"]);
    }
  });
});

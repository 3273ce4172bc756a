/**
 * The wrong/right examples of docs/guide/eslint.md are what the rules say they are: each TypeScript
 * block starts with `// lint: clean` or `// lint: <rule> xN`, and linting it gives exactly that.
 */
import { Linter } from "eslint";
import tsParser from "@typescript-eslint/parser";
import { describe, expect, it } from "vitest";
import plugin from "../../src/eslint/index";
import { codeBlocks } from "../docs/markdown.js";

const blocks = codeBlocks("guide/eslint.md").filter((b) => b.lang === "ts");

describe("docs/guide/eslint.md examples", () => {
  it("has a wrong and a right example per rule", () => {
    const marks = blocks.map((b) => /^\/\/ lint: (.*)$/m.exec(b.code)?.[1]);
    expect(marks.filter((m) => m === "clean")).toHaveLength(3);
    for (const rule of Object.keys(plugin.rules)) expect(marks.some((m) => m?.startsWith(`durable/${rule} `)), rule).toBe(true);
  });

  it.each(blocks.map((b) => [b.line, b] as const))("the block at line %i lints as marked", (_line, block) => {
    const mark = /^\/\/ lint: (.*)$/m.exec(block.code)![1]!;
    const messages = new Linter({ configType: "flat" }).verify(
      block.code,
      [{ files: ["**/*.ts"], languageOptions: { parser: tsParser, ecmaVersion: 2022, sourceType: "module" } }, plugin.configs.recommended],
      "example.ts",
    );
    if (mark === "clean") expect(messages).toEqual([]);
    else {
      const [, rule, count] = /^(\S+) x(\d+)$/.exec(mark)!;
      expect(messages.map((m) => m.ruleId)).toEqual(Array(Number(count)).fill(rule));
    }
  });
});

/** emitDocs: the reference pages render the same schema fields as the TSDoc. */
import { describe, expect, it } from "vitest";
import { emitDocs, loadTemplates } from "../src/emit/docs";
import { TEMPLATES_DIR, editYaml, expectLines, minimalIr } from "./helpers";

describe("emitDocs", () => {
  const { ir } = minimalIr((copy) =>
    editYaml(copy, "operations/step.yaml", (op) => {
      Object.assign(op, { since: "1.2.0", deprecated: "Use run instead." });
      op.method.params.push({ name: "config", type: "StepConfig", optional: true, check: "config", summary: "Options." });
      op.config = {
        name: "StepConfig",
        description: "Either a count or a function.",
        exclusive: [["maxAttempts"], ["retryStrategy"]],
        fields: [
          { name: "maxAttempts", type: "number", optional: true, check: "positiveInteger", default: "3", summary: "Attempts in total.", fix: "Use a whole number." },
          { name: "retryStrategy", type: "(error: Error) => boolean | number", optional: true, check: "function", summary: "Decides.", fix: "Pass a function." },
        ],
      };
    }),
  );
  const docs = emitDocs(ir, loadTemplates(TEMPLATES_DIR));
  const step = docs.get("step.md")!;

  it("writes one page per operation plus the index and the error catalogue", () => {
    expect([...docs.keys()].sort()).toEqual(["errors.md", "index.md", "step.md"]);
  });

  it("shows deprecation and the version an operation appeared in", () => {
    expectLines(step, "# `context.step`\n\nRuns a function once.\n\n> **Deprecated:** Use run instead.\n");
    expectLines(step, "| Schema | `schema/operations/step.yaml` |\n| Since | 1.2.0 |");
  });

  it("renders the config table with defaults, expectations, escaped pipes, description and exclusive groups", () => {
    expectLines(
      step,
      `## Configuration: \`StepConfig\`

Either a count or a function.

| Field | Type | Default | Description |
|---|---|---|---|
| \`maxAttempts\` (optional) | \`number\` | 3 | Attempts in total. Must be a whole number of at least 1. |
| \`retryStrategy\` (optional) | \`(error: Error) => boolean \\| number\` | — | Decides. Must be a function. |

These groups of fields are mutually exclusive: \`maxAttempts\` / \`retryStrategy\`.
`,
    );
  });

  it("names the fallback error in the catalogue", () => {
    expect(docs.get("errors.md")).toContain("(unknown types become `StepError`)");
  });
});

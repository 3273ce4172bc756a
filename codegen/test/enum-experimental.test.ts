/**
 * `experimental: true` on an enum (the plugin API's PluginInvocationStatus and AttemptEndInfoOutcome):
 * the const object and its type alias both carry the TSDoc `@experimental` tag, as the rest of the plugin
 * API does; an enum without the key carries none; anything but `true` fails generation.
 */
import { describe, expect, it } from "vitest";
import { emitEnums } from "../src/emit/enums";
import { copySchema, editYaml, irOf, print, REAL_SCHEMA, schemaProblems } from "./helpers";

/** The doc comment just above the line starting with `line` in `text` (the lines from its `/**` to the line before). */
function docAbove(text: string, line: string): string {
  const lines = text.split("\n");
  const at = lines.findIndex((l) => l.startsWith(line));
  expect(at, line).toBeGreaterThan(0);
  let start = at - 1;
  while (start > 0 && !lines[start]!.startsWith("/**")) start--;
  return lines.slice(start, at).join("\n");
}

describe("experimental enums", () => {
  const text = print(emitEnums(irOf(copySchema(REAL_SCHEMA)).ir));

  it("the plugin API's enums are tagged @experimental on the object and on the type", () => {
    for (const name of ["PluginInvocationStatus", "AttemptEndInfoOutcome"]) {
      expect(docAbove(text, `export const ${name}: {`)).toMatch(/^ \* @experimental$/m);
      expect(docAbove(text, `export type ${name} = (typeof ${name})[keyof typeof ${name}];`)).toMatch(/^ \* @experimental$/m);
    }
  });

  it("an enum without the key is not tagged", () => {
    expect(docAbove(text, "export const OperationType: {")).not.toMatch(/@experimental/);
  });

  it("`experimental` takes only true", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "enums.yaml", (d: any) => {
      d.enums.find((e: any) => e.name === "OperationType").experimental = "yes";
    });
    const problems = schemaProblems(() => irOf(copy));
    expect(problems).toEqual([expect.objectContaining({ file: "schema/enums.yaml", path: expect.stringMatching(/^enums\[\d+\]\.experimental$/) })]);
  });
});

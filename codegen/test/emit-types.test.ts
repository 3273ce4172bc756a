/** emitTypes: interfaces (properties, method fields, index signatures, extends) and type aliases. */
import { describe, expect, it } from "vitest";
import { emitTypes } from "../src/emit/types";
import { editYaml, expectLines, minimalIr, print } from "./helpers";

describe("emitTypes", () => {
  const { ir, index } = minimalIr((copy) => {
    editYaml(copy, "enums.yaml", (file) =>
      file.enums.push({ name: "LogLevel", summary: "Log levels.", values: [{ name: "INFO", summary: "Information." }] }),
    );
    editYaml(copy, "types.yaml", (file) =>
      file.types.push(
        {
          name: "Serdes",
          typeParams: [{ name: "T", default: "unknown" }],
          summary: "Converts a value to and from text.",
          extends: "Partial<Record<`${LogLevel}`, never>>",
          fields: [
            { name: "id", type: "string", readonly: true, summary: "A readonly property." },
            { name: "serialize", method: true, type: "(value: T | undefined) => Promise<string | undefined>", summary: "Value to text." },
            { name: "deserialize", method: true, optional: true, type: "(data: string, ...rest: unknown[]) => Promise<T>", summary: "Text to value." },
            { name: "reviver", type: "(key: string) => unknown", optional: true, summary: "A property of function type, not a method." },
            { name: "[key: string]", type: "unknown", summary: "Anything else (a */ in a summary is escaped)." },
          ],
        },
        {
          name: "WireRecord",
          summary: "Optionality as the AWS SDK types it.",
          fields: [
            { name: "Id", type: "string", undefinable: true, summary: "A required key whose value may be undefined." },
            { name: "Name", type: "string", optional: true, undefinable: true, summary: "An optional key." },
            { name: "Pick", type: "\"a\" | \"b\"", undefinable: true, summary: "A union is parenthesised." },
          ],
        },
        { name: "Pair", typeParams: [{ name: "A", constraint: "string" }], summary: "An alias.", alias: "[A, Serdes<A>]" },
      ),
    );
  });
  const out = print(emitTypes(ir, index));

  it("emits method fields as method signatures, with optional and rest parameters", () => {
    expectLines(
      out,
      `/**
 * Converts a value to and from text.
 *
 * @generated from schema/types.yaml, type Serdes
 */
export interface Serdes<T = unknown> extends Partial<Record<\`\${LogLevel}\`, never>> {
  /** Anything else (a *\\/ in a summary is escaped). */
  [key: string]: unknown;
  /** A readonly property. */
  readonly id: string;
  /** A property of function type, not a method. */
  reviver?: (key: string) => unknown;
  /** Value to text. */
  serialize(value: T | undefined): Promise<string | undefined>;
  /** Text to value. */
  deserialize?(data: string, ...rest: unknown[]): Promise<T>;
}`,
    );
  });

  it("emits undefinable fields as T | undefined, keeping the key required unless optional", () => {
    expectLines(
      out,
      `export interface WireRecord {
  /** A required key whose value may be undefined. */
  Id: string | undefined;
  /** An optional key. */
  Name?: string | undefined;
  /** A union is parenthesised. */
  Pick: ("a" | "b") | undefined;
}`,
    );
  });

  it("emits aliases with constrained type parameters", () => {
    expectLines(out, "export type Pair<A extends string> = [A, Serdes<A>];");
  });

  it("imports the names it uses from sibling generated files", () => {
    expect(out.split("\n").filter((l) => l.startsWith("import "))).toEqual(['import { LogLevel } from "./enums";']);
  });
});

/** emitTypes: interfaces (properties, method fields, index signatures, extends), type aliases and string-literal unions with a constant per value and the set of them. */
import { describe, expect, it } from "vitest";
import { emitTypes } from "../src/emit/types";
import { editYaml, expectLines, minimalIr, print, schemaProblems } from "./helpers";

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
        {
          name: "StopReason",
          summary: "Why it stopped.",
          values: [
            { value: "ALL_DONE", summary: "Everything finished." },
            { value: "GAVE_UP", summary: "Too many failures." },
          ],
        },
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

  it("emits a string-literal union (`values`) as its alias, one string constant per value and the set of every value", () => {
    expectLines(
      out,
      `/**
 * Why it stopped.
 *
 * @generated from schema/types.yaml, type StopReason
 */
export type StopReason = "ALL_DONE" | "GAVE_UP";
/**
 * Everything finished.
 *
 * A value of {@link StopReason}.
 *
 * @generated from schema/types.yaml, type StopReason value ALL_DONE
 */
export const STOP_REASON_ALL_DONE = "ALL_DONE";
/**
 * Too many failures.
 *
 * A value of {@link StopReason}.
 *
 * @generated from schema/types.yaml, type StopReason value GAVE_UP
 */
export const STOP_REASON_GAVE_UP = "GAVE_UP";
/**
 * Every value of {@link StopReason}.
 *
 * @generated from schema/types.yaml, type StopReason values
 */
export const STOP_REASON_VALUES: ReadonlySet<StopReason> = new Set([STOP_REASON_ALL_DONE, STOP_REASON_GAVE_UP]);`,
    );
    expect(index.get("STOP_REASON_GAVE_UP")).toEqual({ module: "./types", typeOnly: false });
    expect(index.get("STOP_REASON_VALUES")).toEqual({ module: "./types", typeOnly: false });
  });

  it("a type takes exactly one of alias, values and fields; a value is UPPER_SNAKE and declared once", () => {
    const withType = (type: object) => () =>
      minimalIr((copy) => editYaml(copy, "types.yaml", (file) => file.types.push({ name: "StopReason", summary: "Why it stopped.", ...type })));
    const one = { value: "ALL_DONE", summary: "Everything finished." };
    expect(schemaProblems(withType({ alias: '"ALL_DONE"', values: [one] }))).toEqual([expect.objectContaining({ reason: "give exactly one of `alias`, `values` and `fields`" })]);
    expect(schemaProblems(withType({ values: [{ value: "allDone", summary: "Lower case." }] }))).toEqual([expect.objectContaining({ reason: expect.stringContaining("an UPPER_SNAKE value") })]);
    expect(schemaProblems(withType({ values: [one, one] }))).toEqual([expect.objectContaining({ reason: expect.stringContaining("\"STOP_REASON_ALL_DONE\" is declared twice") })]);
  });

  it("imports the names it uses from sibling generated files", () => {
    expect(out.split("\n").filter((l) => l.startsWith("import "))).toEqual(['import { LogLevel } from "./enums";']);
  });
});

/**
 * Emits request-body checkers from the wire types (schema/wire.yaml) and the enums (enums.yaml): one
 * `wire<Type>Problem(value, field)` per record reachable from OperationUpdate, returning the first
 * field-precise problem (`Updates[0].WaitOptions.WaitSeconds`, "an integer", "string") or undefined.
 * The local HTTP service turns a problem into its 400 (InvalidParameterValueException); the generated code
 * has no dependency on it. `null` counts as absent, as the service treats it.
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import { article, type Ir, type IrType } from "../ir";
import { doc, header } from "./common";

/** The records the parsers cover: OperationUpdate and every record its fields name, depth first. */
export function wireParserTypes(ir: Ir): IrType[] {
  const byName = new Map(ir.types.map((t) => [t.name, t]));
  const out: IrType[] = [];
  const visit = (name: string) => {
    const t = byName.get(name);
    if (!t?.fields || out.includes(t)) return;
    for (const f of t.fields) visit(f.type);
    out.push(t);
  };
  visit("OperationUpdate");
  return out;
}

export const wireProblemName = (type: string): string => `wire${type}Problem`;

export function emitWireParsers(ir: Ir): SourceFileStructure {
  const types = wireParserTypes(ir);
  const enums = new Map(ir.enums.map((e) => [e.name, e]));
  const records = new Set(types.map((t) => t.name));
  const body: StatementStructures[] = [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: "WireProblem",
      docs: [doc({ summary: "What is wrong with a request field: `${field} must be ${expected} (got ${got})`.", generatedFrom: "schema/wire.yaml" })],
      properties: [
        { name: "field", type: "string", isReadonly: true, docs: ["The field path, e.g. `Updates[0].WaitOptions.WaitSeconds`."] },
        { name: "expected", type: "string", isReadonly: true, docs: ["What the field must be."] },
        { name: "got", type: "string", isReadonly: true, docs: ["What it is: a JSON type name, or the value for a wrong enum value."] },
      ],
    },
    {
      kind: StructureKind.Function,
      name: "jsonType",
      parameters: [{ name: "value", type: "unknown" }],
      returnType: "string",
      statements: ['if (value === null) return "null";', 'if (Array.isArray(value)) return "array";', "return typeof value;"],
    },
    {
      kind: StructureKind.Function,
      name: "isRecord",
      parameters: [{ name: "value", type: "unknown" }],
      returnType: "value is Record<string, unknown>",
      statements: ['return typeof value === "object" && value !== null && !Array.isArray(value);'],
    },
  ];
  for (const t of types) {
    const statements: string[] = [
      "if (value === undefined || value === null) return undefined;",
      `if (!isRecord(value)) return { field, expected: ${JSON.stringify(`${article(t.name)} ${t.name} (a JSON object)`)}, got: jsonType(value) };`,
    ];
    if (t.fields!.some((f) => !records.has(f.type))) statements.push("let v: unknown;");
    if (t.fields!.some((f) => records.has(f.type))) statements.push("let problem: WireProblem | undefined;");
    for (const f of t.fields!) {
      const at = `\`\${field}.${f.name}\``;
      const read = `v = value.${f.name};`;
      const bad = (cond: string, expected: string, got = "jsonType(v)") => `if (v !== undefined && v !== null && ${cond}) return { field: ${at}, expected: ${JSON.stringify(expected)}, got: ${got} };`;
      if (f.type === "string") statements.push(read, bad('typeof v !== "string"', "a string"));
      else if (f.type === "number") statements.push(read, bad('(typeof v !== "number" || !Number.isInteger(v))', "an integer"));
      else if (f.type === "boolean") statements.push(read, bad('typeof v !== "boolean"', "a boolean"));
      else if (f.type === "string[]") statements.push(read, bad('(!Array.isArray(v) || v.some((item) => typeof item !== "string"))', "a list of strings"));
      else if (enums.has(f.type)) {
        const values = enums.get(f.type)!.values.map((x) => x.value);
        statements.push(
          read,
          bad('typeof v !== "string"', "a string"),
          bad(`!${JSON.stringify(values)}.includes(v as string)`, `one of ${[...values].sort().join(", ")}`, "JSON.stringify(v)"),
        );
      } else if (records.has(f.type)) statements.push(`problem = ${wireProblemName(f.type)}(value.${f.name}, ${at});`, "if (problem) return problem;");
      else throw new Error(`wire parser: no check for ${t.name}.${f.name} of type ${f.type} (add one to codegen/src/emit/wire-parsers.ts)`);
    }
    statements.push("return undefined;");
    body.push({
      kind: StructureKind.Function,
      isExported: true,
      name: wireProblemName(t.name),
      parameters: [
        { name: "value", type: "unknown" },
        { name: "field", type: "string" },
      ],
      returnType: "WireProblem | undefined",
      docs: [
        doc({
          summary: `The first field of ${article(t.name)} ${t.name} in a request body that has the wrong type or value, or undefined when it is well-formed.`,
          params: [
            { name: "value", summary: "The parsed JSON value (null and undefined count as absent)." },
            { name: "field", summary: "Its path in the request, used in the problem's field." },
          ],
          generatedFrom: `${t.source}, type ${t.name}`,
        }),
      ],
      statements,
    });
  }
  const sources = [...new Set([...types.map((t) => t.source), ...ir.enums.map((e) => e.source)])];
  return { kind: StructureKind.SourceFile, statements: [header(sources), ...body] };
}

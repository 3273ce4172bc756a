/**
 * DurableExecutionConfig is written by hand (its fields name runtime types, which generated code cannot
 * import), while its fields and the defaults of the unset ones are schema facts (schema/execution.yaml,
 * generated as DURABLE_EXECUTION_DEFAULTS). This test holds the two together: the interface names exactly
 * the schema's fields (a settings object's too) with the schema's types, a defaulted field is typed as its default, and every
 * default the interface's TSDoc states ("default 0", "Default 12") is the generated value, as are the
 * figures the README and the plugins guide state.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import ts from "typescript";
import { describe, expect, it } from "vitest";
import { parse } from "yaml";
import { DURABLE_EXECUTION_DEFAULTS } from "../src/generated/index.js";

const root = join(import.meta.dirname, "..");
const schema = parse(readFileSync(join(root, "schema/execution.yaml"), "utf8")).execution.config as SchemaConfig;

interface SchemaField {
  name: string;
  type?: string;
  default?: { value: boolean | number | string };
  fields?: SchemaField[];
}
interface SchemaConfig {
  name: string;
  declaredIn: string;
  fields: SchemaField[];
}

/** A property of the hand-written interface: its name, type text, TSDoc text and (a type literal's) properties. */
interface DeclaredField {
  name: string;
  type: string;
  doc: string;
  fields?: DeclaredField[];
}

/** The properties of `interface <name>` in `file`, with their TSDoc, read with the TypeScript parser. */
function declaredFields(source: string, name: string): DeclaredField[] {
  const file = ts.createSourceFile("config.ts", source, ts.ScriptTarget.Latest, true);
  const iface = file.statements.find((s): s is ts.InterfaceDeclaration => ts.isInterfaceDeclaration(s) && s.name.text === name);
  if (!iface) throw new Error(`interface ${name} not found`);
  const read = (members: ts.NodeArray<ts.TypeElement>): DeclaredField[] =>
    members.filter(ts.isPropertySignature).map((p) => {
      const doc = ts
        .getJSDocCommentsAndTags(p)
        .map((d) => d.getText())
        .join("\n");
      const type = p.type!;
      return { name: p.name.getText(), type: type.getText(), doc, ...(ts.isTypeLiteralNode(type) ? { fields: read(type.members) } : {}) };
    });
  return read(iface.members);
}

/** The schema fields and the declared fields as comparable name trees (`pluginsConfig.childOperationsDepth`). */
const schemaNames = (fields: SchemaField[], prefix = ""): string[] => fields.flatMap((f) => [`${prefix}${f.name}`, ...schemaNames(f.fields ?? [], `${prefix}${f.name}.`)]);
const declaredNames = (fields: DeclaredField[], prefix = ""): string[] => fields.flatMap((f) => [`${prefix}${f.name}`, ...declaredNames(f.fields ?? [], `${prefix}${f.name}.`)]);

/**
 * "default 0", "Default 12", "default `true`": the literal values a TSDoc states as defaults (a number,
 * Infinity, a boolean or a quoted string; "the default Lambda client" states none).
 */
const statedDefaults = (doc: string): string[] =>
  [...doc.matchAll(/\bdefault:?\s+(`[^`]*`|"[^"]*"|-?\d+(?:\.\d+)?|Infinity|true|false)(?![\w.]\w)/gi)].map((m) => m[1]!.replace(/^[`"]|[`"]$/g, ""));

/**
 * Every problem between the interface (source text) and the schema's config: fields missing on either
 * side, a defaulted field typed otherwise than its default, a top-level field's TSDoc stating a default
 * that is not the schema's (its own, or its settings' fields'), or not stating one the schema has.
 */
function configProblems(source: string, config: SchemaConfig): string[] {
  const declared = declaredFields(source, config.name);
  const problems: string[] = [];
  const problem = (text: string) => problems.push(text);
  const inSchema = schemaNames(config.fields);
  const inInterface = declaredNames(declared);
  for (const n of inInterface) if (!inSchema.includes(n)) problem(`${config.name}.${n} is declared but not in schema/execution.yaml`);
  for (const n of inSchema) if (!inInterface.includes(n)) problem(`schema/execution.yaml lists ${n}, which ${config.name} does not declare`);
  // Each field (a settings object's too) is declared with the schema's type.
  const typeText = (type: string) => type.replace(/\s*\|\s*undefined$/, "").replace(/\s+/g, " ");
  const compareTypes = (fields: SchemaField[], decls: DeclaredField[] | undefined, prefix: string) => {
    for (const f of fields) {
      const decl = decls?.find((d) => d.name === f.name);
      if (decl && f.type !== undefined && typeText(decl.type) !== f.type) problem(`${prefix}${f.name} is declared as ${decl.type}, schema/execution.yaml types it ${f.type}`);
      if (f.fields) compareTypes(f.fields, decl?.fields, `${prefix}${f.name}.`);
    }
  };
  compareTypes(config.fields, declared, "");
  for (const field of config.fields) {
    const own = declared.find((d) => d.name === field.name);
    if (!own) continue;
    // The defaults of this field and of its settings' fields, and the figures its TSDoc states.
    const defaults = [field, ...(field.fields ?? [])].filter((f) => f.default !== undefined);
    for (const f of defaults) {
      const decl = f === field ? own : own.fields?.find((d) => d.name === f.name);
      const type = decl?.type.replace(/\s*\|\s*undefined$/, "");
      if (decl && type !== typeof f.default!.value) problem(`${f.name} is typed ${decl.type}, its default ${JSON.stringify(f.default!.value)} is a ${typeof f.default!.value}`);
    }
    const stated = statedDefaults(own.doc);
    const expected = defaults.map((f) => String(f.default!.value));
    if ([...stated].sort().join() !== [...expected].sort().join())
      problem(`the TSDoc of ${field.name} states the default(s) [${stated.join(", ")}], the schema's are [${expected.join(", ")}]`);
  }
  return problems;
}

const source = readFileSync(join(root, schema.declaredIn), "utf8");

describe("DurableExecutionConfig follows schema/execution.yaml", () => {
  it("the interface is declared where the schema says, and agrees with it (fields, types of the defaults, the TSDoc's figures)", () => {
    expect(configProblems(source, schema)).toEqual([]);
  });

  it("the TSDoc figures checked are the generated values", () => {
    const declared = declaredFields(source, schema.name);
    const doc = (name: string) => declared.find((d) => d.name === name)!.doc;
    expect(statedDefaults(doc("checkpointRetryBudgetSeconds"))).toEqual([String(DURABLE_EXECUTION_DEFAULTS.checkpointRetryBudgetSeconds)]);
    expect(statedDefaults(doc("pluginsConfig"))).toEqual([String(DURABLE_EXECUTION_DEFAULTS.pluginsConfig.childOperationsDepth)]);
  });

  it("the guides' and README's figures for these defaults are the generated values", () => {
    // The prose that states a default of DurableExecutionConfig outside the interface's TSDoc.
    const prose = [
      { file: "README.md", pattern: /for up to (\d+) s \(`checkpointRetryBudgetSeconds`/, value: DURABLE_EXECUTION_DEFAULTS.checkpointRetryBudgetSeconds },
      { file: "docs/guide/plugins.md", pattern: /`(\d+)` \(the default\) keeps nothing/, value: DURABLE_EXECUTION_DEFAULTS.pluginsConfig.childOperationsDepth },
    ];
    for (const { file, pattern, value } of prose) {
      const figure = pattern.exec(readFileSync(join(root, file), "utf8"))?.[1];
      expect(figure, `${file}: ${pattern}`).toBe(String(value));
    }
  });

  describe("the check fails when the two drift apart", () => {
    const edited = (from: string, to: string) => {
      expect(source).toContain(from);
      return source.replace(from, to);
    };
    const withSchema = (edit: (c: SchemaConfig) => void): SchemaConfig => {
      const copy = structuredClone(schema);
      edit(copy);
      return copy;
    };

    it("a field added to the interface only", () => {
      expect(configProblems(edited("  checkpointRetryBudgetSeconds?: number;\n}", "  checkpointRetryBudgetSeconds?: number;\n  /** New. */\n  tracing?: boolean;\n}"), schema)).toEqual([
        "DurableExecutionConfig.tracing is declared but not in schema/execution.yaml",
      ]);
    });

    it("a settings field added to the schema only", () => {
      const config = withSchema((c) => c.fields.find((f) => f.name === "pluginsConfig")!.fields!.push({ name: "maxDepth" }));
      expect(configProblems(source, config)).toEqual(["schema/execution.yaml lists pluginsConfig.maxDepth, which DurableExecutionConfig does not declare"]);
    });

    it("a default changed in the schema but not in the TSDoc", () => {
      const config = withSchema((c) => (c.fields.find((f) => f.name === "checkpointRetryBudgetSeconds")!.default = { value: 30 }));
      expect(configProblems(source, config)).toEqual(["the TSDoc of checkpointRetryBudgetSeconds states the default(s) [12], the schema's are [30]"]);
    });

    it("a TSDoc stating another figure, or none", () => {
      expect(configProblems(edited("non-negative integer or Infinity; default 0)", "non-negative integer or Infinity; default 1)"), schema)).toEqual([
        "the TSDoc of pluginsConfig states the default(s) [1], the schema's are [0]",
      ]);
      expect(configProblems(edited("   * Default 12: enough", "   * Twelve seconds: enough"), schema)).toEqual([
        "the TSDoc of checkpointRetryBudgetSeconds states the default(s) [], the schema's are [12]",
      ]);
    });

    it("a field declared with another type than the schema's", () => {
      expect(configProblems(edited("  plugins?: DurableInstrumentationPlugin[];", "  plugins?: DurableInstrumentationPlugin | DurableInstrumentationPlugin[];"), schema)).toEqual([
        "plugins is declared as DurableInstrumentationPlugin | DurableInstrumentationPlugin[], schema/execution.yaml types it DurableInstrumentationPlugin[]",
      ]);
      expect(configProblems(edited("  pluginsConfig?: { childOperationsDepth?: number };", "  pluginsConfig?: { childOperationsDepth?: number | string };"), schema)).toContain(
        "pluginsConfig.childOperationsDepth is declared as number | string, schema/execution.yaml types it number",
      );
    });

    it("a default of another type than its field", () => {
      const config = withSchema((c) => (c.fields.find((f) => f.name === "checkpointRetryBudgetSeconds")!.default = { value: "12" }));
      expect(configProblems(source, config)).toEqual(["checkpointRetryBudgetSeconds is typed number, its default \"12\" is a string"]);
    });
  });
});

/**
 * The pipeline: load → validate → IR → emit (pure) → print. `generate` returns every output file in
 * memory; `writeOutput` and `checkOutput` compare it with the disk.
 */
import { existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { IndentationText, NewLineKind, Project, QuoteKind, StructureKind, type SourceFileStructure } from "ts-morph";
import { loadSchema } from "./load";
import { buildIr, type Ir } from "./ir";
import { emitEnums } from "./emit/enums";
import { emitTypes, hasFieldsConstant } from "./emit/types";
import { emitErrors, fixFunctionName, messageFunctionName } from "./emit/errors";
import { emitServiceErrors } from "./emit/service-errors";
import { emitLambdaApi } from "./emit/lambda-api";
import { allConfigs, emitConfigs, EVERY_FIELD_READ } from "./emit/configs";
import { argsRulesName, emitValidators, invocationIssueTypeName, invocationPhases } from "./emit/validators";
import { emitContext } from "./emit/context";
import { emitContextMethods } from "./emit/context-methods";
import { emitHistory, historyNames } from "./emit/history";
import { emitWireParsers, wireParserTypes, wireProblemName } from "./emit/wire-parsers";
import { emitUpdates, executionFieldsTypeName, hasUpdateBuilders, sharedUpdatesName, updateFieldsTypeName, UPDATE_DRAFT, UPDATE_TARGET } from "./emit/updates";
import { emitDocs, emitDocsSidebar, loadTemplates } from "./emit/docs";
import { header } from "./emit/common";
import { serviceErrorsConstant, typeFieldsName, typeValuesSetName } from "./naming";
import type { ModuleIndex, ModuleIndexEntry } from "./emit/imports";

export interface GenerateOptions {
  /** The schema directory (`schema/`). */
  schemaDir: string;
  /** Where TypeScript goes (`src/generated/`). */
  outDir: string;
  /** Where Markdown goes (`docs/reference/`); omit to skip docs. */
  docsDir?: string;
  /** Handlebars templates (`codegen/templates/`). */
  templatesDir: string;
  /** Paths in headers are relative to this (the repository root). */
  root: string;
}

/**
 * The index's map: each exported name is claimed once. Two schema entries that generate the same name
 * (a toConstant, a limit, a defaults constant, an error's helper…) would otherwise have the later one
 * silently take the name in src/generated/index.ts; `npm run generate` fails instead, naming both modules.
 */
class ClaimOnce extends Map<string, ModuleIndexEntry> {
  override set(name: string, entry: ModuleIndexEntry): this {
    const held = this.get(name);
    if (held !== undefined) throw new Error(`generated name ${name} is declared twice (in ${held.module} and ${entry.module}): rename one of the schema entries that produce it`);
    return super.set(name, entry);
  }
}

/** Where each generated name lives, for imports between generated files. */
export function moduleIndex(ir: Ir): ModuleIndex {
  const index: ModuleIndex = new ClaimOnce();
  for (const e of ir.enums) {
    index.set(e.name, { module: "./enums", typeOnly: false });
    if (e.relation) index.set(e.relation.constName, { module: "./enums", typeOnly: false });
    for (const flag of e.flags) index.set(flag.setName, { module: "./enums", typeOnly: false });
  }
  for (const t of ir.types) {
    index.set(t.name, { module: "./types", typeOnly: true });
    if (t.defaultsName) index.set(t.defaultsName, { module: "./types", typeOnly: false });
    if (t.presetsName) index.set(t.presetsName, { module: "./types", typeOnly: false });
    if (t.noneValuesName) index.set(t.noneValuesName, { module: "./types", typeOnly: false });
    if (t.maxSecondsName && ir.durationRule) index.set(t.maxSecondsName, { module: "./types", typeOnly: false });
    if (hasFieldsConstant(t)) index.set(typeFieldsName(t.name), { module: "./types", typeOnly: false });
    for (const v of t.values ?? []) index.set(v.constant, { module: "./types", typeOnly: false });
    if (t.values) index.set(typeValuesSetName(t.name), { module: "./types", typeOnly: false });
  }
  for (const l of ir.limits) {
    index.set(l.name, { module: "./types", typeOnly: false });
  }
  for (const e of ir.errors) {
    index.set(e.name, { module: "./errors", typeOnly: false });
    index.set(`is${e.name}`, { module: "./errors", typeOnly: false });
  }
  index.set("errorFromErrorObject", { module: "./errors", typeOnly: false });
  index.set("plainErrorFromErrorObject", { module: "./errors", typeOnly: false });
  index.set("ERROR_CATALOG", { module: "./errors", typeOnly: false });
  index.set("REBUILT_ERROR_TYPES", { module: "./errors", typeOnly: false });
  index.set("errorNameOf", { module: "./errors", typeOnly: false });
  if (ir.errors.some((e) => e.messages.length)) index.set("ERROR_MESSAGES", { module: "./errors", typeOnly: false });
  if (ir.terminationMessages.length) index.set("TERMINATION_MESSAGES", { module: "./errors", typeOnly: false });
  if (ir.plainErrorMessages.length) index.set("PLAIN_ERROR_MESSAGES", { module: "./errors", typeOnly: false });
  for (const e of ir.errors) for (const m of e.messages) index.set(messageFunctionName(e.name, m.name), { module: "./errors", typeOnly: false });
  for (const e of ir.errors) for (const m of e.messages) if (m.fix !== undefined) index.set(fixFunctionName(e.name, m.name), { module: "./errors", typeOnly: false });
  for (const e of ir.errors) if (e.unknownTypeMessage) index.set(messageFunctionName(e.name, "unknownType"), { module: "./errors", typeOnly: false });
  for (const e of ir.errors) if (e.serviceErrorNames.length > 0) index.set(serviceErrorsConstant(e.name), { module: "./errors", typeOnly: false });
  for (const m of ir.terminationMessages) index.set(messageFunctionName("Termination", m.name), { module: "./errors", typeOnly: false });
  for (const m of ir.plainErrorMessages) index.set(messageFunctionName("PlainError", m.name), { module: "./errors", typeOnly: false });
  for (const c of allConfigs(ir)) {
    index.set(c.name, { module: "./configs", typeOnly: true });
    index.set(c.validatorName, { module: "./validators", typeOnly: false });
    index.set(`${c.name}MatchesValidator`, { module: "./validators", typeOnly: true });
    index.set(c.resolvedName, { module: "./configs", typeOnly: true });
    index.set(c.resolverName, { module: "./configs", typeOnly: false });
    if (c.runtimeDefaultsName) index.set(c.runtimeDefaultsName, { module: "./configs", typeOnly: true });
  }
  index.set(EVERY_FIELD_READ, { module: "./configs", typeOnly: false });
  if (ir.protocol) {
    for (const set of ir.protocol.statusSets) index.set(set.name, { module: "./enums", typeOnly: false });
    index.set("OPERATION_START_ACTION", { module: "./enums", typeOnly: false });
    index.set("OPERATION_TRANSITIONS", { module: "./enums", typeOnly: false });
    index.set("operationTransition", { module: "./enums", typeOnly: false });
    if (ir.protocol.serviceTransitions.length > 0) index.set("SERVICE_TRANSITIONS", { module: "./enums", typeOnly: false });
    index.set("OperationTransition", { module: "./enums", typeOnly: true });
    if (ir.protocol.transitions.some((t) => t.options)) {
      index.set("UpdateOptionCheck", { module: "./enums", typeOnly: true });
      index.set("UpdateOptionsRule", { module: "./enums", typeOnly: true });
    }
    for (const t of [...ir.protocol.transitions, ...ir.protocol.serviceTransitions]) if (t.toConstant) index.set(t.toConstant, { module: "./enums", typeOnly: false });
  }
  if (ir.operations.some((o) => o.suspendsWith !== undefined)) index.set("SUSPENSION_REASONS", { module: "./context", typeOnly: false });
  index.set("checkArguments", { module: "./validators", typeOnly: false });
  index.set("checkOptionKeys", { module: "./validators", typeOnly: false });
  index.set("checkOptions", { module: "./validators", typeOnly: false });
  index.set("ConfigTable", { module: "./validators", typeOnly: true });
  index.set("describeReceived", { module: "./validators", typeOnly: false });
  index.set("isRecord", { module: "./validators", typeOnly: false });
  if (ir.durationRule) {
    index.set("DURATION_RULE", { module: "./validators", typeOnly: false });
    index.set("durationIssue", { module: "./validators", typeOnly: false });
    index.set("DurationIssue", { module: "./validators", typeOnly: true });
  }
  for (const o of ir.operations) {
    index.set(o.argsValidatorName, { module: "./validators", typeOnly: false });
    index.set(argsRulesName(o), { module: "./validators", typeOnly: false });
    index.set(o.argsTypeName, { module: "./context", typeOnly: true });
  }
  for (const f of ir.functions) index.set(f.argsRulesName, { module: "./validators", typeOnly: false });
  if (ir.history) {
    const names = historyNames(ir.history);
    for (const name of names.values) index.set(name, { module: "./history", typeOnly: false });
    for (const name of names.types) index.set(name, { module: "./history", typeOnly: true });
  }
  if (hasUpdateBuilders(ir)) {
    index.set("WireProblem", { module: "./wire-parsers", typeOnly: true });
    for (const t of wireParserTypes(ir)) index.set(wireProblemName(t.name), { module: "./wire-parsers", typeOnly: false });
  }
  if (hasUpdateBuilders(ir)) index.set(UPDATE_DRAFT, { module: "./updates", typeOnly: true });
  if (hasUpdateBuilders(ir)) index.set(UPDATE_TARGET, { module: "./updates", typeOnly: true });
  // Operations that share a checkpoint section (`sharedCheckpoints:`) share its builder and field types:
  // the first of them claims those names, the others skip them. Any other clash still fails.
  const sharedClaimed = new Set<string>();
  const claimShared = (o: { sharedCheckpoints?: string }, name: string, entry: ModuleIndexEntry) => {
    if (o.sharedCheckpoints === undefined) return void index.set(name, entry);
    if (sharedClaimed.has(name)) return;
    sharedClaimed.add(name);
    index.set(name, entry);
  };
  for (const o of hasUpdateBuilders(ir) ? ir.operations : []) {
    index.set(o.updateBuilderName, { module: "./updates", typeOnly: false });
    if (o.sharedCheckpoints !== undefined) claimShared(o, sharedUpdatesName(o.sharedCheckpoints), { module: "./updates", typeOnly: false });
    for (const c of o.checkpoints) if (c.updateFields.length) claimShared(o, updateFieldsTypeName(o, c), { module: "./updates", typeOnly: true });
  }
  if (ir.execution?.config.defaultsName) index.set(ir.execution.config.defaultsName, { module: "./types", typeOnly: false });
  if (ir.execution) {
    index.set(ir.execution.config.tableName, { module: "./validators", typeOnly: false });
    index.set(ir.execution.argsRulesName, { module: "./validators", typeOnly: false });
    index.set(ir.execution.config.validatorName, { module: "./validators", typeOnly: false });
    if (ir.execution.config.invocationChecks.length) index.set(invocationIssueTypeName(ir.execution), { module: "./validators", typeOnly: true });
    for (const phase of invocationPhases(ir.execution)) index.set(phase.functionName, { module: "./validators", typeOnly: false });
    if (ir.execution.event) {
      index.set(ir.execution.event.functionName, { module: "./validators", typeOnly: false });
      index.set(ir.execution.event.issueTypeName, { module: "./validators", typeOnly: true });
    }
  }
  if (ir.execution && hasUpdateBuilders(ir)) {
    index.set(ir.execution.updateBuilderName, { module: "./updates", typeOnly: false });
    for (const c of ir.execution.checkpoints) if (c.updateFields.length) index.set(executionFieldsTypeName(ir.execution, c), { module: "./updates", typeOnly: true });
  }
  index.set(ir.context.name, { module: "./context", typeOnly: true });
  index.set(ir.context.promiseInterface, { module: "./context", typeOnly: true });
  for (const name of ["OperationName", "OperationArgs", "OperationInfo", "OperationHandler", "OperationHandlerTable", "OperationDispatcher", "OperationMethods"])
    index.set(name, { module: "./context", typeOnly: true });
  index.set("OPERATIONS", { module: "./context", typeOnly: false });
  index.set("createOperationMethods", { module: "./context", typeOnly: false });
  index.set("OperationMethodsBase", { module: "./context", typeOnly: false });
  index.set("DISPATCH", { module: "./context", typeOnly: false });
  for (const name of ["DURABLE_CONTEXT_METHODS", "DURABLE_PROMISE_PROPERTY", "DURABLE_PROMISE_METHODS", "STEP_BODY_METHODS", "CHILD_CONTEXT_METHODS"])
    index.set(name, { module: "./context-methods", typeOnly: false });
  return index;
}

function emitIndex(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const byModule = new Map<string, { values: string[]; types: string[] }>();
  for (const [name, info] of index) {
    const entry = byModule.get(info.module) ?? { values: [], types: [] };
    (info.typeOnly ? entry.types : entry.values).push(name);
    byModule.set(info.module, entry);
  }
  const statements: SourceFileStructure["statements"] = [header(ir.sources)];
  for (const [module, { values, types }] of [...byModule.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (values.length) statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: module, namedExports: values.sort() });
    if (types.length) statements.push({ kind: StructureKind.ExportDeclaration, moduleSpecifier: module, isTypeOnly: true, namedExports: types.sort() });
  }
  return { kind: StructureKind.SourceFile, statements };
}

/**
 * Prints emitted structures as formatted TypeScript. Creating the ts-morph project is the slow part, so
 * one printer serves many files (tests reuse one across emitters).
 */
export function createPrinter(): (name: string, structure: SourceFileStructure) => string {
  const project = new Project({
    useInMemoryFileSystem: true,
    manipulationSettings: {
      indentationText: IndentationText.TwoSpaces,
      quoteKind: QuoteKind.Double,
      newLineKind: NewLineKind.LineFeed,
      useTrailingCommas: true,
    },
  });
  return (name, structure) => {
    const file = project.createSourceFile(`/out/${name}`, structure, { overwrite: true });
    file.formatText({ indentSize: 2, convertTabsToSpaces: true, ensureNewLineAtEndOfFile: true });
    return file.getFullText();
  };
}

/** Pure from the caller's point of view: reads the schema and templates, returns path → content. */
export function generate(options: GenerateOptions): Map<string, string> {
  const schema = loadSchema(options.schemaDir, options.root);
  const ir = buildIr(schema);
  const index = moduleIndex(ir);
  const files: [string, SourceFileStructure][] = [
    ["enums.ts", emitEnums(ir)],
    ["types.ts", emitTypes(ir, index)],
    ["errors.ts", emitErrors(ir, index)],
    ...(ir.serviceExceptions.length ? ([["service-errors.ts", emitServiceErrors(ir)]] as [string, SourceFileStructure][]) : []),
    ...(ir.lambdaApi ? ([["lambda-api.ts", emitLambdaApi(ir)]] as [string, SourceFileStructure][]) : []),
    ["configs.ts", emitConfigs(ir, index)],
    ["validators.ts", emitValidators(ir, index)],
    ["context.ts", emitContext(ir, index)],
    ["context-methods.ts", emitContextMethods(ir)],
    ...(ir.history ? ([["history.ts", emitHistory(ir, index)]] as [string, SourceFileStructure][]) : []),
    // Update builders need the wire type OperationUpdate (a schema without wire types gets none).
    ...(hasUpdateBuilders(ir)
      ? ([
          ["updates.ts", emitUpdates(ir, index)],
          ["wire-parsers.ts", emitWireParsers(ir)],
        ] as [string, SourceFileStructure][])
      : []),
    ["index.ts", emitIndex(ir, index)],
  ];
  const print = createPrinter();
  const out = new Map<string, string>();
  for (const [name, structure] of files) out.set(join(options.outDir, name), print(name, structure));
  if (options.docsDir) {
    const docs = emitDocs(ir, loadTemplates(options.templatesDir));
    for (const [name, content] of docs) out.set(join(options.docsDir, name), content.endsWith("\n") ? content : `${content}\n`);
    out.set(join(options.docsDir, "sidebar.ts"), emitDocsSidebar(ir));
  }
  return out;
}

function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) =>
    d.isDirectory() ? listFiles(join(dir, d.name)) : [join(dir, d.name)],
  );
}

export interface Difference {
  path: string;
  kind: "missing" | "changed" | "extra";
}

/** Compares the generated files with the disk; `dirs` are the folders the generator owns. */
export function diffOutput(files: Map<string, string>, dirs: string[]): Difference[] {
  const diffs: Difference[] = [];
  for (const [path, content] of files) {
    if (!existsSync(path)) diffs.push({ path, kind: "missing" });
    else if (readFileSync(path, "utf8") !== content) diffs.push({ path, kind: "changed" });
  }
  for (const dir of dirs) for (const path of listFiles(dir)) if (!files.has(path)) diffs.push({ path, kind: "extra" });
  return diffs.sort((a, b) => a.path.localeCompare(b.path));
}

/** Writes changed files only and removes files the generator no longer produces. */
export function writeOutput(files: Map<string, string>, dirs: string[]): Difference[] {
  const diffs = diffOutput(files, dirs);
  for (const d of diffs) {
    if (d.kind === "extra") rmSync(d.path);
    else {
      mkdirSync(dirname(d.path), { recursive: true });
      writeFileSync(d.path, files.get(d.path)!);
    }
  }
  return diffs;
}

export function describeDiffs(diffs: Difference[], root: string): string {
  return diffs.map((d) => `  ${d.kind.padEnd(7)} ${relative(root, d.path)}`).join("\n");
}

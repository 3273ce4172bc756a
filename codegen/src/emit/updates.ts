/**
 * Emits the typed checkpoint update builders: per operation one object (`stepUpdates`) with a method per
 * entry of its `checkpoints:` section (`stepUpdates.retry(target, { error, nextAttemptDelaySeconds })`)
 * returning the OperationUpdate (without its Id) as one object literal. Type and Action come from the
 * schema; the fields parameter accepts exactly the fields the schema lists, each a required key so a field
 * added to the schema is a type error at every call site until the runtime supplies it, and admitting
 * undefined only where the wire field does (a required, not undefinable wire field takes its own type).
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrCheckpoint, IrExecution, IrOperation } from "../ir";
import { pascal } from "../naming";
import { doc, docText, header, inlineDoc, exportedConst } from "./common";
import { importsFor, type ModuleIndex } from "./imports";

/**
 * `StepRetryFields`, `WaitForCallbackCallbackStartFields`: the fields parameter of one builder
 * (`PromiseCombinatorSucceedFields` for operations sending a shared checkpoint section).
 */
export const updateFieldsTypeName = (op: IrOperation, c: IrCheckpoint): string =>
  `${pascal(op.sharedCheckpoints ?? op.updateBuilderName.replace(/Updates$/, ""))}${pascal(c.builderMethod)}Fields`;

/** `promiseCombinatorUpdates`: the one builder object of a shared checkpoint section. */
export const sharedUpdatesName = (section: string): string => `${section[0]!.toLowerCase()}${section.slice(1)}Updates`;

/** Builders are generated when the schema declares the wire type OperationUpdate. */
export const hasUpdateBuilders = (ir: Ir): boolean => ir.types.some((t) => t.name === "OperationUpdate" && t.fields);

export const UPDATE_DRAFT = "OperationUpdateDraft";
export const UPDATE_TARGET = "UpdateTarget";

const undefinable = (type: string): string => `${/[|&]|=>/.test(type) ? `(${type})` : type} | undefined`;

/**
 * The fields an update carries besides its identity, in the order the schema lists them (an option group
 * where its first field is): `[wire key, value expression]`.
 */
function fieldEntries(c: IrCheckpoint): [string, string][] {
  const order: string[] = [];
  const groups = new Map<string, typeof c.updateFields>();
  const top = new Map<string, string>();
  for (const f of c.updateFields) {
    if (!f.group) {
      order.push(f.wireName);
      top.set(f.wireName, `fields.${f.param}`);
    } else if (!groups.has(f.group)) {
      groups.set(f.group, []);
      order.push(f.group);
    }
    if (f.group) groups.get(f.group)!.push(f);
  }
  return order.map((key) => {
    const members = groups.get(key);
    if (!members) return [key, top.get(key)!];
    const value = `{ ${members.map((f) => `${f.wireName}: fields.${f.param}`).join(", ")} }`;
    // A group of optional fields is left out when none is set (ContextOptions only when ReplayChildren);
    // a group with a required key (ChainedInvokeOptions.FunctionName) or named in alwaysSent is always sent.
    if (c.alwaysSent.includes(key) || members.some((f) => !f.optional)) return [key, value];
    const unset = members.map((f) => `fields.${f.param} === undefined`).join(" && ");
    return [key, `${unset} ? undefined : ${value}`];
  });
}

/** The exported interface `name` of a builder's `fields` parameter: one property per update field of `c`. */
function fieldsInterface(name: string, c: IrCheckpoint, summary: string, generatedFrom: string, texts: string[]): StatementStructures {
  texts.push(...c.updateFields.map((f) => f.type));
  return {
    kind: StructureKind.Interface,
    isExported: true,
    name,
    docs: [doc({ summary, generatedFrom })],
    properties: c.updateFields.map((f) => ({ name: f.param, type: f.admitsUndefined ? undefinable(f.type) : f.type, docs: [`${docText(f.summary)} (\`${f.path}\`)`] })),
  };
}

/** The exported object `name` holding builder `methods` (each a method's source text). */
function buildersObject(name: string, methods: readonly string[], summary: string, generatedFrom: string): StatementStructures {
  return exportedConst([doc({ summary, generatedFrom })], { name, initializer: `{\n${methods.join("\n")}\n}` });
}

/** A builder's body: the shared identity part, then each listed field added in order (keys keep the order the runtime always sent). */
function updateBody(c: IrCheckpoint): string {
  const base = `update(target, ${JSON.stringify(c.operationType)}, ${JSON.stringify(c.action)})`;
  const entries = fieldEntries(c);
  if (entries.length === 0) return `return ${base};`;
  return [`const u = ${base};`, ...entries.map(([key, value]) => `u.${key} = ${value};`), "return u;"].join("\n");
}

/**
 * The builders of the execution's own updates (schema/execution.yaml): the EXECUTION operation has no
 * parent, name or subtype, and its Id is already a wire id, so each returns the whole OperationUpdate as
 * one literal, Id first: `{ Id, Type, Action, ...fields }`.
 */
function executionBuilders(x: IrExecution, texts: string[]): StatementStructures[] {
  const out: StatementStructures[] = [];
  const methods: string[] = [];
  for (const c of x.checkpoints) {
    const fieldsType = c.updateFields.length ? executionFieldsTypeName(x, c) : undefined;
    const from = `${x.source}, checkpoints ${c.label}`;
    if (fieldsType) out.push(fieldsInterface(fieldsType, c, `The fields of the execution's ${c.label} update.`, from, texts));
    const keys = [["Id", "id"], ["Type", JSON.stringify(c.operationType)], ["Action", JSON.stringify(c.action)], ...fieldEntries(c)];
    const params = fieldsType ? `id: string, fields: ${fieldsType}` : "id: string";
    methods.push(`${inlineDoc(`${c.label}: ${c.when}`)}\n${c.builderMethod}(${params}): OperationUpdate {\n  return { ${keys.map(([k, v]) => `${k}: ${v}`).join(", ")} };\n},`);
  }
  out.push(
    buildersObject(
      x.updateBuilderName,
      methods,
      `The checkpoint updates of the execution itself (the ${x.operationType} operation, Id given as its wire id), one builder per entry of its \`checkpoints:\` section.`,
      `${x.source}, checkpoints`,
    ),
  );
  return out;
}

/** `ExecutionSucceedFields`: the fields parameter of an execution update builder. */
export const executionFieldsTypeName = (x: IrExecution, c: IrCheckpoint): string => `${pascal(x.updateBuilderName.replace(/Updates$/, ""))}${pascal(c.builderMethod)}Fields`;

/** `promiseAllUpdates = promiseCombinatorUpdates`: an operation's name for the builder of the shared section it sends. */
function sharedAlias(op: IrOperation, shared: string): StatementStructures {
  return exportedConst([doc({ summary: `The checkpoint updates ${op.callPath} sends: those of the shared section ${shared}.`, generatedFrom: `${op.source}, sharedCheckpoints` })], {
    name: op.updateBuilderName,
    initializer: sharedUpdatesName(shared),
  });
}

export function emitUpdates(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const statements: (string | StatementStructures)[] = [header([...new Set([...ir.operations.map((o) => o.source), ...(ir.execution ? [ir.execution.source] : [])])])];
  const body: StatementStructures[] = [];
  const texts: string[] = ["OperationUpdate"];
  body.push({
    kind: StructureKind.TypeAlias,
    isExported: true,
    name: UPDATE_DRAFT,
    type: 'Omit<OperationUpdate, "Id">',
    docs: [doc({ summary: "An OperationUpdate as a builder returns it: the checkpoint manager adds the Id (the hashed raw id) when it queues the update.", generatedFrom: "schema/wire.yaml, type OperationUpdate" })],
  });
  body.push({
    kind: StructureKind.Interface,
    isExported: true,
    name: UPDATE_TARGET,
    docs: [doc({ summary: "The operation an update is for: the fields every update of it carries besides Type and Action.", generatedFrom: "schema/wire.yaml, type OperationUpdate" })],
    properties: [
      { name: "parentWireId", type: "string | undefined", hasQuestionToken: true, isReadonly: true, docs: ["Wire Id of the enclosing context (ParentId)."] },
      { name: "name", type: "string | undefined", hasQuestionToken: true, isReadonly: true, docs: ["User-supplied name (Name)."] },
      { name: "subType", type: "string | undefined", hasQuestionToken: true, isReadonly: true, docs: ["SDK subtype (SubType)."] },
    ],
  });
  body.push({
    kind: StructureKind.Function,
    name: "update",
    parameters: [
      { name: "target", type: UPDATE_TARGET },
      { name: "type", type: "OperationType" },
      { name: "action", type: "OperationAction" },
    ],
    returnType: UPDATE_DRAFT,
    docs: [doc({ summary: "The identity part every update starts with, in wire key order.", generatedFrom: "schema/wire.yaml, type OperationUpdate" })],
    statements: ["return { ParentId: target.parentWireId, Name: target.name, Type: type, SubType: target.subType, Action: action };"],
  });
  texts.push("OperationType", "OperationAction");
  const sharedEmitted = new Set<string>();
  for (const op of ir.operations) {
    // Operations sending a shared section use its one builder object: written once, then named per operation.
    const shared = op.sharedCheckpoints;
    if (shared !== undefined && sharedEmitted.has(shared)) {
      body.push(sharedAlias(op, shared));
      continue;
    }
    const methods: string[] = [];
    for (const c of op.checkpoints) {
      const fieldsType = c.updateFields.length ? updateFieldsTypeName(op, c) : undefined;
      const whose = shared === undefined ? `${op.name}'s` : `the shared section ${shared}'s`;
      const from = shared === undefined ? `${op.source}, checkpoints ${c.label}` : `shared checkpoint section ${shared}, ${c.label}`;
      if (fieldsType) body.push(fieldsInterface(fieldsType, c, `The fields of ${whose} ${c.label} update.`, from, texts));
      const params = fieldsType ? `target: ${UPDATE_TARGET}, fields: ${fieldsType}` : `target: ${UPDATE_TARGET}`;
      methods.push(
        `${inlineDoc(`${c.label}: ${c.when}`)}\n${c.builderMethod}(${params}): ${UPDATE_DRAFT} {\n  ${updateBody(c).replace(/\n/g, "\n  ")}\n},`,
      );
    }
    if (shared !== undefined) {
      sharedEmitted.add(shared);
      body.push(
        buildersObject(
          sharedUpdatesName(shared),
          methods,
          `The checkpoint updates of the shared section ${shared}, one builder per entry; the operations that send it use this object.`,
          `shared checkpoint section ${shared}`,
        ),
      );
      body.push(sharedAlias(op, shared));
      continue;
    }
    body.push(buildersObject(op.updateBuilderName, methods, `The checkpoint updates ${op.callPath} sends, one builder per entry of its \`checkpoints:\` section.`, `${op.source}, checkpoints`));
  }
  if (ir.execution) body.push(...executionBuilders(ir.execution, texts));
  statements.push(...importsFor("./updates", texts, index), ...body);
  return { kind: StructureKind.SourceFile, statements };
}

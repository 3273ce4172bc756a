/**
 * The execution (schema/execution.yaml): withDurableExecution's handler check, its config fields with their
 * typed defaults and wrap-time rules, the invocation checks made when the handler runs, the invocation
 * event's checks, and the EXECUTION operation's own checkpoints.
 */
import { LITERAL_TESTS } from "../check-kinds";
import type { IrEnum, IrError, IrEvent, IrEventCheck, IrExecution, IrExecutionConfigField, IrInvocationCheck, IrParam, IrType, IrValueRule } from "../ir";
import type { LoadedFile } from "../load";
import { EVENT_CHECKS, type Check, type ExecutionFile } from "../meta-schema";
import { configValidatorName, constantCase, EVENT_CHECK_FUNCTION, EVENT_ISSUE_TYPE, executionUpdateBuilderName, invocationCheckFunctionName, typeDefaultsName } from "../naming";
import type { BuildContext } from "./build-context";
import type { CheckpointRules } from "./checkpoints";
import type { ConfigRules } from "./configs";

/** What the execution reads of the earlier sections. */
export interface ExecutionInputs {
  enumByName: ReadonlyMap<string, IrEnum>;
  /** The errors of schema/errors.yaml: the invocation and event checks report DurableValidationError's messages. */
  errors: readonly IrError[];
  rules: Pick<ConfigRules, "resolveCheck" | "expectedOf" | "literalDefault">;
  checkpoints: Pick<CheckpointRules, "typeByName" | "checkProtocolSections" | "irCheckpointOf">;
}

/**
 * schema/execution.yaml: its checkpoints are checked as an operation's are (actions valid for its
 * OperationType, fields of OperationUpdate); its config fields are named once each, and a typed
 * default is a literal the summary does not restate and the field's wrap-time check accepts.
 */
export function buildExecution(file: LoadedFile<ExecutionFile>, bc: BuildContext, inputs: ExecutionInputs): IrExecution {
  const { problem } = bc;
  const { enumByName, errors } = inputs;
  const { resolveCheck, expectedOf, literalDefault } = inputs.rules;
  const { checkProtocolSections, irCheckpointOf, typeByName } = inputs.checkpoints;
  const opTypeEnum = enumByName.get("OperationType");
  const { execution } = file.data;
  const src = file.source;
  if (!opTypeEnum?.values.some((v) => v.value === execution.operationType)) problem(src, "execution.operationType", `unknown OperationType "${execution.operationType}"`);
  const at = "execution.checkpoints";
  checkProtocolSections({ operationType: execution.operationType, replay: [] }, src, { entries: execution.checkpoints, source: src, at });
  const configField = (f: { name: string; type: string; summary: string; default?: { value: boolean | number | string } }, path: string): IrExecutionConfigField => {
    if (f.default !== undefined && /\bdefault\b/i.test(f.summary)) problem(src, `${path}.summary`, `states the default again: the typed default is generated into ${typeDefaultsName(execution.config.name)}`);
    return { name: f.name, type: f.type, summary: f.summary, ...(f.default !== undefined ? { default: { value: f.default.value, expr: JSON.stringify(f.default.value) } } : {}) };
  };
  /** A wrap-time rule: its check, `expected` (the schema's words, or the check's) and fix. */
  const valueRule = (r: { check: Check; expected?: string; fix?: string }, path: string): IrValueRule => {
    const check = resolveCheck(r.check, src, `${path}.check`);
    if (check.kind === "config") problem(src, `${path}.check`, "a nested config is not checked when the handler is wrapped; list its fields instead");
    if (check.kind === "simple" && check.name === "any" && (r.expected !== undefined || r.fix !== undefined))
      problem(src, path, "a field every value passes has no expected or fix text (it is never reported)");
    return { check, expected: r.expected ?? expectedOf(check), fix: r.fix ?? "" };
  };
  const unique = (names: string[], path: string) =>
    names.forEach((name, i) => {
      if (names.indexOf(name) !== i) problem(src, `${path}[${i}].name`, `duplicate field "${name}"`);
    });
  const fieldsPath = "execution.config.fields";
  unique(execution.config.fields.map((f) => f.name), fieldsPath);
  const fields = execution.config.fields.map((f, i): IrExecutionConfigField => {
    const path = `${fieldsPath}[${i}]`;
    const field = { ...configField(f, path), rule: valueRule(f, path), ...(f.items ? { items: valueRule(f.items, `${path}.items`) } : {}) };
    // A typed default passes the field's wrap-time check: it stands for the field left out, which the wrap accepts.
    const wrapCheck = field.rule.check;
    if (f.default !== undefined && !(wrapCheck.kind === "simple" && wrapCheck.name === "any")) {
      if (wrapCheck.kind === "enum" || (wrapCheck.kind === "simple" && LITERAL_TESTS.has(wrapCheck.name))) literalDefault(f.default.value, wrapCheck, src, `${path}.default`);
      else problem(src, `${path}.default`, `a typed default is a literal: it goes with a boolean, number, string or enum check (or any), not ${JSON.stringify(f.check)}`);
    }
    if (!f.fields) return field;
    // A settings object's fields are read when the handler runs (invocationChecks), not when it is wrapped.
    if (f.check !== "any") problem(src, `${path}.check`, "a settings object is not checked when the handler is wrapped (check: any); its fields' checks are invocationChecks");
    unique(f.fields.map((n) => n.name), `${path}.fields`);
    return { ...field, fields: f.fields.map((n, k) => configField(n, `${path}.fields[${k}]`)) };
  });
  // An invocation check reads known fields, refuses something, and reports a message of
  // DurableValidationError with a fix, whose params it says where to take from.
  const leaves = new Map(fields.flatMap((f) => [[f.name, f] as const, ...(f.fields ?? []).map((n) => [`${f.name}.${n.name}`, n] as const)]));
  const validation = errors.find((e) => e.name === "DurableValidationError");
  const validationMessage = (name: string) => validation?.messages.find((m) => m.name === name);
  const invocationChecks = (execution.config.invocationChecks ?? []).map((c, i): IrInvocationCheck => {
    const path = `execution.config.invocationChecks[${i}]`;
    c.fields.forEach((name, k) => {
      if (!leaves.has(name)) problem(src, `${path}.fields[${k}]`, `unknown field "${name}" (one of ${[...leaves.keys()].join(", ")})`);
    });
    const check = c.check === "notBoth" ? { kind: "notBoth" as const } : resolveCheck(c.check, src, `${path}.check`);
    const refusesNothing = check.kind === "config" || (check.kind === "simple" && check.name === "any");
    if (check.kind === "notBoth") {
      if (c.fields.length !== 2) problem(src, `${path}.fields`, "notBoth reads two fields");
      if (c.nullIsValue !== undefined) problem(src, `${path}.nullIsValue`, "notBoth reads a field as given when it is truthy, so null is never given");
    } else {
      if (c.fields.length !== 1) problem(src, `${path}.fields`, `check ${JSON.stringify(c.check)} reads one field (notBoth reads two)`);
      if (refusesNothing) problem(src, `${path}.check`, "an invocation check refuses something: a check of a value, or notBoth");
    }
    // The field's typed default passes the check (it is what leaving the field out stands for).
    const field = c.fields.length === 1 ? leaves.get(c.fields[0]!) : undefined;
    if (field?.default && check.kind !== "notBoth" && !refusesNothing) literalDefault(field.default.value, check, src, `${path}.check (the default of ${c.fields[0]})`);
    const message = validationMessage(c.message);
    if (!message) problem(src, `${path}.message`, `"${c.message}" is not a message of DurableValidationError (schema/errors.yaml)`);
    else if (message.fix === undefined) problem(src, `${path}.message`, `"${c.message}" has no fix (schema/errors.yaml): the invocation check reports one`);
    // Every param of the message and of its fix, and only those, says where its value comes from.
    const given = c.params ?? {};
    const paramsOf = (list: readonly IrParam[]) =>
      list.map((p) => {
        const from = given[p.name];
        if (from === undefined) problem(src, `${path}.params`, `no source for ${p.name} (a param of ${c.message} or its fix): value or default`);
        else if (from === "value" && p.type !== "string") problem(src, `${path}.params.${p.name}`, `value gives a string (the field's value as describeReceived writes it), ${p.name} is a ${p.type}`);
        else if (from === "default") {
          if (!field?.default) problem(src, `${path}.params.${p.name}`, `default needs one field with a typed default (${c.fields.join(", ")} has none)`);
          else if (typeof field.default.value !== p.type) problem(src, `${path}.params.${p.name}`, `the default of ${c.fields[0]} is a ${typeof field.default.value}, ${p.name} is a ${p.type}`);
        }
        if (from === "value" && check.kind === "notBoth") problem(src, `${path}.params.${p.name}`, "value needs a check of one field (notBoth reads two)");
        return { name: p.name, from: from ?? "value" };
      });
    const messageParams = paramsOf(message?.params ?? []);
    const fixParams = paramsOf(message?.fixParams ?? []);
    const known = new Set([...messageParams, ...fixParams].map((p) => p.name));
    for (const name of Object.keys(given)) if (!known.has(name)) problem(src, `${path}.params.${name}`, `not a param of ${c.message} or its fix (${[...known].join(", ") || "none"})`);
    if (c.composedWith !== undefined) {
      const composer = validationMessage(c.composedWith);
      if (!composer) problem(src, `${path}.composedWith`, `"${c.composedWith}" is not a message of DurableValidationError (schema/errors.yaml)`);
      else if (composer.params.map((p) => `${p.name}: ${p.type}`).join(", ") !== "problem: string, fix: string")
        problem(src, `${path}.composedWith`, `"${c.composedWith}" does not take (problem: string, fix: string)`);
    }
    return {
      fields: [...c.fields],
      check,
      rule: check.kind === "notBoth" ? "not both given (a falsy value is not given)" : `${expectedOf(check)}, when given${c.nullIsValue !== undefined ? " (null included)" : " (null is not given)"}`,
      ...(c.nullIsValue !== undefined ? { nullIsValue: c.nullIsValue } : {}),
      message: c.message,
      messageParams,
      fixParams,
      ...(c.composedWith !== undefined ? { composedWith: c.composedWith } : {}),
      when: c.when,
      functionName: invocationCheckFunctionName(execution.config.name, c.when),
    };
  });
  const event = execution.event ? buildEvent(bc, typeByName, execution.event, src, validationMessage) : undefined;
  const hasDefault = fields.some((f) => f.default || f.fields?.some((n) => n.default));
  return {
    summary: execution.summary,
    operationType: execution.operationType,
    handler: valueRule(execution.handler, "execution.handler"),
    argsRulesName: "WITH_DURABLE_EXECUTION_ARGS_RULES",
    config: {
      name: execution.config.name,
      summary: execution.config.summary,
      declaredIn: execution.config.declaredIn,
      expected: execution.config.expected,
      fix: execution.config.fix,
      fields,
      ...(hasDefault ? { defaultsName: typeDefaultsName(execution.config.name) } : {}),
      validatorName: configValidatorName(execution.config.name),
      tableName: constantCase(execution.config.name),
      invocationChecks,
    },
    ...(event ? { event } : {}),
    checkpoints: execution.checkpoints.map((c, i) => irCheckpointOf(c, execution.operationType, `${at}[${i}]`, src)),
    updateBuilderName: executionUpdateBuilderName(execution.operationType),
    source: src,
  };
}

/**
 * The event checks: each reads a field of the event's wire type and reports a DurableValidationError message
 * whose params all come from somewhere; the composer takes that problem alone and has the fix the error
 * carries, and the problems have none of their own (it would never be shown).
 */
function buildEvent(
  { problem }: BuildContext,
  typeByName: ReadonlyMap<string, IrType>,
  event: NonNullable<ExecutionFile["execution"]["event"]>,
  src: string,
  validationMessage: (name: string) => IrError["messages"][number] | undefined,
): IrEvent {
  const owner = typeByName.get(event.type);
  if (!owner?.fields) problem(src, "execution.event.type", `"${event.type}" is not a record type of the schema (the event's wire type)`);
  const composer = validationMessage(event.composedWith);
  if (!composer) problem(src, "execution.event.composedWith", `"${event.composedWith}" is not a message of DurableValidationError (schema/errors.yaml)`);
  else if (composer.params.map((p) => `${p.name}: ${p.type}`).join(", ") !== "problem: string") problem(src, "execution.event.composedWith", `"${event.composedWith}" does not take (problem: string)`);
  else if (composer.fix === undefined || composer.fixParams?.length) problem(src, "execution.event.composedWith", `"${event.composedWith}" has no fix without params (schema/errors.yaml): the refused event reports one`);
  const checks = event.checks.map((c, i): IrEventCheck => {
    const path = `execution.event.checks[${i}]`;
    const fieldProblem = owner?.fields ? eventFieldProblem(typeByName, owner, c.field) : undefined;
    if (fieldProblem) problem(src, `${path}.field`, fieldProblem);
    const message = validationMessage(c.message);
    if (!message) problem(src, `${path}.message`, `"${c.message}" is not a message of DurableValidationError (schema/errors.yaml)`);
    else if (message.fix !== undefined) problem(src, `${path}.message`, `"${c.message}" has a fix (schema/errors.yaml), which is never shown: the error's fix is ${event.composedWith}'s`);
    const given = c.params ?? {};
    const messageParams = (message?.params ?? []).map((p) => {
      const from = given[p.name];
      if (from === undefined) problem(src, `${path}.params`, `no source for ${p.name} (a param of ${c.message}): path`);
      else if (p.type !== "string") problem(src, `${path}.params.${p.name}`, `path gives a string (the field's path), ${p.name} is a ${p.type}`);
      return { name: p.name, from: "path" as const };
    });
    const known = new Set(messageParams.map((p) => p.name));
    for (const name of Object.keys(given)) if (!known.has(name)) problem(src, `${path}.params.${name}`, `not a param of ${c.message} (${[...known].join(", ") || "none"})`);
    return { field: c.field, check: c.check, rule: EVENT_CHECKS[c.check], message: c.message, messageParams };
  });
  return { type: event.type, composedWith: event.composedWith, checks, functionName: EVENT_CHECK_FUNCTION, issueTypeName: EVENT_ISSUE_TYPE };
}

/**
 * `InitialExecutionState.Operations`: a field path of `owner`, each step a field of a record type of the schema
 * or of a flat inline object type (`{ Operations?: WireOperation[]; NextMarker?: string }`); or why it is not one.
 */
function eventFieldProblem(typeByName: ReadonlyMap<string, IrType>, owner: IrType, path: string): string | undefined {
  const fieldsOf = (type: string): Map<string, string> => {
    const record = typeByName.get(type);
    if (record?.fields) return new Map(record.fields.map((f) => [f.name, f.type]));
    const body = /^\{(.*)\}$/s.exec(type.trim())?.[1] ?? "";
    const members = body.split(";").map((m) => /^\s*([A-Za-z_$][\w$]*)\??\s*:\s*(.*?)\s*$/s.exec(m));
    return new Map(members.flatMap((m) => (m ? [[m[1]!, m[2]!] as const] : [])));
  };
  let fields = fieldsOf(owner.name);
  let at = owner.name;
  for (const part of path.split(".")) {
    const type = fields.get(part);
    if (type === undefined) return `unknown field "${path}" (${fields.size ? `no "${part}" in ${at}: ${[...fields.keys()].join(", ")}` : `${at} has no fields`})`;
    fields = fieldsOf(type);
    at = `${at}.${part}`;
  }
  return undefined;
}

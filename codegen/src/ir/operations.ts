/** The operations (schema/operations/*.yaml): their methods, arguments, configs, checkpoints and errors. */
import type { OperationFile } from "../meta-schema";
import type { IrCheck, IrConfig, IrContext, IrDurationRule, IrEnum, IrError, IrFieldRule, IrMethodParam, IrOperation, IrOverload, IrTypeParam } from "../ir";
import type { LoadedSchema } from "../load";
import { argsTypeName, argsValidatorName, callPath, docsFileName, updateBuilderName } from "../naming";
import type { BuildContext } from "./build-context";
import type { CheckpointRules } from "./checkpoints";
import { buildConfig, type ConfigRules } from "./configs";
import { eraseTypeParams, nestedConfigTexts, typeParamsText } from "./texts";

/** Stands for an operation's `itemNamePrefix` in its description and config texts (see meta-schema.ts). */
const ITEM_NAME_PLACEHOLDER = "{itemNamePrefix}";

/**
 * The item name prefix of a batch operation, written once (`itemNamePrefix`): `{itemNamePrefix}` in the
 * operation's summary, description and remarks and in its config fields' `unset` texts stands for it. Problems: a prefix
 * without `itemSubType` (or the reverse), the placeholder in an operation without a prefix, and the
 * prefix written out literally in those texts (a restatement the placeholder replaces).
 */
export function itemNameTexts({ problem }: BuildContext, op: OperationFile, source: string, config: IrConfig | undefined): Pick<IrOperation, "summary" | "description" | "remarks"> {
  const prefix = op.itemNamePrefix;
  if ((prefix === undefined) !== (op.itemSubType === undefined))
    problem(source, prefix === undefined ? "itemSubType" : "itemNamePrefix", "itemSubType and itemNamePrefix go together: a batch operation's items have a subtype and a name for the unnamed ones");
  const fill = (text: string, path: string): string => {
    if (prefix !== undefined && text.includes(prefix)) problem(source, path, `writes the item name prefix "${prefix}" out; use {itemNamePrefix}`);
    if (!text.includes(ITEM_NAME_PLACEHOLDER)) return text;
    if (prefix === undefined) {
      problem(source, path, `uses ${ITEM_NAME_PLACEHOLDER} but the operation has no itemNamePrefix`);
      return text;
    }
    return text.split(ITEM_NAME_PLACEHOLDER).join(prefix);
  };
  for (const [i, f] of (config?.fields ?? []).entries())
    if (f.default?.kind === "unset") f.default = { kind: "unset", text: fill(f.default.text, `config.fields[${i}].default.unset`) };
  return {
    summary: fill(op.summary, "summary"),
    description: op.description === undefined ? undefined : fill(op.description, "description"),
    remarks: op.remarks === undefined ? undefined : fill(op.remarks, "remarks"),
  };
}

const DEFAULT_FIX: Record<string, string> = {
  function: "Pass a function.",
  array: "Pass an array.",
  branches: "Pass an array whose entries are functions (ctx) => Promise or { name?: string, func }.",
  nonEmptyString: "Pass a non-empty string.",
  string: "Pass a string.",
  duration: "Use a Duration such as { seconds: 30 } or { minutes: 5 }.",
  any: "Any value is accepted.",
  defined: "Pass a value.",
};

/** What the operations read of the earlier sections. */
export interface OperationsInputs {
  enumByName: ReadonlyMap<string, IrEnum>;
  errorByName: ReadonlyMap<string, IrError>;
  context: IrContext;
  rules: ConfigRules;
  sharedByName: ReadonlyMap<string, IrConfig>;
  durationRule: IrDurationRule | undefined;
  checkpoints: CheckpointRules;
}

/** The operations, their configs (in operation order), the field rules of their arguments, and their names. */
export interface OperationsSection {
  operations: IrOperation[];
  configs: IrConfig[];
  fieldRules: IrFieldRule[];
  opNames: Set<string>;
}

export function buildOperations(schema: LoadedSchema, bc: BuildContext, inputs: OperationsInputs): OperationsSection {
  const { problem } = bc;
  const { enumByName, errorByName, context, rules, sharedByName, durationRule } = inputs;
  const { resolveCheck, expectedOf } = rules;
  const { checkpointsOf, checkProtocolSections, irCheckpointOf } = inputs.checkpoints;
  const opTypeEnum = enumByName.get("OperationType");
  const subTypeEnum = enumByName.get("OperationSubType");
  const opNames = new Set<string>();
  const subTypeOwners = new Map<string, string[]>();
  /** The `suspendsWith` given for each subtype so far, and by which operation (operations sharing a subtype agree). */
  const suspensionReasons = new Map<string, { reason: string; operation: string }>();
  const fieldRules: IrFieldRule[] = [];
  const configs: IrConfig[] = [];

  const operations: IrOperation[] = schema.operations.map((file) => {
    const op = file.data;
    const src = file.source;
    const group = op.group ?? "context";
    if (opNames.has(op.operation)) problem(src, "operation", `duplicate operation "${op.operation}"`);
    opNames.add(op.operation);
    if (!opTypeEnum?.values.some((v) => v.value === op.operationType))
      problem(src, "operationType", `unknown OperationType "${op.operationType}"`);
    for (const [key, value] of [["subType", op.subType], ["itemSubType", op.itemSubType]] as const) {
      if (value === undefined) continue;
      if (!subTypeEnum?.values.some((v) => v.value === value)) problem(src, key, `unknown OperationSubType "${value}"`);
      if (!(key === "subType" && op.reusesSubType)) {
        const owners = subTypeOwners.get(value) ?? [];
        if (owners.length > 0) problem(src, key, `duplicate subtype "${value}" (also used by ${owners.join(", ")})`);
        subTypeOwners.set(value, [...owners, op.operation]);
      }
    }
    if (op.suspendsWith !== undefined) {
      // A TerminationReason that suspends (its enum's `suspends` flag, when declared); one per subtype.
      const reasons = enumByName.get("TerminationReason");
      const reason = reasons?.values.find((v) => v.value === op.suspendsWith);
      const suspends = reasons?.flags.find((f) => f.name === "suspends");
      if (!reason) problem(src, "suspendsWith", `unknown TerminationReason "${op.suspendsWith}" (one of ${reasons?.values.map((v) => v.value).join(", ") || "none: enums.yaml declares no TerminationReason"})`);
      // (A `suspends` flag carried by no value is reported as such, not once per operation.)
      else if (suspends && suspends.values.length > 0 && !suspends.values.includes(reason.name)) problem(src, "suspendsWith", `TerminationReason ${op.suspendsWith} does not suspend (the reasons flagged suspends: ${suspends.values.join(", ")})`);
      const other = suspensionReasons.get(op.subType);
      if (other && other.reason !== op.suspendsWith) problem(src, "suspendsWith", `subtype "${op.subType}" already suspends with ${other.reason} (${other.operation})`);
      suspensionReasons.set(op.subType, { reason: op.suspendsWith, operation: op.operation });
    }
    const config = op.config ? buildConfig(bc, rules, op.config, src, "config") : undefined;
    const itemName = itemNameTexts(bc, op, src, config);
    // A config without its own summary is described by the method it configures.
    if (config && config.summary === undefined) config.summary = `Options of \`${callPath(op.operation, group, context.promiseProperty)}\`.`;
    if (config) configs.push(config);

    const contextParams = context.typeParams;
    const makeParams = (params: typeof op.method.params, typeParams: IrTypeParam[], pathPrefix: string): IrMethodParam[] =>
      params.map((p, i) => {
        let check = resolveCheck(p.check, src, `${pathPrefix}[${i}].check`);
        if (p.check === "config") {
          if (!config) problem(src, `${pathPrefix}[${i}].check`, "check `config` needs a `config` section");
          else check = { kind: "config", configName: config.name };
        }
        const simpleName = check.kind === "simple" ? check.name : "";
        return {
          name: p.name,
          type: p.type,
          validatorType: eraseTypeParams(eraseTypeParams(p.type, typeParams), contextParams),
          optional: p.optional ?? false,
          summary: p.summary,
          check,
          fix:
            p.fix ??
            (check.kind === "config" ? nestedConfigTexts(check.configName).fix : undefined) ??
            (simpleName === "duration" ? durationRule?.fix : undefined) ??
            DEFAULT_FIX[simpleName] ??
            "See the operation's documentation.",
          expected: expectedOf(check),
        };
      });

    const nameParam = op.method.name;
    // The runtime validates one normalised argument shape, built from `params`: alternatives may change
    // types only, not which parameters there are or how they are checked.
    const shape = (params: typeof op.method.params) => params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${JSON.stringify(p.check)}`).join(", ");
    (op.method.alternatives ?? []).forEach((alt, a) => {
      if (shape(alt.params) !== shape(op.method.params))
        problem(src, `method.alternatives[${a}].params`, `must have the names, optionality and checks of method.params (${shape(op.method.params)}), got (${shape(alt.params)})`);
    });
    const signatures = [op.method, ...(op.method.alternatives ?? [])];
    const overloads: IrOverload[] = [];
    /** The params of `method.params`, built (and their problems reported) once: the first overloads and the arguments share them. */
    let primaryParams: IrMethodParam[] = [];
    signatures.forEach((sig, s) => {
      const typeParams = sig.typeParams ?? [];
      const params = makeParams(sig.params, typeParams, s === 0 ? "method.params" : `method.alternatives[${s - 1}].params`);
      if (s === 0) primaryParams = params;
      const variants: IrMethodParam[][] = [];
      if (nameParam) {
        variants.push([
          {
            name: "name",
            type: nameParam.type,
            validatorType: "string | undefined",
            optional: false,
            summary: nameParam.summary,
            check: { kind: "simple", name: "string" },
            fix: "Pass a string name, or leave the name out.",
            expected: "a string",
          },
          ...params,
        ]);
      }
      variants.push(params);
      for (const v of variants) {
        const text = `${op.operation}${typeParamsText(typeParams)}(${v.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type}`).join(", ")}): ${sig.returns}`;
        overloads.push({ typeParams, params: v, returns: sig.returns, text });
      }
    });
    const args: IrMethodParam[] = [
      ...(nameParam
        ? [
            {
              name: "name",
              type: "string | undefined",
              validatorType: "string | undefined",
              optional: false,
              summary: nameParam.summary,
              check: { kind: "simple", name: "string" } as IrCheck,
              fix: "Pass a string name, or leave the name out.",
              expected: "a string",
            },
          ]
        : []),
      ...primaryParams,
    ];
    for (const a of args) {
      fieldRules.push({ path: `${op.operation}.${a.name}`, expected: a.expected, fix: a.fix });
      if (a.check.kind === "config") {
        const cfg = a.check.configName === config?.name ? config : sharedByName.get(a.check.configName);
        const walk = (c: IrConfig | undefined, prefix: string, depth: number) => {
          if (!c || depth > 4) return;
          for (const f of c.fields) {
            fieldRules.push({ path: `${prefix}.${f.name}`, expected: f.expected, fix: f.fix });
            if (f.check.kind === "config") walk(sharedByName.get(f.check.configName), `${prefix}.${f.name}`, depth + 1);
          }
        };
        walk(cfg, `${op.operation}.${a.name}`, 0);
      }
    }

    const checkpoints = checkpointsOf(op, src);
    checkProtocolSections(op, src, checkpoints);

    const opErrors = op.errors.map((name, i) => {
      const e = errorByName.get(name);
      if (!e) problem(src, `errors[${i}]`, `unknown error "${name}" (not in schema/errors.yaml)`);
      return e;
    });
    return {
      name: op.operation,
      group,
      source: src,
      summary: itemName.summary,
      description: itemName.description,
      remarks: itemName.remarks,
      since: op.since,
      deprecated: op.deprecated,
      operationType: op.operationType,
      subType: op.subType,
      itemSubType: op.itemSubType,
      ...(op.itemNamePrefix !== undefined ? { itemNamePrefix: op.itemNamePrefix } : {}),
      ...(op.suspendsWith !== undefined ? { suspendsWith: op.suspendsWith } : {}),
      discriminator: nameParam ? (op.method.discriminator ?? "leading-string") : "none",
      nameParam,
      args,
      overloads,
      config,
      ...(op.sharedCheckpoints !== undefined ? { sharedCheckpoints: op.sharedCheckpoints } : {}),
      checkpoints: checkpoints.entries.map((c, i) => irCheckpointOf(c, op.operationType, `${checkpoints.at}[${i}]`, checkpoints.source)),
      replay: op.replay,
      errors: opErrors.filter((e): e is IrError => e !== undefined),
      examples: op.examples,
      argsTypeName: argsTypeName(op.operation),
      argsValidatorName: argsValidatorName(op.operation),
      updateBuilderName: updateBuilderName(op.operation, group),
      docsFile: docsFileName(op.operation, group),
      callPath: callPath(op.operation, group, context.promiseProperty),
    };
  });
  return { operations, configs, fieldRules, opNames };
}

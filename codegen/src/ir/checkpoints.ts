/**
 * The `checkpoints:` and `replay:` sections of the operations and the execution, and the shared checkpoint
 * sections (schema/shared/*.yaml `checkpoints:`): checked against the enums and the wire types, and turned
 * into typed update builders.
 */
import type { IrCheckpoint, IrEnum, IrType, IrUpdateField } from "../ir";
import type { LoadedSchema } from "../load";
import type { OperationFile } from "../meta-schema";
import { camel, pascal, snakeToCamel } from "../naming";
import type { BuildContext } from "./build-context";

/** One entry of a `checkpoints:` section. */
export type CheckpointEntry = NonNullable<OperationFile["checkpoints"]>[number];

/** An operation's checkpoint entries, and where problems in them are reported (`${at}[i]` of `source`). */
export interface CheckpointsOf {
  entries: CheckpointEntry[];
  source: string;
  at: string;
}

/** What the operations, the execution and the protocol read of the checkpoint rules. */
export interface CheckpointRules {
  /** The wire types by name. */
  typeByName: Map<string, IrType>;
  /** The OperationUpdate wire type, when the schema declares it. */
  updateType: IrType | undefined;
  checkpointsOf: (op: OperationFile, src: string) => CheckpointsOf;
  /** A `checkpoints:` entry of an operation (or of the execution) sending updates of `operationType`, at `${at}[i]` of `src`. */
  irCheckpointOf: (c: CheckpointEntry, operationType: string, at: string, src: string) => IrCheckpoint;
  /** Checks the entries' builder methods, actions and fields, and the `replay:` statuses. */
  checkProtocolSections: (op: { operationType: string; replay: { status: string }[] }, src: string, checkpoints: CheckpointsOf) => void;
}

/** Collects the shared checkpoint sections (reporting duplicates) and returns the rules that read them. */
export function createCheckpointRules(schema: LoadedSchema, { problem }: BuildContext, enumByName: ReadonlyMap<string, IrEnum>, types: readonly IrType[]): CheckpointRules {
  const opTypeEnum = enumByName.get("OperationType");
  // The `checkpoints:` and `replay:` sections name wire facts: each is checked against the enums and the
  // wire types of the same schema (when the schema declares them), so a typo fails generation.
  const actionEnum = enumByName.get("OperationAction");
  const statusEnum = enumByName.get("OperationStatus");
  const typeByName = new Map(types.map((t) => [t.name, t]));
  const updateType = typeByName.get("OperationUpdate");
  /** `Payload`, `StepOptions.NextAttemptDelaySeconds`: a field path of OperationUpdate, or the reason it is not one. */
  const updateFieldProblem = (path: string): string | undefined => {
    let owner = updateType;
    const parts = path.split(".");
    for (let i = 0; i < parts.length; i++) {
      const field = owner?.fields?.find((f) => f.name === parts[i]);
      if (!field) return `unknown OperationUpdate field "${path}" (no "${parts[i]}" in ${owner?.name ?? "a non-record type"})`;
      owner = i < parts.length - 1 ? typeByName.get(field.type) : undefined;
    }
    return undefined;
  };
  /** The shared checkpoint sections (schema/shared/*.yaml, `checkpoints:`), by name. */
  const sharedSections = new Map<string, { entries: CheckpointEntry[]; source: string; path: string }>();
  schema.shared.forEach((f) =>
    (f.data.checkpoints ?? []).forEach((section, i) => {
      if (sharedSections.has(section.name)) problem(f.source, `checkpoints[${i}].name`, `duplicate shared checkpoint section "${section.name}"`);
      sharedSections.set(section.name, { entries: section.entries, source: f.source, path: `checkpoints[${i}].entries` });
    }),
  );
  /**
   * An operation's checkpoint entries, and where problems in them are reported: its own `checkpoints:`, or
   * the shared section its `sharedCheckpoints:` names (problems then point at the shared file).
   */
  const checkpointsOf = (op: OperationFile, src: string): CheckpointsOf => {
    if (op.sharedCheckpoints === undefined) {
      if (op.checkpoints === undefined) problem(src, "checkpoints", "missing: list the updates the operation sends, or name a shared section with sharedCheckpoints");
      return { entries: op.checkpoints ?? [], source: src, at: "checkpoints" };
    }
    if (op.checkpoints !== undefined) problem(src, "sharedCheckpoints", "give either checkpoints or sharedCheckpoints, not both");
    const section = sharedSections.get(op.sharedCheckpoints);
    if (!section) {
      problem(src, "sharedCheckpoints", `unknown shared checkpoint section "${op.sharedCheckpoints}" (declared in schema/shared/*.yaml: ${[...sharedSections.keys()].join(", ") || "none"})`);
      return { entries: [], source: src, at: "sharedCheckpoints" };
    }
    return { entries: section.entries, source: section.source, at: section.path };
  };
  /** The typed fields of one checkpoint's update builder; reports clashing parameters and stray alwaysSent groups. */
  const updateFieldsOf = (c: CheckpointEntry, at: string, src: string): IrUpdateField[] => {
    const out: IrUpdateField[] = [];
    c.fields.forEach((path, k) => {
      if (updateFieldProblem(path)) return;
      const parts = path.split(".");
      const group = parts.length > 1 ? parts[0] : undefined;
      const wireName = parts[parts.length - 1]!;
      const owner = group ? typeByName.get(updateType!.fields!.find((f) => f.name === group)!.type) : updateType;
      const field = owner!.fields!.find((f) => f.name === wireName)!;
      const param = camel(wireName);
      const clash = out.find((f) => f.param === param);
      if (clash) problem(src, `${at}.fields[${k}]`, `"${path}" and "${clash.path}" would both be the builder parameter "${param}"`);
      out.push({ path, group, wireName, param, type: field.type, optional: field.optional, admitsUndefined: field.optional || field.undefinable, summary: field.summary });
    });
    (c.alwaysSent ?? []).forEach((g, k) => {
      if (!c.fields.some((path) => path.startsWith(`${g}.`))) problem(src, `${at}.alwaysSent[${k}]`, `"${g}" is not the group of a listed field (groups: ${[...new Set(out.map((f) => f.group).filter(Boolean))].join(", ") || "none"})`);
    });
    return out;
  };
  const builderMethodOf = (c: CheckpointEntry): string => {
    const action = camel(c.action.toLowerCase());
    if (!c.child) return action;
    return `${snakeToCamel(c.child.operationType)}${pascal(action)}`;
  };
  /** A `checkpoints:` entry of an operation (or of the execution) sending updates of `operationType`, at `${at}[i]` of `src`. */
  const irCheckpointOf = (c: CheckpointEntry, operationType: string, at: string, src: string): IrCheckpoint => ({
    action: c.action,
    ...(c.child ? { child: c.child } : {}),
    label: c.child ? `${c.action} (${c.child.operationType} ${c.child.id})` : c.action,
    awaited: c.awaited,
    when: c.when,
    fields: c.fields,
    operationType: c.child?.operationType ?? operationType,
    builderMethod: builderMethodOf(c),
    updateFields: updateType ? updateFieldsOf(c, at, src) : [],
    alwaysSent: c.alwaysSent ?? [],
  });
  const checkProtocolSections = (op: { operationType: string; replay: { status: string }[] }, src: string, checkpoints: CheckpointsOf) => {
    const methods = new Set<string>();
    const { entries, source: cpSrc, at } = checkpoints;
    entries.forEach((c, i) => {
      const method = builderMethodOf(c);
      if (methods.has(method)) problem(cpSrc, `${at}[${i}]`, `a second ${c.child ? `${c.child.operationType} ` : ""}${c.action} update (each action has one update builder, "${method}")`);
      methods.add(method);
      const operationType = c.child?.operationType ?? op.operationType;
      if (c.child && !opTypeEnum?.values.some((v) => v.value === operationType))
        problem(cpSrc, `${at}[${i}].child.operationType`, `unknown OperationType "${operationType}"`);
      const actionRelation = opTypeEnum?.relation?.targetEnum === "OperationAction" ? opTypeEnum.relation : undefined;
      const validActions = actionRelation?.entries.find((e) => e.value === operationType)?.related;
      if (actionEnum && !actionEnum.values.some((v) => v.value === c.action)) {
        problem(cpSrc, `${at}[${i}].action`, `unknown OperationAction "${c.action}" (one of ${actionEnum.values.map((v) => v.value).join(", ")})`);
      } else if (validActions && !validActions.includes(c.action)) {
        problem(cpSrc, `${at}[${i}].action`, `action "${c.action}" is not valid for OperationType ${operationType} (valid: ${validActions.join(", ")})`);
      }
      if (updateType) {
        c.fields.forEach((f, k) => {
          const reason = updateFieldProblem(f);
          if (reason) problem(cpSrc, `${at}[${i}].fields[${k}]`, reason);
        });
      }
    });
    if (statusEnum) {
      const known = new Set(["none", ...statusEnum.values.map((v) => v.value)]);
      op.replay.forEach((r, i) => {
        // "READY or STARTED", "FAILED, TIMED_OUT", "STARTED (at most once)", "SUCCEEDED with ReplayChildren"
        const statuses = r.status.replace(/\([^)]*\)/g, "").replace(/\bwith\b.*$/, "").split(/,|\bor\b/).map((t) => t.trim()).filter(Boolean);
        if (statuses.length === 0) problem(src, `replay[${i}].status`, "names no status");
        for (const s of statuses) {
          if (!known.has(s)) problem(src, `replay[${i}].status`, `unknown OperationStatus "${s}" (one of none, ${statusEnum.values.map((v) => v.value).join(", ")})`);
        }
      });
    }
  };

  return { typeByName, updateType, checkpointsOf, irCheckpointOf, checkProtocolSections };
}

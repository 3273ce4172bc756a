/** The protocol (schema/transitions.yaml): the transition table, status sets and service transitions, checked against the enums, the wire types, the history and the service exceptions. */
import type { IrEnum, IrHistory, IrProtocol, IrServiceException, IrTransition } from "../ir";
import type { TransitionsFile } from "../meta-schema";
import type { BuildContext } from "./build-context";
import type { CheckpointRules } from "./checkpoints";

/**
 * A transition's `options`: a record-typed field of OperationUpdate, and checked fields of that record
 * whose wire type is the check's type (their messages are checked once the service exceptions are known).
 */
function checkUpdateOptions({ problem }: BuildContext, { typeByName, updateType }: Pick<CheckpointRules, "typeByName" | "updateType">, options: NonNullable<IrTransition["options"]>, at: string, src: string): void {
  const field = updateType?.fields?.find((f) => f.name === options.field);
  const record = field ? typeByName.get(field.type) : undefined;
  if (!field) problem(src, `${at}.field`, `unknown OperationUpdate field "${options.field}"`);
  else if (!record?.fields) problem(src, `${at}.field`, `OperationUpdate.${options.field} is a ${field.type}, not a record of wire fields`);
  const seen = new Set<string>();
  options.checks.forEach((c, k) => {
    const path = `${at}.checks[${k}]`;
    if (seen.has(c.field)) problem(src, `${path}.field`, `"${c.field}" is checked twice`);
    seen.add(c.field);
    const wire = record?.fields?.find((f) => f.name === c.field);
    if (record?.fields && !wire) problem(src, `${path}.field`, `unknown ${record.name} field "${c.field}" (one of ${record.fields.map((f) => f.name).join(", ")})`);
    else if (wire && wire.type !== c.type) problem(src, `${path}.type`, `${record!.name}.${c.field} is a ${wire.type} on the wire, not a ${c.type}`);
    if (c.type === "string" && c.min !== undefined && !(Number.isInteger(c.min) && c.min >= 0)) problem(src, `${path}.min`, "a string's least length is a whole number, 0 or more");
  });
}

/** Checks the transition table against OperationType, OperationAction, OperationStatus and validActions. */
export function buildProtocol(bc: BuildContext, enumByName: ReadonlyMap<string, IrEnum>, wire: Pick<CheckpointRules, "typeByName" | "updateType">, file: TransitionsFile, src: string): IrProtocol {
  const { problem } = bc;
  const values = (name: string) => new Set(enumByName.get(name)?.values.map((v) => v.value) ?? []);
  const types = values("OperationType");
  const actions = values("OperationAction");
  const statuses = values("OperationStatus");
  for (const needed of ["OperationType", "OperationAction", "OperationStatus"])
    if (!enumByName.has(needed)) problem(src, "", `transitions need the enum ${needed} in enums.yaml`);
  file.statusSets.forEach((set, i) =>
    set.statuses.forEach((st, k) => {
      if (!statuses.has(st)) problem(src, `statusSets[${i}].statuses[${k}]`, `unknown OperationStatus "${st}"`);
    }),
  );
  const relation = enumByName.get("OperationType")?.relation;
  const valid = relation?.targetEnum === "OperationAction" ? relation.entries : undefined;
  const seen = new Set<string>();
  file.transitions.forEach((t, i) => {
    const at = `transitions[${i}]`;
    if (!types.has(t.type)) problem(src, `${at}.type`, `unknown OperationType "${t.type}"`);
    if (!actions.has(t.action)) problem(src, `${at}.action`, `unknown OperationAction "${t.action}"`);
    else if (valid && !valid.find((e) => e.value === t.type)?.related.includes(t.action))
      problem(src, `${at}.action`, `action "${t.action}" is not valid for OperationType ${t.type} (enums.yaml validActions)`);
    const key = `${t.type} ${t.action}`;
    if (seen.has(key)) problem(src, at, `duplicate transition ${key}`);
    seen.add(key);
    t.from.forEach((f, k) => {
      if (f !== "new" && f !== "any" && !statuses.has(f)) problem(src, `${at}.from[${k}]`, `unknown status "${f}" (an OperationStatus, new or any)`);
    });
    if (t.from.includes("any") && t.from.length > 1) problem(src, `${at}.from`, "`any` stands alone");
    if (!statuses.has(t.to)) problem(src, `${at}.to`, `unknown OperationStatus "${t.to}"`);
    if (t.afterStartInBatch && t.action === file.startAction) problem(src, `${at}.afterStartInBatch`, `a ${t.action} cannot follow a ${t.action} of the same operation`);
    if (t.errorEvent !== undefined && t.event === undefined) problem(src, `${at}.errorEvent`, "needs `event` (the event recorded when the update carries no Error)");
    if (t.options) checkUpdateOptions(bc, wire, t.options, `${at}.options`, src);
  });
  // A type flagged noStoredOperation (enums.yaml) has no stored status to check its update against: each of
  // its rows accepts `any`.
  const operationType = enumByName.get("OperationType");
  const unstored = new Set(
    (operationType?.flags.find((f) => f.name === "noStoredOperation")?.values ?? []).map((name) => operationType!.values.find((v) => v.name === name)!.value),
  );
  file.transitions.forEach((t, i) => {
    if (unstored.has(t.type) && !(t.from.length === 1 && t.from[0] === "any"))
      problem(src, `transitions[${i}].from`, `must be [any]: OperationType ${t.type} is flagged noStoredOperation in enums.yaml, so its update is checked against no stored status`);
  });
  // The start action: an OperationAction, with a row for every type whose operations the service stores
  // (it creates each in the status that row leaves, whatever the operation's first update).
  if (!actions.has(file.startAction)) problem(src, "startAction", `unknown OperationAction "${file.startAction}"`);
  else
    for (const type of types)
      if (!unstored.has(type) && !seen.has(`${type} ${file.startAction}`))
        problem(src, "startAction", `OperationType ${type} has no ${file.startAction} transition: the service creates its operations in the status that row leaves (or flag the type noStoredOperation in enums.yaml)`);
  if (file.refusedWith === undefined && file.transitions.some((t) => t.options))
    problem(src, "refusedWith", "missing: transitions with `options` name messages of the service exception given here");
  for (const e of valid ?? [])
    for (const a of e.related)
      if (!seen.has(`${e.value} ${a}`)) problem(src, "transitions", `missing transition ${e.value} ${a} (valid by enums.yaml validActions)`);
  const serviceTransitions = file.serviceTransitions ?? [];
  const names = new Set<string>();
  serviceTransitions.forEach((t, i) => {
    const at = `serviceTransitions[${i}]`;
    if (names.has(t.name)) problem(src, `${at}.name`, `duplicate service transition "${t.name}"`);
    names.add(t.name);
    if (!types.has(t.type)) problem(src, `${at}.type`, `unknown OperationType "${t.type}"`);
    t.from.forEach((f, k) => {
      if (!statuses.has(f)) problem(src, `${at}.from[${k}]`, `unknown OperationStatus "${f}"`);
    });
    if (!statuses.has(t.to)) problem(src, `${at}.to`, `unknown OperationStatus "${t.to}"`);
  });
  // A toConstant names one status constant: not twice, and not a status set's name.
  const constants = new Map<string, string>(file.statusSets.map((set, i) => [set.name, `statusSets[${i}]`]));
  const claim = (name: string | undefined, at: string) => {
    if (name === undefined) return;
    const other = constants.get(name);
    if (other !== undefined) problem(src, `${at}.toConstant`, `"${name}" is already declared by ${other}`);
    constants.set(name, at);
  };
  file.transitions.forEach((t, i) => claim(t.toConstant, `transitions[${i}]`));
  serviceTransitions.forEach((t, i) => claim(t.toConstant, `serviceTransitions[${i}]`));
  return { ...(file.refusedWith !== undefined ? { refusedWith: file.refusedWith } : {}), startAction: file.startAction, statusSets: file.statusSets, transitions: file.transitions, serviceTransitions, source: src };
}

/** The events the transitions name are history.yaml's, recording the operation type (and status) of the transition. */
export function checkProtocolEvents({ problem }: BuildContext, protocol: IrProtocol | undefined, history: IrHistory | undefined): void {
  // A checkpoint transition's events concern its operation type; where history.yaml has an event for the
  // type and the status the update leaves, `event` is that one (a RETRY leaves PENDING, which has none:
  // its events report the attempt).
  protocol?.transitions.forEach((t, i) => {
    if (!history) return;
    for (const key of ["event", "errorEvent"] as const) {
      const name = t[key];
      if (name === undefined) continue;
      const event = history.events.find((e) => e.type === name);
      const at = `transitions[${i}].${key}`;
      const recordsTo = history.events.find((e) => e.operation?.type === t.type && e.operation.status === t.to);
      if (!event) problem(protocol.source, at, `unknown EventType "${name}"`);
      else if (event.operation?.type !== t.type) problem(protocol.source, at, `${name} records ${event.operation ? event.operation.type : "no operation"} (history.yaml), not ${t.type}`);
      else if (key === "event" && recordsTo && recordsTo.type !== name)
        problem(protocol.source, at, `${t.type} ${t.action} leaves ${t.to}, which history.yaml records as ${recordsTo.type}, not ${name}`);
    }
  });
  // A service transition's event records the same operation type and status (history.yaml `operation:`).
  protocol?.serviceTransitions.forEach((t, i) => {
    if (t.event === undefined || !history) return;
    const event = history.events.find((e) => e.type === t.event);
    const at = `serviceTransitions[${i}].event`;
    if (!event) problem(protocol.source, at, `unknown EventType "${t.event}"`);
    else if (event.operation?.type !== t.type || event.operation.status !== t.to)
      problem(protocol.source, at, `${t.event} records ${event.operation ? `${event.operation.type} ${event.operation.status}` : "no operation"} (history.yaml), not ${t.type} ${t.to}`);
  });

}

/** The messages of the `refusedWith` exception the transitions' `options` name (checked once the service exceptions are known). */
export function checkRefusedWithMessages({ problem }: BuildContext, protocol: IrProtocol | undefined, serviceExceptions: readonly IrServiceException[]): void {
  // The messages an update's options are refused with: messages of the `refusedWith` exception, whose
  // params are what the validator passes (`required`: the Id; `invalid`: the field's path and the Id).
  if (protocol?.refusedWith !== undefined) {
    const exception = serviceExceptions.find((x) => x.name === protocol.refusedWith);
    if (!exception)
      problem(protocol.source, "refusedWith", `unknown service exception "${protocol.refusedWith}" (one of ${serviceExceptions.map((x) => x.name).join(", ") || "none"})`);
    const expectMessage = (name: string, params: string[], at: string) => {
      if (!exception) return;
      const message = exception.messages.find((m) => m.name === name);
      const given = message?.params.map((p) => p.name) ?? [];
      if (!message) problem(protocol.source, at, `unknown message "${name}" of ${exception.name} (errors.yaml)`);
      else if (given.join(",") !== params.join(","))
        problem(protocol.source, at, `${exception.name}.${name} takes (${given.join(", ")}); this message is given (${params.join(", ")})`);
    };
    protocol.transitions.forEach((t, i) => {
      if (!t.options) return;
      const at = `transitions[${i}].options`;
      if (t.options.required !== undefined) expectMessage(t.options.required, ["id"], `${at}.required`);
      t.options.checks.forEach((c, k) => {
        if (c.required !== undefined) expectMessage(c.required, ["id"], `${at}.checks[${k}].required`);
        if (c.invalid !== undefined) expectMessage(c.invalid, ["field", "id"], `${at}.checks[${k}].invalid`);
      });
    });
  }
}

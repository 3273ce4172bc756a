/**
 * What schema/errors.yaml declares besides the SDK's errors: the local service's exceptions and the
 * ErrorObjects it records, the termination messages and the plain errors' messages.
 */
import type { IrEnum, IrMessage, IrServiceErrorObject, IrServiceException } from "../ir";
import type { LoadedSchema } from "../load";
import { serviceExceptionNameConstant } from "../naming";
import type { BuildContext } from "./build-context";

export interface ServiceErrorsSection {
  serviceExceptions: IrServiceException[];
  serviceErrorObjects: IrServiceErrorObject[];
  terminationMessages: IrMessage[];
  plainErrorMessages: IrMessage[];
}

export function buildServiceErrors(errorsFile: LoadedSchema["errors"], { problem, irMessage }: BuildContext): ServiceErrorsSection {
  const serviceExceptions: IrServiceException[] = (errorsFile.data.serviceExceptions ?? []).map((x, i) => ({
    name: x.name,
    nameConstant: serviceExceptionNameConstant(x.name),
    httpStatus: x.httpStatus,
    fault: x.fault ?? "client",
    summary: x.summary,
    fields: (x.fields ?? []).map((p) => ({ ...p, optional: p.optional ?? false })),
    messagePrefixes: x.messagePrefixes ?? [],
    messages: (x.messages ?? []).map(({ prefix, ...m }, k) => {
      const path = `serviceExceptions[${i}].messages[${k}]`;
      if (prefix === undefined) return irMessage(m, errorsFile.source, path);
      const family = x.messagePrefixes?.find((f) => f.name === prefix);
      if (!family) problem(errorsFile.source, `${path}.prefix`, `unknown prefix "${prefix}" (one of ${x.name}'s messagePrefixes: ${(x.messagePrefixes ?? []).map((f) => f.name).join(", ") || "none"})`);
      return irMessage({ ...m, template: family ? `${family.text}: ${m.template}` : m.template }, errorsFile.source, path);
    }),
    source: errorsFile.source,
  }));
  serviceExceptions.forEach((x, i) => {
    if ((x.fault === "server") !== x.httpStatus >= 500)
      problem(errorsFile.source, `serviceExceptions[${i}]`, `httpStatus ${x.httpStatus} is a ${x.httpStatus >= 500 ? "server" : "client"} error, but fault is ${x.fault} (5xx goes with fault: server)`);
  });
  const serviceErrorObjects: IrServiceErrorObject[] = (errorsFile.data.serviceErrorObjects ?? []).map((x, i) => ({
    errorType: x.errorType,
    constant: x.constant,
    summary: x.summary,
    ...(x.executionStatus !== undefined ? { executionStatus: x.executionStatus } : {}),
    messages: (x.messages ?? []).map((m, k) => irMessage(m, errorsFile.source, `serviceErrorObjects[${i}].messages[${k}]`)),
    source: errorsFile.source,
  }));
  const terminationMessages = (errorsFile.data.terminationMessages ?? []).map((m, k) => irMessage(m, errorsFile.source, `terminationMessages[${k}]`));
  const plainErrorMessages = (errorsFile.data.plainErrorMessages ?? []).map((m, k) => irMessage(m, errorsFile.source, `plainErrorMessages[${k}]`));
  return { serviceExceptions, serviceErrorObjects, terminationMessages, plainErrorMessages };
}

/** Each service error object's constant, ExecutionStatus fallback and message names are its own. */
export function checkServiceErrorObjects(errorsFile: LoadedSchema["errors"], { problem }: BuildContext, serviceErrorObjects: readonly IrServiceErrorObject[], enumByName: ReadonlyMap<string, IrEnum>): void {
  const objectConstants = new Map<string, string>();
  serviceErrorObjects.forEach((x, i) => {
    const other = objectConstants.get(x.constant);
    if (other !== undefined) problem(errorsFile.source, `serviceErrorObjects[${i}].constant`, `"${x.constant}" already holds the ErrorType "${other}"`);
    objectConstants.set(x.constant, x.errorType);
  });
  // executionStatus: a value of ExecutionStatus, and each status falls back to one ErrorType at most.
  const executionStatuses = enumByName.get("ExecutionStatus")?.values.map((v) => v.name) ?? [];
  const fallbackFor = new Map<string, string>();
  serviceErrorObjects.forEach((x, i) => {
    if (x.executionStatus === undefined) return;
    const path = `serviceErrorObjects[${i}].executionStatus`;
    if (!executionStatuses.includes(x.executionStatus))
      problem(errorsFile.source, path, `"${x.executionStatus}" is not an ExecutionStatus (one of ${executionStatuses.join(", ") || "none: enums.yaml declares no ExecutionStatus"})`);
    const other = fallbackFor.get(x.executionStatus);
    if (other !== undefined) problem(errorsFile.source, path, `${x.executionStatus} already falls back to the ErrorType "${other}"`);
    fallbackFor.set(x.executionStatus, x.errorType);
  });
  const objectNames = new Set<string>();
  serviceErrorObjects.forEach((x, i) =>
    x.messages.forEach((m, k) => {
      if (objectNames.has(m.name)) problem(errorsFile.source, `serviceErrorObjects[${i}].messages[${k}].name`, `"${m.name}" is already the name of another service error object`);
      objectNames.add(m.name);
    }),
  );
}

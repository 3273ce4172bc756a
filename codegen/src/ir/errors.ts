/** The SDK's errors (schema/errors.yaml `errors:`): inheritance, scope, category, wire ErrorTypes. */
import type { IrEnum, IrError } from "../ir";
import type { LoadedSchema } from "../load";
import type { BuildContext } from "./build-context";

/** The errors, and each by name (operations name the errors they raise; a duplicate name resolves to the first). */
export interface ErrorsSection {
  errors: IrError[];
  errorByName: Map<string, IrError>;
}

export function buildErrors(errorsFile: LoadedSchema["errors"], { problem, irMessage }: BuildContext, enumByName: ReadonlyMap<string, IrEnum>): ErrorsSection {
  const errorByName = new Map<string, IrError>();
  const errors: IrError[] = errorsFile.data.errors.map((e, i) => {
    const ir: IrError = {
      name: e.name,
      family: e.family,
      abstract: e.abstract ?? false,
      extends: e.extends,
      errorType: e.errorType,
      defaultMessage: e.defaultMessage,
      unknownTypeMessage: e.unknownTypeMessage,
      rebuild: e.rebuild ?? true,
      messages: (e.messages ?? []).map((m, k) => irMessage(m, errorsFile.source, `errors[${i}].messages[${k}]`)),
      retryable: e.retryable,
      scope: e.scope,
      messagePrefix: e.messagePrefix,
      terminationReason: e.terminationReason,
      leadingParams: (e.leadingParams ?? []).map((p) => ({ ...p, optional: p.optional ?? false })),
      params: (e.params ?? []).map((p) => ({ ...p, optional: p.optional ?? false })),
      fields: (e.fields ?? []).map((p) => ({ ...p, optional: p.optional ?? false })),
      raisedBy: e.raisedBy ?? [],
      serviceErrorNames: e.serviceErrorNames ?? [],
      summary: e.summary,
      description: e.description,
      cause: e.cause,
      fix: e.fix,
      examples: e.examples ?? [],
      source: errorsFile.source,
      category: "",
    };
    // Every error a user can meet gets a troubleshooting entry: what it means (summary), why, and the fix.
    if (!ir.abstract)
      for (const key of ["cause", "fix"] as const)
        if (!ir[key]) problem(errorsFile.source, `errors[${i}].${key}`, `a concrete error needs "${key}" (${key === "cause" ? "the usual reason it is thrown" : "what the user should change"}) for the troubleshooting page`);
    // A duplicate is reported; references by name keep resolving to the first declaration, so an error
    // extending that name is not blamed for what the duplicate declares (its base, a cycle through it).
    if (errorByName.has(e.name)) problem(errorsFile.source, `errors[${i}].name`, `duplicate error "${e.name}"`);
    else errorByName.set(e.name, ir);
    return ir;
  });
  /** The error and its known bases, nearest first; stops before a repeated name (an inheritance cycle). */
  const ancestry = (e: IrError): IrError[] => {
    const chain: IrError[] = [];
    for (let cur: IrError | undefined = e; cur && !chain.includes(cur); cur = errorByName.get(cur.extends)) chain.push(cur);
    return chain;
  };
  const wireTypes = new Set<string>();
  errors.forEach((e, i) => {
    if (e.extends !== "Error" && !errorByName.has(e.extends))
      problem(errorsFile.source, `errors[${i}].extends`, `unknown base error "${e.extends}"`);
    const chain = ancestry(e);
    const last = chain[chain.length - 1]!;
    if (errorByName.get(last.extends) === e)
      problem(errorsFile.source, `errors[${i}].extends`, `inheritance cycle ${[...chain, e].map((c) => c.name).join(" → ")}`);
    // A concrete unrecoverable error inherits the scope of its nearest base that declares one.
    e.resolvedScope = chain.find((c) => c.scope)?.scope;
    e.category =
      e.family === "unrecoverable"
        ? `unrecoverable (${e.resolvedScope ?? "scope set by subclasses"})`
        : e.retryable
          ? "retryable"
          : "terminal";
    if (e.family === "operation" && !e.abstract && e.rebuild && e.leadingParams.length)
      problem(errorsFile.source, `errors[${i}].rebuild`, "an error with leadingParams cannot be rebuilt from a stored ErrorObject (which does not carry them): set rebuild: false");
    if (e.family === "operation" && !e.abstract && !e.errorType)
      problem(errorsFile.source, `errors[${i}]`, "a concrete operation error needs an errorType");
    // The constructor puts messagePrefix before the message it is given: an abstract unrecoverable error's, or a standalone error's `message` parameter.
    const prefixable = (e.family === "unrecoverable" && e.abstract) || (e.family === "standalone" && e.params.some((p) => p.name === "message"));
    if (e.messagePrefix !== undefined && !prefixable)
      problem(errorsFile.source, `errors[${i}].messagePrefix`, "only an abstract unrecoverable error or a standalone error with a message parameter can prefix its message");
    if (e.errorType) {
      if (wireTypes.has(e.errorType)) problem(errorsFile.source, `errors[${i}].errorType`, `duplicate errorType "${e.errorType}"`);
      wireTypes.add(e.errorType);
    }
    if (e.terminationReason && !enumByName.get("TerminationReason")?.values.some((v) => v.name === e.terminationReason))
      problem(errorsFile.source, `errors[${i}].terminationReason`, `unknown TerminationReason "${e.terminationReason}"`);
  });

  return { errors, errorByName };
}

/** Every operation an error's `raisedBy` names exists (checked once the operations are known). */
export function checkRaisedBy(errorsFile: LoadedSchema["errors"], { problem }: BuildContext, errors: readonly IrError[], opNames: ReadonlySet<string>): void {
  errors.forEach((e, i) =>
    e.raisedBy.forEach((op, k) => {
      if (!opNames.has(op)) problem(errorsFile.source, `errors[${i}].raisedBy[${k}]`, `unknown operation "${op}"`);
    }),
  );
}

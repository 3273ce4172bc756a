/**
 * Emits the error classes, their cross-copy `instanceof` branding, type guards and the registry that
 * rebuilds an error from a wire ErrorObject by its ErrorType.
 */
import {
  Scope,
  StructureKind,
  VariableDeclarationKind,
  type ClassDeclarationStructure,
  type OptionalKind,
  type ParameterDeclarationStructure,
  type PropertyDeclarationStructure,
  type SourceFileStructure,
  type StatementStructures,
} from "ts-morph";
import type { Ir, IrError, IrMessage } from "../ir";
import { doc, docText, header, exportedConst } from "./common";
import { importsFor, type ModuleIndex } from "./imports";
import { serviceErrorsConstant } from "../naming";

/** Parents before children, otherwise schema order. */
export function orderErrors(errors: readonly IrError[]): IrError[] {
  const byName = new Map(errors.map((e) => [e.name, e]));
  const out: IrError[] = [];
  const seen = new Set<string>();
  const visit = (e: IrError) => {
    if (seen.has(e.name)) return;
    seen.add(e.name);
    const parent = byName.get(e.extends);
    if (parent) visit(parent);
    out.push(e);
  };
  errors.forEach(visit);
  return out;
}

function messageExpression(e: IrError, fallbackVar: string): string {
  if (!e.defaultMessage) return fallbackVar;
  const literal = e.defaultMessage.includes("${")
    ? "`" + e.defaultMessage.replace(/`/g, "\\`") + "`"
    : JSON.stringify(e.defaultMessage);
  // `||`: an empty message also takes the default, as in the reference SDK.
  return `${fallbackVar} || ${literal}`;
}

/** The constructor's `message` parameter with the error's `messagePrefix` before it, as the reference's constructors put it. */
const prefixedMessage = (e: IrError, message = "message"): string => (e.messagePrefix ? `${JSON.stringify(e.messagePrefix)} + ${message}` : message);

/**
 * Whether `e` has no constructor of its own: a concrete operation or unrecoverable error whose constructor
 * would only put its plain default message (DEFAULT_MESSAGES) in place of an empty one. The constructor it
 * inherits applies that default (see {@link appliesDefault}); the classes keep their ids, names and fields.
 */
function omitsConstructor(e: IrError, byName: Map<string, IrError>): boolean {
  const family = rootOf(e, byName).family;
  return (
    e.extends !== "Error" &&
    (family === "operation" || (family === "unrecoverable" && !e.abstract)) &&
    e.leadingParams.length === 0 &&
    e.defaultMessage !== undefined &&
    !e.defaultMessage.includes("${")
  );
}

/** Whether `e`'s constructor is the nearest one above a class that has none, so it applies the defaults of DEFAULT_MESSAGES. */
function appliesDefault(e: IrError, errors: readonly IrError[], byName: Map<string, IrError>): boolean {
  return errors.some((d) => {
    if (!omitsConstructor(d, byName)) return false;
    let above = byName.get(d.extends);
    while (above && omitsConstructor(above, byName)) above = byName.get(above.extends);
    return above === e;
  });
}

function rootOf(e: IrError, byName: Map<string, IrError>): IrError {
  let cur = e;
  while (byName.has(cur.extends)) cur = byName.get(cur.extends)!;
  return cur;
}

/** The concrete operation errors, which `errorFromErrorObject` rebuilds by their wire ErrorType. */
export function rebuildableErrors(ir: Ir): IrError[] {
  const byName = new Map(ir.errors.map((e) => [e.name, e]));
  return orderErrors(ir.errors).filter((e) => !e.abstract && e.rebuild && e.errorType && rootOf(e, byName).family === "operation");
}

/** What an unknown ErrorType is rebuilt as: StepError, else the first rebuildable error. */
export function fallbackError(ir: Ir): IrError | undefined {
  const rebuildable = rebuildableErrors(ir);
  return rebuildable.find((e) => e.name === "StepError") ?? rebuildable[0];
}

function errorClass(e: IrError, ir: Ir, byName: Map<string, IrError>): ClassDeclarationStructure {
  const hasChildren = ir.errors.some((o) => o.extends === e.name);
  const isRoot = e.extends === "Error";
  const omitted = omitsConstructor(e, byName);
  // The message a constructor passes up: the one given, or (for a class below it without a constructor) its default.
  const given = appliesDefault(e, ir.errors, byName) ? "messageOr(message, new.target)" : "message";
  const root = rootOf(e, byName);
  const properties: OptionalKind<PropertyDeclarationStructure>[] = [];
  const ctorParams: OptionalKind<ParameterDeclarationStructure>[] = [];
  const ctorBody: string[] = [];
  const methods: ClassDeclarationStructure["methods"] = [];
  const raised = e.raisedBy.length ? ` Raised by: ${e.raisedBy.join(", ")}.` : "";
  const classDocs = [
    doc({
      summary: e.summary,
      description: [e.description, `Classification: ${e.category}.${raised}`].filter(Boolean).join("\n\n"),
      examples: e.examples,
      generatedFrom: `${e.source}, error ${e.name}`,
    }),
  ];

  if (root.family === "operation") {
    if (isRoot) {
      properties.push({ name: "errorType", type: "string", isReadonly: true, isAbstract: true, docs: ["Stable wire name of the error (`ErrorType`)."] });
      properties.push({ name: "cause", type: "Error", hasQuestionToken: true, hasOverrideKeyword: true, docs: ["The underlying error."] });
      properties.push({ name: "errorData", type: "string", hasQuestionToken: true, docs: ["Extra data stored with the error (`ErrorData`)."] });
      properties.push({ name: "stackTrace", type: "string[]", hasQuestionToken: true, docs: ["Stack trace stored with the error, if any."] });
      ctorParams.push({ name: "message", type: "string", hasQuestionToken: given !== "message" }, { name: "cause", type: "Error", hasQuestionToken: true }, { name: "errorData", type: "string", hasQuestionToken: true });
      ctorBody.push(`super(${given});`, "brand(this, new.target);", "this.cause = cause;", "this.errorData = errorData;");
      methods.push({
        name: "toErrorObject",
        returnType: "ErrorObject",
        docs: [
          "The stored form of this error. `ErrorData` falls back to the first string `errorData` of a DurableOperationError among up to 10 causes, followed through Error instances only (as the reference SDK).",
        ],
        statements: [
          "let errorData = this.errorData;",
          "let cause: unknown = this.cause;",
          "for (let depth = 0; errorData === undefined && cause && depth < 10; depth++) {",
          "  if (cause instanceof DurableOperationError && typeof cause.errorData === \"string\") errorData = cause.errorData;",
          "  cause = cause instanceof Error ? cause.cause : undefined;",
          "}",
          "return { ErrorType: this.errorType, ErrorMessage: this.message, ErrorData: errorData, StackTrace: undefined };",
        ],
      });
      methods.push({
        name: "fromErrorObject",
        isStatic: true,
        parameters: [{ name: "errorObject", type: "ErrorObject | undefined" }],
        returnType: "DurableOperationError",
        docs: [`Rebuilds the error class named by \`ErrorType\` (${fallbackError(ir)?.name} when unknown).`],
        statements: ["return errorFromErrorObject(errorObject);"],
      });
    } else {
      // Leading-parameter fields are declared before errorType, as in the reference SDK, so an instance's
      // own keys (and so its JSON) come in the reference's order (e.g. BatchCompletionError: completionReason, errorType).
      for (const p of e.leadingParams) {
        properties.push({ name: p.name, type: p.type, isReadonly: true, docs: [docText(p.summary)] });
        ctorParams.push({ name: p.name, type: p.type, hasQuestionToken: p.optional });
      }
      if (e.errorType)
        properties.push({
          name: "errorType",
          isReadonly: true,
          hasOverrideKeyword: byName.get(e.extends)?.errorType !== undefined,
          type: hasChildren ? "string" : undefined,
          initializer: JSON.stringify(e.errorType),
          docs: ["Stable wire name of the error (`ErrorType`)."],
        });
      if (!omitted) {
        ctorParams.push({ name: "message", type: "string", hasQuestionToken: true }, { name: "cause", type: "Error", hasQuestionToken: true }, { name: "errorData", type: "string", hasQuestionToken: true });
        ctorBody.push(`super(${messageExpression(e, given)}, cause, errorData);`);
        for (const p of e.leadingParams) ctorBody.push(`this.${p.name} = ${p.name};`);
      }
    }
  } else if (root.family === "unrecoverable") {
    if (isRoot) {
      properties.push({ name: "isUnrecoverable", isReadonly: true, initializer: "true as const", docs: ["Marks errors that end the invocation or execution."] });
      properties.push({ name: "terminationReason", type: "TerminationReason", isReadonly: true, isAbstract: true, docs: ["Why the invocation ends."] });
      properties.push({ name: "originalError", type: "Error", isReadonly: true, hasQuestionToken: true, docs: ["The error that caused this one."] });
      ctorParams.push({ name: "message", type: "string", hasQuestionToken: given !== "message" }, { name: "originalError", type: "Error", hasQuestionToken: true });
      ctorBody.push(`super(${given}, originalError ? { cause: originalError } : undefined);`, "brand(this, new.target);", "this.originalError = originalError;");
    } else if (e.abstract) {
      const scope = e.scope ? e.scope.charAt(0).toUpperCase() + e.scope.slice(1) : "";
      if (scope) properties.push({ name: `isUnrecoverable${scope}`, isReadonly: true, initializer: "true as const", docs: [`Marks ${e.scope}-scoped unrecoverable errors.`] });
      ctorParams.push({ name: "message", type: "string", hasQuestionToken: given !== "message" }, { name: "originalError", type: "Error", hasQuestionToken: true });
      ctorBody.push(`super(${prefixedMessage(e, given)}, originalError);`);
    } else {
      properties.push({
        name: "terminationReason",
        type: "TerminationReason",
        isReadonly: true,
        initializer: JSON.stringify(e.terminationReason ?? "CUSTOM"),
        docs: ["Why the invocation ends."],
      });
      if (!omitted) {
        ctorParams.push({ name: "message", type: "string", hasQuestionToken: true }, { name: "originalError", type: "Error", hasQuestionToken: true });
        ctorBody.push(`super(${messageExpression(e, given)}, originalError);`);
      }
    }
  } else {
    // standalone: message from a `message` parameter, else `details.message`, else the default message.
    for (const p of e.params) ctorParams.push({ name: p.name, type: p.type, hasQuestionToken: p.optional });
    const objectParam = [...e.params].reverse().find((p) => p.type.trim().startsWith("{") || p.name === "options" || p.name === "details");
    // The object parameter's members: its inline type, or the fields of the named schema type it refers to.
    const named = objectParam && ir.types.find((t) => t.name === objectParam.type.trim() && t.fields);
    const objectShape = named ? `{ ${named.fields!.map((f) => `${f.name}${f.optional ? "?" : ""}: ${f.type}`).join("; ")} }` : objectParam?.type ?? "";
    const hasMessage = e.params.some((p) => p.name === "message");
    const detailsHasMessage = objectParam && /\bmessage\b/.test(objectShape);
    const messageExpr = hasMessage ? prefixedMessage(e) : detailsHasMessage ? `${objectParam!.name}.message` : JSON.stringify(e.defaultMessage ?? e.name);
    const hasCause = objectParam && (/\bcause\b/.test(objectShape) || objectParam.type === "ErrorOptions");
    const causeExpr = hasCause ? `${objectParam!.name}?.cause !== undefined ? { cause: ${objectParam!.name}.cause } : undefined` : "undefined";
    ctorBody.push(`super(${messageExpr}, ${causeExpr});`, "brand(this, new.target);");
    for (const f of e.fields) {
      properties.push({ name: f.name, type: f.type, isReadonly: true, docs: [docText(f.summary)] });
      const fromParam = objectParam && new RegExp(`\\b${f.name}\\??:`).test(objectShape) ? `${objectParam.name}${objectParam.optional ? "?" : ""}.${f.name}` : undefined;
      const value = [fromParam, f.default].filter(Boolean).join(" ?? ") || "undefined";
      ctorBody.push(`this.${f.name} = ${value};`);
    }
  }

  if (isRoot) {
    methods.push({
      name: "[Symbol.hasInstance]",
      isStatic: true,
      hasOverrideKeyword: true,
      parameters: [{ name: "value", type: "unknown" }],
      returnType: "boolean",
      docs: ["`instanceof` that also recognises instances created by another copy of this package."],
      statements: ["return hasBrand(this, value);"],
    });
  }

  return {
    kind: StructureKind.Class,
    isExported: true,
    isAbstract: e.abstract,
    name: e.name,
    extends: e.extends,
    docs: classDocs,
    properties,
    ctors: ctorParams.length || ctorBody.length ? [{ parameters: ctorParams, statements: ctorBody, scope: Scope.Public }] : [],
    methods,
  };
}

const SUPPORT = `const BRANDS = Symbol.for("durable-execution-sdk.error-brands");
const CLASS_IDS = new Map<Function, string>();

function brand(error: Error, target: Function): void {
  const ids: string[] = [];
  for (let c: unknown = target; typeof c === "function"; c = Object.getPrototypeOf(c)) {
    const id = CLASS_IDS.get(c as Function);
    if (id !== undefined) ids.push(id);
  }
  Object.defineProperty(error, BRANDS, { value: ids, enumerable: false });
  error.name = CLASS_IDS.get(target) ?? target.name;
}

function hasBrand(cls: Function, value: unknown): boolean {
  const id = CLASS_IDS.get(cls);
  if (id === undefined) return Function.prototype[Symbol.hasInstance].call(cls, value);
  if (typeof value !== "object" || value === null) return false;
  const ids = (value as { [BRANDS]?: unknown })[BRANDS];
  return Array.isArray(ids) && ids.includes(id);
}`;

const MESSAGE_OR = `/**
 * \`message\`, or when it is empty the default message of the nearest class from \`target\` up that has one in
 * DEFAULT_MESSAGES (as the \`message || default\` of a constructor of that class would give it).
 */
function messageOr(message: string | undefined, target: Function): string | undefined {
  for (let c: unknown = target; !message && typeof c === "function"; c = Object.getPrototypeOf(c)) message = DEFAULT_MESSAGES.get(c as Function) ?? message;
  return message;
}`;

export function emitErrors(ir: Ir, index: ModuleIndex): SourceFileStructure {
  const byName = new Map(ir.errors.map((e) => [e.name, e]));
  const ordered = orderErrors(ir.errors);
  const classes = ordered.map((e) => errorClass(e, ir, byName));
  const texts = ir.errors.flatMap((e) => [...e.leadingParams, ...e.params, ...e.fields, ...e.messages.flatMap((m) => m.params)].map((p) => p.type));
  // A field's default may name a generated constant (a type's typed defaults).
  texts.push(...ir.errors.flatMap((e) => e.fields.map((f) => f.default ?? "")));
  texts.push("ErrorObject", "TerminationReason");
  const statements: (string | StatementStructures)[] = [header([ir.errors[0]?.source ?? "schema/errors.yaml"])];
  statements.push(...importsFor("./errors", texts, index));
  statements.push(SUPPORT);
  const defaulted = ordered.filter((e) => omitsConstructor(e, byName));
  if (defaulted.length > 0) statements.push(MESSAGE_OR);
  statements.push(...classes);
  // The default messages of the classes without a constructor of their own, which messageOr reads; a class
  // whose default is the one messageOr finds above it anyway (CallbackExternalError's) is not listed.
  const inherited = (e: IrError): string | undefined => {
    for (let above = byName.get(e.extends); above; above = byName.get(above.extends)) if (defaulted.includes(above)) return above.defaultMessage;
    return undefined;
  };
  const listedDefaults = defaulted.filter((e) => inherited(e) !== e.defaultMessage);
  if (defaulted.length > 0)
    statements.push(
      `/** The default message of each error class without a constructor of its own, used when the message given is empty. */\n` +
        `const DEFAULT_MESSAGES = new Map<Function, string>([\n${listedDefaults.map((e) => `  [${e.name}, ${JSON.stringify(e.defaultMessage)}],`).join("\n")}\n]);`,
    );
  // The brand ids (the class names) as one string, in the order of the class list: a registration per
  // class would repeat the call for each of them in the Lambda bundle.
  statements.push(
    `/** Registers each error class under its brand id (its name), which \`brand\` and \`hasBrand\` look up. */\n` +
      `const CLASS_NAMES = ${JSON.stringify(ordered.map((e) => e.name).join(" "))}.split(" ");\n` +
      `[${ordered.map((e) => e.name).join(", ")}].forEach((cls, i) => CLASS_IDS.set(cls, CLASS_NAMES[i]!));`,
  );
  // Code that recognises one of these errors by name (a thrown error from another copy of the SDK, an
  // ErrorType in a checkpoint or a history) asks the class for it: the name is written only here.
  statements.push(
    `/**\n * The \`name\` every instance of \`cls\` carries, which is also the ErrorType a checkpoint records for\n * it when it is not a DurableOperationError (those record their \`errorType\`). It survives minification.\n *\n * @param cls - One of the SDK's error classes.\n */\n` +
      `export function errorNameOf(cls: Function): string {\n  return CLASS_IDS.get(cls) ?? cls.name;\n}`,
  );

  // Errors with leadingParams are never rebuildable (the IR rejects `rebuild: true` for them), so every
  // class here takes the plain (message, cause, errorData) constructor.
  // A class whose ErrorType is its name (its brand id) is keyed by CLASS_IDS' entry, so the bundle does not
  // carry each name a second time; any other class is listed with its ErrorType.
  const rebuildable = rebuildableErrors(ir);
  const byBrand = rebuildable.filter((e) => e.errorType === e.name).map((e) => e.name);
  const keyedByBrand = `[${byBrand.join(", ")}].map((cls) => [CLASS_IDS.get(cls)!, cls] as const)`;
  const listed = rebuildable.filter((e) => e.errorType !== e.name).map((e) => `[${JSON.stringify(e.errorType)}, ${e.name}]`);
  const entries = listed.length === 0 ? keyedByBrand : `[\n${[...(byBrand.length ? [`...${keyedByBrand}`] : []), ...listed].join(",\n")}\n]`;
  statements.push({
    kind: StructureKind.VariableStatement,
    declarationKind: VariableDeclarationKind.Const,
    docs: ["The operation error classes, by wire ErrorType."],
    declarations: [
      {
        name: "ERROR_FACTORIES",
        type: "ReadonlyMap<string, new (message: string | undefined, cause: Error, errorData: string | undefined) => DurableOperationError>",
        initializer: `new Map<string, new (message: string | undefined, cause: Error, errorData: string | undefined) => DurableOperationError>(${entries})`,
      },
    ],
  });
  statements.push(
    exportedConst(["The wire ErrorTypes that `errorFromErrorObject` rebuilds as their own class (anything else becomes the fallback)."], {
      name: "REBUILT_ERROR_TYPES",
      type: "ReadonlySet<string>",
      initializer: `new Set(ERROR_FACTORIES.keys())`,
    }),
  );
  const withMessages = ordered.filter((e) => e.messages.length);
  // One export per message (a function of its params, or the string when it has none), so a bundle keeps only
  // the messages it uses, under minified names; ERROR_MESSAGES / TERMINATION_MESSAGES group them by owner.
  // The lists of messages without an error class of their own: `terminationMessages:` and `plainErrorMessages:`.
  const lists = [
    { owner: "Termination", key: "terminationMessages", constant: "TERMINATION_MESSAGES", what: "The messages an invocation is terminated with", messages: ir.terminationMessages },
    { owner: "PlainError", key: "plainErrorMessages", constant: "PLAIN_ERROR_MESSAGES", what: "The messages of errors without a class of the SDK's own (plain `Error`s, some TypeErrors) that the runtime, the OTel plugins and the local service create", messages: ir.plainErrorMessages },
  ].filter((list) => list.messages.length > 0);
  const owners = [...withMessages.map((e) => ({ owner: e.name, messages: e.messages })), ...lists];
  const sourceOf = (owner: string) => lists.find((list) => list.owner === owner)?.key ?? `${owner} messages`;
  // A message whose function text is the same as an earlier one's (two options refused in the same words)
  // is that function under its own name: the bundle carries the text once.
  const firstWithText = new Map<string, string>();
  for (const { owner, messages } of owners)
    for (const m of messages) {
      const name = messageFunctionName(owner, m.name);
      const arrow = messageArrow(m);
      const same = firstWithText.get(arrow);
      if (same === undefined) firstWithText.set(arrow, name);
      statements.push(exportedConst([`${docText(m.summary)}\n\n@generated from schema/errors.yaml, ${sourceOf(owner)} ${m.name}`], { name, initializer: same ?? arrow }));
    }
  // The fix of a message that names one (validation messages): `fix<Owner><Name>`, a string or a function of the params it uses.
  for (const { owner, messages } of owners)
    for (const m of messages)
      if (m.fix !== undefined)
        statements.push(
          exportedConst([`How to fix it (shown with {@link ${messageFunctionName(owner, m.name)}}): ${docText(m.summary)}\n\n@generated from schema/errors.yaml, ${owner} messages ${m.name} fix`], {
            name: fixFunctionName(owner, m.name),
            initializer: messageArrow({ ...m, template: m.fix, params: m.fixParams ?? [] }),
          }),
        );
  if (withMessages.length)
    statements.push(
      exportedConst(["Further messages the errors are thrown with, beyond their default message (`messages:` in the schema)."], {
        name: "ERROR_MESSAGES",
        initializer: messagesReferences(withMessages.map((e) => ({ owner: e.name, messages: e.messages }))),
      }),
    );
  for (const list of lists)
    statements.push(
      exportedConst([`${list.what} (\`${list.key}:\` in the schema).`], {
        name: list.constant,
        initializer: `{\n  ${list.messages.map((m) => `${m.name}: ${messageReference(list.owner, m)}`).join(",\n  ")},\n} as const`,
      }),
    );
  for (const e of ir.errors.filter((x) => x.serviceErrorNames.length > 0))
    statements.push(
      exportedConst([`Names of failed service calls (the AWS SDK error's \`name\`) that always end in ${e.name}.\n\n@generated from schema/errors.yaml, ${e.name} serviceErrorNames`], {
        name: serviceErrorsConstant(e.name),
        type: "ReadonlySet<string>",
        initializer: `/* @__PURE__ */ new Set([${e.serviceErrorNames.map((n) => JSON.stringify(n)).join(", ")}])`,
      }),
    );
  const fallback = fallbackError(ir);
  if (fallback?.unknownTypeMessage)
    statements.push(
      exportedConst(
        [
          `The message of a rebuilt error whose stored ErrorType is unknown and whose message is empty; also the message of an error that is not an Error.\n\n@generated from schema/errors.yaml, ${fallback.name} unknownTypeMessage`,
        ],
        { name: messageFunctionName(fallback.name, "unknownType"), initializer: JSON.stringify(fallback.unknownTypeMessage) },
      ),
    );
  if (fallback?.unknownTypeMessage)
    statements.push(
      exportedConst(
        [
          `The stored error that a FAILED record without one stands for: ${fallback.name} with its unknown-type message.\n\n@generated from schema/errors.yaml, ${fallback.name} errorType and unknownTypeMessage`,
        ],
        {
          name: "UNKNOWN_STORED_ERROR",
          type: "Readonly<ErrorObject>",
          initializer: `{ ErrorType: ${JSON.stringify(fallback.errorType)}, ErrorMessage: ${messageFunctionName(fallback.name, "unknownType")} }`,
        },
      ),
    );
  statements.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "plainErrorFromErrorObject",
    parameters: [{ name: "errorObject", type: "ErrorObject | undefined" }],
    returnType: "Error",
    docs: [
      doc({
        summary: "A stored error rebuilt as a plain Error: the stored type as its name, the stored message.",
        description:
          "The `cause` of every error {@link errorFromErrorObject} rebuilds, and a stored error whose type is not one of the SDK's own classes. An empty or missing type names it \"Error\". Its `stack` is the stored `StackTrace` joined by newlines, or undefined when none was stored: where the error was rebuilt says nothing about where it happened (the reference SDK does the same).",
        generatedFrom: `${ir.errors[0]?.source}`,
      }),
    ],
    statements: [
      "const cause = new Error(errorObject?.ErrorMessage);",
      "cause.name = errorObject?.ErrorType || \"Error\";",
      "cause.stack = errorObject?.StackTrace?.join(\"\\n\");",
      "return cause;",
    ],
  });
  statements.push({
    kind: StructureKind.Function,
    isExported: true,
    name: "errorFromErrorObject",
    parameters: [{ name: "errorObject", type: "ErrorObject | undefined" }],
    returnType: "DurableOperationError",
    docs: [
      doc({
        summary: `Rebuilds a DurableOperationError from its stored form: the class named by \`ErrorType\`, or ${fallback?.name ?? "StepError"} when the type is unknown.`,
        description: "Its `cause` is {@link plainErrorFromErrorObject}'s Error.",
        generatedFrom: `${ir.errors[0]?.source}`,
      }),
    ],
    statements: [
      "const cause = plainErrorFromErrorObject(errorObject);",
      "const known = errorObject?.ErrorType !== undefined ? ERROR_FACTORIES.get(errorObject.ErrorType) : undefined;",
      `const factory = known ?? ERROR_FACTORIES.get(${JSON.stringify(fallback?.errorType)})!;`,
      fallback?.unknownTypeMessage
        ? `const message = known ? errorObject?.ErrorMessage : errorObject?.ErrorMessage || ${messageFunctionName(fallback.name, "unknownType")};`
        : "const message = errorObject?.ErrorMessage;",
      "const error = new factory(message, cause, errorObject?.ErrorData);",
      "if (errorObject?.StackTrace) error.stackTrace = [...errorObject.StackTrace];",
      "return error;",
    ],
  });
  for (const e of ordered) {
    statements.push({
      kind: StructureKind.Function,
      isExported: true,
      name: `is${e.name}`,
      parameters: [{ name: "value", type: "unknown" }],
      returnType: `value is ${e.name}`,
      docs: [
        doc({
          summary: `Whether \`value\` is a ${e.name}, also when created by another copy of this package.`,
          examples: [
            {
              code: [
                `import { is${e.name} } from "durable-execution-sdk";`,
                "",
                "export function describeFailure(error: unknown): string {",
                `  return is${e.name}(error) ? \`\${error.name}: \${error.message}\` : String(error);`,
                "}",
              ].join("\n"),
            },
          ],
          generatedFrom: `${e.source}, error ${e.name}`,
        }),
      ],
      statements: [`return value instanceof ${e.name};`],
    });
  }
  statements.push(
    exportedConst(["Facts about each error, for tooling and docs."], {
      name: "ERROR_CATALOG",
      initializer: `{\n${ordered
        .map(
          (e) =>
            `  ${e.name}: { errorType: ${JSON.stringify(e.errorType ?? null)}, retryable: ${e.retryable}, category: ${JSON.stringify(e.category)}, scope: ${JSON.stringify(e.resolvedScope ?? null)} },`,
        )
        .join("\n")}\n} as const`,
    }),
  );
  return { kind: StructureKind.SourceFile, statements };
}

/** A template literal (or a plain string literal when it has no placeholders) for a message template. */
export function templateLiteral(template: string): string {
  return template.includes("${") ? "`" + template.replace(/\\/g, "\\\\").replace(/`/g, "\\`") + "`" : JSON.stringify(template);
}

/** One arrow function per message: its params in order, returning the filled template. */
export function messageFunction(m: IrMessage): string {
  const params = m.params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type}`).join(", ");
  return `/** ${docText(m.summary)} */\n    ${m.name}: (${params}): string => ${templateLiteral(m.template)}`;
}

/** The exported function of one message: `message<Owner><Name>`. */
export function messageFunctionName(owner: string, name: string): string {
  return `message${owner}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** The exported fix of one message: `fix<Owner><Name>`. */
export function fixFunctionName(owner: string, name: string): string {
  return `fix${owner}${name.charAt(0).toUpperCase()}${name.slice(1)}`;
}

/** `(params): string => template` for one message; a message without params is its string. */
function messageArrow(m: IrMessage): string {
  if (m.params.length === 0) return templateLiteral(m.template);
  const params = m.params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type}`).join(", ");
  return `(${params}): string => ${templateLiteral(m.template)}`;
}

/** The grouped form of a message is always a function (a message without params is wrapped). */
function messageReference(owner: string, m: IrMessage): string {
  return m.params.length === 0 ? `(): string => ${messageFunctionName(owner, m.name)}` : messageFunctionName(owner, m.name);
}

/** `{ Owner: { message: messageOwnerMessage } }`: the per-message functions grouped by owner. */
function messagesReferences(owners: readonly { owner: string; messages: readonly IrMessage[] }[]): string {
  return `{\n${owners.map((o) => `  ${o.owner}: {\n    ${o.messages.map((m) => `${m.name}: ${messageReference(o.owner, m)}`).join(",\n    ")},\n  },`).join("\n")}\n} as const`;
}

/** `{ Owner: { message: (…) => "…" } }` for owners that declare messages. */
export function messagesObject(owners: readonly { name: string; messages: readonly IrMessage[] }[]): string {
  return `{\n${owners.map((o) => `  ${o.name}: {\n    ${o.messages.map(messageFunction).join(",\n    ")},\n  },`).join("\n")}\n} as const`;
}

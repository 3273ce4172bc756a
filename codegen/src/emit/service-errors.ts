/**
 * Emits the local durable service's exceptions (`serviceExceptions:` in schema/errors.yaml): classes shaped
 * like the AWS SDK's Lambda service exceptions and their message templates. A separate module, so the
 * Lambda runtime (which imports src/generated/index.ts) never carries them.
 */
import { Scope, StructureKind, type ClassDeclarationStructure, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir } from "../ir";
import { doc, docText, header, exportedConst } from "./common";
import { messagesObject, templateLiteral } from "./errors";

const BASE = `/**
 * Base of the local service's exceptions, shaped like the AWS SDK's Lambda service exceptions (\`name\`,
 * \`message\`, \`$fault\`, \`$metadata.httpStatusCode\`) so that code classifying real service errors (e.g. the
 * SDK's checkpoint-error classification) treats them the same way.
 */
export abstract class LocalServiceException extends Error {
  abstract override readonly name: string;
  readonly $fault: "client" | "server";
  readonly $metadata: { httpStatusCode: number };
  /** Lambda's exception \`Type\` field: "User" for the client's fault, "Service" for the service's. */
  readonly Type: "User" | "Service";

  protected constructor(message: string, httpStatusCode: number, fault: "client" | "server") {
    super(message);
    this.$fault = fault;
    this.$metadata = { httpStatusCode };
    this.Type = fault === "server" ? "Service" : "User";
  }
}`;

export function emitServiceErrors(ir: Ir): SourceFileStructure {
  const statements: (string | StatementStructures)[] = [header([ir.serviceExceptions[0]?.source ?? "schema/errors.yaml"])];
  statements.push(BASE);
  for (const x of ir.serviceExceptions) {
    // The name as a constant: code that recognises the exception by its name (an AWS SDK client's error
    // carries it too) compares with it, never the string.
    statements.push(
      exportedConst([doc({ summary: `The \`name\` of ${x.name} (and of the AWS SDK client's error for it).`, generatedFrom: `${x.source}, serviceExceptions ${x.name}` })], {
        name: x.nameConstant,
        initializer: `${JSON.stringify(x.name)} as const`,
      }),
    );
    const cls: ClassDeclarationStructure = {
      kind: StructureKind.Class,
      isExported: true,
      name: x.name,
      extends: "LocalServiceException",
      docs: [doc({ summary: `${x.httpStatus}: ${x.summary}`, generatedFrom: `${x.source}, serviceExceptions ${x.name}` })],
      properties: [
        { name: "name", isReadonly: true, hasOverrideKeyword: true, initializer: x.nameConstant },
        ...x.fields.map((f) => ({ name: f.name, type: f.type, isReadonly: true, docs: [docText(f.summary)] })),
      ],
      ctors: [
        {
          scope: Scope.Public,
          parameters: [{ name: "message", type: "string" }, ...x.fields.map((f) => ({ name: f.name, type: f.type }))],
          statements: [`super(message, ${x.httpStatus}, ${JSON.stringify(x.fault)});`, ...x.fields.map((f) => `this.${f.name} = ${f.name};`)],
        },
      ],
    };
    statements.push(cls);
  }
  const withMessages = ir.serviceExceptions.filter((x) => x.messages.length);
  if (withMessages.length)
    statements.push(
      exportedConst(["The messages the local service throws its exceptions with (`serviceExceptions[].messages` in the schema)."], {
        name: "SERVICE_MESSAGES",
        initializer: messagesObject(withMessages),
      }),
    );
  // How a family of messages begins: code that recognises the family compares with it, never the string.
  for (const x of ir.serviceExceptions)
    for (const f of x.messagePrefixes)
      statements.push(
        exportedConst([doc({ summary: f.summary, generatedFrom: `${x.source}, serviceExceptions ${x.name}, messagePrefixes ${f.name}` })], {
          name: f.constant,
          initializer: `${JSON.stringify(f.text)} as const`,
        }),
      );
  // One constant per ErrorType: code that compares or sets an ErrorType uses it, never the string.
  for (const x of ir.serviceErrorObjects)
    statements.push(
      exportedConst([doc({ summary: `The ErrorType \`${x.errorType}\`: ${x.summary}`, generatedFrom: `${x.source}, serviceErrorObjects ${x.errorType}` })], {
        name: x.constant,
        initializer: `${JSON.stringify(x.errorType)} as const`,
      }),
    );
  // The ErrorType a synchronous Invoke's function error falls back to, by the execution's status.
  const fallbacks = ir.serviceErrorObjects.filter((x) => x.executionStatus !== undefined);
  if (fallbacks.length) {
    statements.splice(1, 0, 'import type { ExecutionStatus } from "./enums";');
    statements.push(
      exportedConst(
        [
          "The ErrorType of a synchronous Invoke's function error when the execution ended in this status without an Error of its own (`serviceErrorObjects[].executionStatus` in the schema); other statuses have none.",
        ],
        {
          name: "EXECUTION_STATUS_ERROR_TYPES",
          type: "Readonly<Partial<Record<ExecutionStatus, string>>>",
          initializer: `{\n${fallbacks.map((x) => `  ${x.executionStatus}: ${x.constant},`).join("\n")}\n}`,
        },
      ),
    );
  }
  const objects = ir.serviceErrorObjects.flatMap((x) => x.messages.map((m) => ({ errorType: x.errorType, constant: x.constant, m })));
  if (objects.length) {
    statements.splice(1, 0, 'import type { ErrorObject } from "./types";');
    const fns = objects.map(({ errorType, constant, m }) => {
      const params = m.params.map((p) => `${p.name}${p.optional ? "?" : ""}: ${p.type}`).join(", ");
      return `  /** ${docText(m.summary)} (ErrorType ${errorType}) */\n  ${m.name}: (${params}): ErrorObject => ({ ErrorType: ${constant}, ErrorMessage: ${templateLiteral(m.template)} })`;
    });
    statements.push(
      exportedConst(["The error objects the local service records itself (`serviceErrorObjects` in the schema): a fresh ErrorObject per call."], {
        name: "SERVICE_ERROR_OBJECTS",
        initializer: `{\n${fns.join(",\n")},\n} as const`,
      }),
    );
  }
  return { kind: StructureKind.SourceFile, statements };
}

/**
 * Emits the Lambda REST API facts of `lambdaApi:` (schema/wire.yaml): the header names the local service
 * reads and writes, and the function-name and ARN grammar as regular expressions and builders. A separate
 * module that src/generated/index.ts does not re-export, so the Lambda runtime never carries it; the local
 * service and the CLI import it directly.
 */
import { StructureKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrGrammarName, IrLambdaApi } from "../ir";
import { doc, docText, exportedConst, header } from "./common";

/** A regex fragment matching a name piece: its character class, 1 to maxLength times. */
const namePiece = (n: IrGrammarName): string => `[${n.chars}]{1,${n.maxLength}}`;

/** A regular-expression literal of `source` (a "/" in it is escaped, so the literal does not end early). */
export const regexLiteral = (source: string): string => `/${source.replace(/(?<!\\)\//g, "\\/")}/`;

/** A fragment safe to put next to others: one with an alternation is grouped. */
const atom = (pattern: string): string => (pattern.includes("|") ? `(?:${pattern})` : pattern);

/** The regex sources of the grammar, built from its pieces (exported for the generator's tests). */
export function grammarSources(api: IrLambdaApi): {
  functionName: string;
  functionNameParameter: string;
  executionName: string;
  functionArn: string;
  durableExecutionArn: string;
} {
  const g = api.grammar;
  const functionPrefix = (partition: string, region: string, account: string) => `arn:${partition}:lambda:${region}:${account}:function:`;
  // A function's ARN with its optional qualifier; groups 1 partition, 2 region, 3 account, 4 name, 5 qualifier.
  const qualifiedFunctionArn = `${functionPrefix(`(${g.partition.pattern})`, `(${g.region.pattern})`, `(${g.accountId.pattern})`)}(${namePiece(g.functionName)})(?::(${namePiece(g.qualifier)}))?`;
  return {
    functionName: `^${namePiece(g.functionName)}$`,
    // A name, name:qualifier, a partial ARN (<account>:function:<name>) or a full ARN; group 1 the name, group 2 the qualifier.
    functionNameParameter: `^(?:${functionPrefix(atom(g.partition.pattern), atom(g.region.pattern), atom(g.accountId.pattern))}|${atom(g.accountId.pattern)}:function:)?(${namePiece(g.functionNameParameter)})(?::(${namePiece(g.qualifier)}))?$`,
    executionName: `^${namePiece(g.executionName)}$`,
    functionArn: `^${qualifiedFunctionArn}$`,
    durableExecutionArn: `^${qualifiedFunctionArn}/${g.executionSegment.value}/(${namePiece(g.executionName)})/(${g.executionId.pattern})$`,
  };
}

export function emitLambdaApi(ir: Ir): SourceFileStructure {
  const api = ir.lambdaApi!;
  const g = api.grammar;
  const from = (path: string) => `${api.file}, lambdaApi ${path}`;
  const statements: (string | StatementStructures)[] = [header([api.file])];

  for (const h of api.headers) {
    const read = h.in === "request" ? " Node lowercases the names of incoming headers: read it as `headers[name.toLowerCase()]`." : "";
    const carries = h.enum ? ` Its values are the ${h.enum} enum's.` : "";
    statements.push(
      exportedConst([doc({ summary: `${h.summary}`, description: `The ${h.in} header \`${h.name}\` of the Lambda REST API.${carries}${read}`, generatedFrom: from(`headers ${h.constant}`) })], {
        name: h.constant,
        initializer: `${JSON.stringify(h.name)} as const`,
      }),
    );
    for (const v of h.values)
      statements.push(
        exportedConst([doc({ summary: `The ${h.name} value \`${v.value}\`: ${v.summary}`, generatedFrom: from(`headers ${h.constant} values ${v.constant}`) })], {
          name: v.constant,
          initializer: `${JSON.stringify(v.value)} as const`,
        }),
      );
  }

  statements.push(
    exportedConst([doc({ summary: `The qualifier \`${g.latestVersion.value}\`: ${g.latestVersion.summary}`, generatedFrom: from("grammar latestVersion") })], {
      name: "LATEST_VERSION",
      initializer: `${JSON.stringify(g.latestVersion.value)} as const`,
    }),
  );
  const sources = grammarSources(api);
  const pieceDoc = (label: string, n: IrGrammarName) => `${label}: ${n.summary} (\`[${n.chars}]\`, 1 to ${n.maxLength} characters: ${n.limit})`;
  statements.push(
    exportedConst([doc({ summary: `A function's name alone. ${pieceDoc("Name", g.functionName)}.`, generatedFrom: from("grammar functionName") })], {
      name: "FUNCTION_NAME_PATTERN",
      initializer: regexLiteral(sources.functionName),
    }),
    exportedConst(
      [
        doc({
          summary: "A FunctionName parameter of a Lambda REST route: a name, `name:qualifier`, a partial ARN (`<account>:function:<name>`) or a full ARN. Group 1 is the name, group 2 the qualifier.",
          description: [
            pieceDoc("Name", g.functionNameParameter),
            pieceDoc("Qualifier", g.qualifier),
            `Partition: ${g.partition.summary} (\`${g.partition.pattern}\`)`,
            `Region: ${g.region.summary} (\`${g.region.pattern}\`)`,
            `Account: ${g.accountId.summary} (\`${g.accountId.pattern}\`)`,
          ].map((line) => `- ${line}`).join("\n"),
          generatedFrom: from("grammar"),
        }),
      ],
      { name: "FUNCTION_NAME_PARAMETER_PATTERN", initializer: regexLiteral(sources.functionNameParameter) },
    ),
    exportedConst([doc({ summary: `A durable execution's name. ${pieceDoc("Name", g.executionName)}.`, generatedFrom: from("grammar executionName") })], {
      name: "EXECUTION_NAME_PATTERN",
      initializer: regexLiteral(sources.executionName),
    }),
    exportedConst(
      [
        doc({
          summary: "A function's ARN, optionally with its qualifier (`arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]`).",
          description: "Groups: 1 partition, 2 region, 3 account, 4 function name, 5 qualifier (may be absent).",
          generatedFrom: from("grammar"),
        }),
      ],
      { name: "FUNCTION_ARN_PATTERN", initializer: regexLiteral(sources.functionArn) },
    ),
    exportedConst(
      [
        doc({
          summary: `A durable execution's ARN: a function ARN (optionally with its qualifier), then \`/${g.executionSegment.value}/<execution name>/<execution id>\`.`,
          description: `Groups: 1 partition, 2 region, 3 account, 4 function name, 5 qualifier (may be absent), 6 execution name, 7 execution id (${docText(g.executionId.summary)}).`,
          generatedFrom: from("grammar"),
        }),
      ],
      { name: "DURABLE_EXECUTION_ARN_PATTERN", initializer: regexLiteral(sources.durableExecutionArn) },
    ),
  );

  statements.push(
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: "FunctionArnParts",
      docs: [doc({ summary: "The pieces of a function's ARN (see FUNCTION_ARN_PATTERN).", generatedFrom: from("grammar") })],
      properties: [
        { name: "partition", type: "string", isReadonly: true },
        { name: "region", type: "string", isReadonly: true },
        { name: "accountId", type: "string", isReadonly: true },
        { name: "functionName", type: "string", isReadonly: true },
        { name: "qualifier", type: "string | undefined", isReadonly: true },
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "parseFunctionArn",
      docs: [doc({ summary: "The pieces of a function's ARN, or undefined when `arn` is not one.", generatedFrom: from("grammar") })],
      parameters: [{ name: "arn", type: "string" }],
      returnType: "FunctionArnParts | undefined",
      statements: [
        "const m = FUNCTION_ARN_PATTERN.exec(arn);",
        "if (!m) return undefined;",
        "return { partition: m[1]!, region: m[2]!, accountId: m[3]!, functionName: m[4]!, qualifier: m[5] };",
      ],
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: "DurableExecutionArnParts",
      extends: ["FunctionArnParts"],
      docs: [doc({ summary: "The pieces of a durable execution's ARN (see DURABLE_EXECUTION_ARN_PATTERN).", generatedFrom: from("grammar") })],
      properties: [
        { name: "executionName", type: "string", isReadonly: true },
        { name: "executionId", type: "string", isReadonly: true },
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "parseDurableExecutionArn",
      docs: [doc({ summary: "The pieces of a durable execution's ARN, or undefined when `arn` is not one.", generatedFrom: from("grammar") })],
      parameters: [{ name: "arn", type: "string" }],
      returnType: "DurableExecutionArnParts | undefined",
      statements: [
        "const m = DURABLE_EXECUTION_ARN_PATTERN.exec(arn);",
        "if (!m) return undefined;",
        "return { partition: m[1]!, region: m[2]!, accountId: m[3]!, functionName: m[4]!, qualifier: m[5], executionName: m[6]!, executionId: m[7]! };",
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "functionArn",
      docs: [
        doc({
          summary: `The ARN of a function, in the partition the local service mints (\`${g.partition.minted}\`): \`arn:${g.partition.minted}:lambda:<region>:<account>:function:<name>\`.`,
          generatedFrom: from("grammar partition"),
        }),
      ],
      parameters: [
        { name: "region", type: "string" },
        { name: "accountId", type: "string" },
        { name: "functionName", type: "string" },
      ],
      returnType: "string",
      statements: [`return \`arn:${g.partition.minted}:lambda:\${region}:\${accountId}:function:\${functionName}\`;`],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "durableExecutionArn",
      docs: [doc({ summary: `The ARN of a durable execution of a function's version: \`<function ARN>:<qualifier>/${g.executionSegment.value}/<execution name>/<execution id>\`.`, generatedFrom: from("grammar executionSegment") })],
      parameters: [
        { name: "functionArn", type: "string" },
        { name: "qualifier", type: "string" },
        { name: "executionName", type: "string" },
        { name: "executionId", type: "string" },
      ],
      returnType: "string",
      statements: [`return \`\${functionArn}:\${qualifier}/${g.executionSegment.value}/\${executionName}/\${executionId}\`;`],
    },
  );
  return { kind: StructureKind.SourceFile, statements };
}

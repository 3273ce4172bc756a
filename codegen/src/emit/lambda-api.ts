/**
 * Emits the Lambda REST API facts of `lambdaApi:` (schema/wire.yaml): the header names the local service
 * reads and writes, and the function-name and ARN grammar as regular expressions and builders. A separate
 * module that src/generated/index.ts does not re-export, so the Lambda runtime never carries it; the local
 * service and the CLI import it directly. Also the routes of the Lambda REST operations the local service
 * serves (`lambdaApi.routes`): a typed table, a matcher from method and path to route and parameters, and a
 * path builder for clients.
 */
import { StructureKind, VariableDeclarationKind, type SourceFileStructure, type StatementStructures } from "ts-morph";
import type { Ir, IrGrammarName, IrLambdaApi, IrLambdaRoute } from "../ir";
import { doc, docText, exportedConst, header, inlineDoc } from "./common";

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

/** A piece of an ARN that its pattern captures: a field of the parts interface; `optional`, the group may not match. */
interface ArnField {
  name: string;
  optional?: true;
}

/**
 * An ARN's parts interface and parser: `fields` are the pattern's capture groups in order, after those of
 * `base` (whose interface this one extends), the group order {@link grammarSources} builds.
 */
interface ArnParts {
  /** What the ARN is, in the docs: "a function's ARN". */
  of: string;
  /** The generated pattern constant that captures the fields. */
  pattern: string;
  name: string;
  parser: string;
  base?: ArnParts;
  fields: ArnField[];
}

const FUNCTION_ARN: ArnParts = {
  of: "a function's ARN",
  pattern: "FUNCTION_ARN_PATTERN",
  name: "FunctionArnParts",
  parser: "parseFunctionArn",
  fields: [{ name: "partition" }, { name: "region" }, { name: "accountId" }, { name: "functionName" }, { name: "qualifier", optional: true }],
};

const DURABLE_EXECUTION_ARN: ArnParts = {
  of: "a durable execution's ARN",
  pattern: "DURABLE_EXECUTION_ARN_PATTERN",
  name: "DurableExecutionArnParts",
  parser: "parseDurableExecutionArn",
  base: FUNCTION_ARN,
  fields: [{ name: "executionName" }, { name: "executionId" }],
};

/** Every field of an ARN, its base's first: field i is capture group i + 1. */
const arnGroups = (arn: ArnParts): ArnField[] => [...(arn.base ? arnGroups(arn.base) : []), ...arn.fields];

/** The interface of an ARN's pieces and the function that reads them with its pattern (undefined when the pattern does not match). */
function arnParser(arn: ArnParts, generatedFrom: string): StatementStructures[] {
  const groups = arnGroups(arn).map((f, i) => `${f.name}: m[${i + 1}]${f.optional ? "" : "!"}`);
  return [
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: arn.name,
      ...(arn.base ? { extends: [arn.base.name] } : {}),
      docs: [doc({ summary: `The pieces of ${arn.of} (see ${arn.pattern}).`, generatedFrom })],
      properties: arn.fields.map((f) => ({ name: f.name, type: f.optional ? "string | undefined" : "string", isReadonly: true })),
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: arn.parser,
      docs: [doc({ summary: `The pieces of ${arn.of}, or undefined when \`arn\` is not one.`, generatedFrom })],
      parameters: [{ name: "arn", type: "string" }],
      returnType: `${arn.name} | undefined`,
      statements: [`const m = ${arn.pattern}.exec(arn);`, "if (!m) return undefined;", `return { ${groups.join(", ")} };`],
    },
  ];
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
    ...arnParser(FUNCTION_ARN, from("grammar")),
    ...arnParser(DURABLE_EXECUTION_ARN, from("grammar")),
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "formatFunctionArn",
      docs: [
        doc({
          summary: `A function's ARN from its pieces, the inverse of parseFunctionArn: \`arn:<partition>:lambda:<region>:<account>:function:<name>[:<qualifier>]\` (no qualifier when it is absent). Also the function ARN of a durable execution ARN's pieces, which extend these.`,
          generatedFrom: from("grammar"),
        }),
      ],
      parameters: [{ name: "parts", type: FUNCTION_ARN.name }],
      returnType: "string",
      statements: [
        "const { partition, region, accountId, functionName, qualifier } = parts;",
        "return `arn:${partition}:lambda:${region}:${accountId}:function:${functionName}${qualifier === undefined ? \"\" : `:${qualifier}`}`;",
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
      statements: [`return formatFunctionArn({ partition: ${JSON.stringify(g.partition.minted)}, region, accountId, functionName, qualifier: undefined });`],
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
  statements.push(...routeStatements(api, from));
  return { kind: StructureKind.SourceFile, statements };
}

/** How many literal segments a route's path has: a path with more wins over one with fewer that matches too. */
const literalCount = (route: IrLambdaRoute): number => route.segments.filter((s) => "literal" in s).length;

/**
 * The routes' distinct path shapes (parameter names aside), most literal segments first (a stable sort: the
 * schema's order among equals), each with its operation by method (exported for the generator's tests).
 */
export function routeShapes(api: IrLambdaApi): { segments: IrLambdaRoute["segments"]; byMethod: [string, string][] }[] {
  const shapes = new Map<string, { segments: IrLambdaRoute["segments"]; byMethod: [string, string][]; literals: number }>();
  for (const route of api.routes) {
    const key = route.segments.map((s) => ("literal" in s ? s.literal : s.multiSegment ? "{+}" : "{}")).join("/");
    const shape = shapes.get(key) ?? { segments: route.segments, byMethod: [], literals: literalCount(route) };
    shape.byMethod.push([route.method, route.operation]);
    shapes.set(key, shape);
  }
  return [...shapes.values()].sort((a, b) => b.literals - a.literals).map(({ segments, byMethod }) => ({ segments, byMethod }));
}

function routeStatements(api: IrLambdaApi, from: (path: string) => string): (string | StatementStructures)[] {
  const methods = [...new Set(api.routes.map((r) => r.method))];
  const table = api.routes
    .map((r) => {
      const query = r.query.map((q) => `${inlineDoc(q.summary)} ${q.name}: ${JSON.stringify(q.type)}`).join(", ");
      return [
        inlineDoc(`${r.method} ${r.path}: ${r.summary}`),
        `${r.operation}: { operation: ${JSON.stringify(r.operation)}, method: ${JSON.stringify(r.method)}, path: ${JSON.stringify(r.path)}, apiVersion: ${JSON.stringify(r.apiVersion)}, pathParameters: [${r.pathParameters.map((p) => JSON.stringify(p)).join(", ")}], query: { ${query} }, status: ${r.status}${r.statuses.length ? `, statuses: { ${r.statuses.map((s) => `${s.case}: ${s.status}`).join(", ")} }` : ""} },`,
      ].join("\n");
    })
    .join("\n");
  const shapes = routeShapes(api)
    .map((shape) => {
      const segments = shape.segments.map((s) => ("literal" in s ? JSON.stringify(s.literal) : `{ multiSegment: ${s.multiSegment} }`)).join(", ");
      const methods = shape.byMethod.map(([method, operation]) => `[${JSON.stringify(method)}, ${JSON.stringify(operation)}]`).join(", ");
      return `{ segments: [${segments}], methods: [${methods}] },`;
    })
    .join("\n");
  const paramBuilders = api.routes
    .map((r) => `${r.operation}: (${r.pathParameters.length ? "values" : ""}) => ({ ${r.pathParameters.map((p, i) => `${p}: values[${i}]`).join(", ")} }),`)
    .join("\n");
  const parameterDocs = api.pathParameters.map((p) => `- \`${p.name}\`: ${p.summary}${p.multiSegment ? " Multi-segment: matchLambdaRoute joins its segments with `/`." : ""}`).join("\n");
  return [
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "LambdaHttpMethod",
      docs: [doc({ summary: "The HTTP methods of the Lambda REST routes.", generatedFrom: from("routes method") })],
      type: methods.map((m) => JSON.stringify(m)).join(" | "),
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "LambdaQueryType",
      docs: [
        doc({
          summary: "How a query parameter's value is written: string; integer; boolean (`true` or `false`); timestamp (ISO 8601, as the AWS SDK writes it); list (the name repeated, one value each).",
          generatedFrom: from("queryParameters type"),
        }),
      ],
      type: [...new Set(api.queryParameters.map((q) => q.type))].map((t) => JSON.stringify(t)).join(" | "),
    },
    {
      kind: StructureKind.Interface,
      isExported: true,
      name: "LambdaRoute",
      docs: [doc({ summary: "A Lambda REST operation the local service serves, as `@aws-sdk/client-lambda` binds it.", generatedFrom: from("routes") })],
      properties: [
        { name: "operation", type: "string", isReadonly: true, docs: ["The operation's name in the Lambda API (`<operation>Command` in the AWS SDK)."] },
        { name: "method", type: "LambdaHttpMethod", isReadonly: true },
        { name: "path", type: "string", isReadonly: true, docs: ["The path template: `/<API version>/…`, a path parameter written `{Name}`."] },
        { name: "apiVersion", type: "string", isReadonly: true, docs: ["The path's first segment: the API version the operation belongs to."] },
        { name: "pathParameters", type: "readonly string[]", isReadonly: true, docs: ["The path parameters of the template, in order."] },
        { name: "query", type: "{ readonly [name: string]: LambdaQueryType }", isReadonly: true, docs: ["The query parameters it reads, by name, with how each is written."] },
        { name: "status", type: "number", isReadonly: true, docs: ["The status code of a successful response."] },
        { name: "statuses", type: "{ readonly [name: string]: number }", hasQuestionToken: true, isReadonly: true, docs: ["The other 2xx statuses some requests succeed with, by the case that answers with each (Invoke: by InvocationType)."] },
      ],
    },
    exportedConst(
      [
        doc({
          summary: "The Lambda REST routes of the local service, by operation name.",
          description: `Path parameters:\n\n${parameterDocs}`,
          generatedFrom: from("routes"),
        }),
      ],
      { name: "LAMBDA_ROUTES", initializer: `{\n${table}\n} as const satisfies { readonly [operation: string]: LambdaRoute }` },
    ),
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "LambdaOperation",
      docs: [doc({ summary: "The name of a Lambda REST operation of LAMBDA_ROUTES.", generatedFrom: from("routes operation") })],
      type: "keyof typeof LAMBDA_ROUTES",
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "LambdaPathParameters",
      typeParameters: [{ name: "Op", constraint: "LambdaOperation" }],
      docs: [doc({ summary: "The path parameters of an operation's route, by name (decoded values).", generatedFrom: from("routes path") })],
      type: `{ readonly [P in (typeof LAMBDA_ROUTES)[Op]["pathParameters"][number]]: string }`,
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "LambdaRouteQuery",
      typeParameters: [{ name: "Op", constraint: "LambdaOperation" }],
      docs: [doc({ summary: "The query parameters an operation reads, by name, each with its LambdaQueryType.", generatedFrom: from("routes query") })],
      type: `(typeof LAMBDA_ROUTES)[Op]["query"]`,
    },
    {
      kind: StructureKind.TypeAlias,
      isExported: true,
      name: "LambdaRouteMatch",
      docs: [
        doc({
          summary: "The route a request's path names, with its path parameters (decoded): one of the operations `Op` (default: any), each with its own route and parameters.",
          description:
            "`operation` and `route` are those of the request's method at that path; when no route at that path takes the method, they are the first route's there (its `method` then differs from the request's: answer 405 with `allow`). `allow`: the methods the routes at that path take.\n\nA function generic in `Op` that takes a `LambdaRouteMatch<Op>` sees `params` as `LambdaPathParameters<Op>` of the same `Op` as `operation`, so it can hand them on to that operation's handler with no cast; called with a `LambdaRouteMatch`, `Op` is inferred.",
          generatedFrom: from("routes"),
        }),
      ],
      typeParameters: [{ name: "Op", constraint: "LambdaOperation", default: "LambdaOperation" }],
      type: `{ [P in Op]: { readonly operation: P; readonly route: (typeof LAMBDA_ROUTES)[P]; readonly params: LambdaPathParameters<P>; readonly allow: readonly LambdaHttpMethod[] } }[Op]`,
    },
    {
      kind: StructureKind.TypeAlias,
      name: "RouteSegment",
      docs: [doc({ summary: "A segment of a route's path: a literal, or a path parameter.", generatedFrom: from("routes path") })],
      type: "string | { readonly multiSegment: boolean }",
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        doc({
          summary:
            "Each operation's path parameters from their decoded values, in the order of its path (as matchSegments finds them). Typed by LAMBDA_ROUTES: a name its route does not have, or one it leaves out, does not compile.",
          generatedFrom: from("routes path"),
        }),
      ],
      declarations: [
        {
          name: "ROUTE_PARAMS",
          type: "{ readonly [Op in LambdaOperation]: (values: readonly string[]) => LambdaPathParameters<Op> }",
          initializer: `{\n${paramBuilders}\n}`,
        },
      ],
    },
    {
      kind: StructureKind.TypeAlias,
      name: "RouteMethod",
      docs: [doc({ summary: "A method a path takes, with the operation that answers it.", generatedFrom: from("routes method") })],
      type: "readonly [method: LambdaHttpMethod, operation: LambdaOperation]",
    },
    {
      kind: StructureKind.VariableStatement,
      declarationKind: VariableDeclarationKind.Const,
      docs: [
        doc({
          summary:
            "The routes' distinct paths as segments (a path parameter by whether it spans several), most literal segments first (so `…/{DurableExecutionArn}/state` wins over `…/{DurableExecutionArn}`, which a multi-segment ARN ending in `state` would match too), each with its operations by method, the first one answering a method no route there takes.",
          generatedFrom: from("routes path"),
        }),
      ],
      declarations: [
        {
          name: "ROUTE_SHAPES",
          type: "readonly { readonly segments: readonly RouteSegment[]; readonly methods: readonly [RouteMethod, ...RouteMethod[]] }[]",
          initializer: `[\n${shapes}\n]`,
        },
      ],
    },
    {
      kind: StructureKind.Function,
      name: "matchSegments",
      docs: [
        doc({
          summary:
            "The raw (still percent-encoded) segments of each path parameter, in the path's order, when `given` has the shape of `pattern`, or undefined. A multi-segment parameter takes one or more segments, any other parameter or literal exactly one.",
          generatedFrom: from("routes path"),
        }),
      ],
      parameters: [
        { name: "pattern", type: "readonly RouteSegment[]" },
        { name: "given", type: "readonly string[]" },
      ],
      returnType: "string[][] | undefined",
      statements: [
        `const many = pattern.findIndex((s) => typeof s !== "string" && s.multiSegment);`,
        "const extra = given.length - pattern.length;",
        "if (many < 0 ? extra !== 0 : extra < 0) return undefined;",
        "const params: string[][] = [];",
        `for (let i = 0; i < pattern.length; i++) {
  const segment = pattern[i]!;
  const taken = many < 0 || i < many ? given.slice(i, i + 1) : i === many ? given.slice(i, i + extra + 1) : given.slice(i + extra, i + extra + 1);
  if (typeof segment === "string") {
    if (taken[0] !== segment) return undefined;
  } else params.push(taken);
}`,
        "return params;",
      ],
    },
    {
      kind: StructureKind.Function,
      name: "routeMatch",
      typeParameters: [{ name: "Op", constraint: "LambdaOperation" }],
      docs: [
        doc({
          summary: "The match of one operation: its route and its path parameters built from their decoded values (ROUTE_PARAMS), typed for that operation.",
          generatedFrom: from("routes"),
        }),
      ],
      parameters: [
        { name: "operation", type: "Op" },
        { name: "values", type: "readonly string[]" },
        { name: "allow", type: "readonly LambdaHttpMethod[]" },
      ],
      returnType: "LambdaRouteMatch<Op>",
      statements: ["return { operation, route: LAMBDA_ROUTES[operation], params: ROUTE_PARAMS[operation](values), allow };"],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "matchLambdaRoute",
      docs: [
        doc({
          summary: "The route of a request: its method and path (the URL's pathname, percent-encoded, without the query) to the route and its path parameters, or undefined when no route has that path (a 404).",
          description:
            "Empty segments are ignored (`//` and a trailing `/`). A path parameter's value is its segment decoded by `decode`; a multi-segment one's segments are decoded one by one and joined with `/`. Check `match.route.method` against the request's method: when they differ no route at that path takes it (a 405; `allow` lists the methods that are).",
          params: [
            { name: "method", summary: "The request's HTTP method." },
            { name: "path", summary: "The URL's pathname, as received (percent-encoded)." },
            { name: "decode", summary: "Decodes one path segment (default decodeURIComponent; a caller may throw its own error for a malformed one)." },
          ],
          generatedFrom: from("routes"),
        }),
      ],
      parameters: [
        { name: "method", type: "string" },
        { name: "path", type: "string" },
        { name: "decode", type: "(segment: string) => string", initializer: "decodeURIComponent" },
      ],
      returnType: "LambdaRouteMatch | undefined",
      statements: [
        "const given = path.split(\"/\").filter((segment) => segment.length > 0);",
        `for (const shape of ROUTE_SHAPES) {
  const raw = matchSegments(shape.segments, given);
  if (!raw) continue;
  const [, operation] = shape.methods.find(([taken]) => taken === method) ?? shape.methods[0];
  return routeMatch(operation, raw.map((segments) => segments.map(decode).join("/")), shape.methods.map(([taken]) => taken));
}`,
        "return undefined;",
      ],
    },
    {
      kind: StructureKind.Function,
      isExported: true,
      name: "lambdaRoutePath",
      typeParameters: [{ name: "Op", constraint: "LambdaOperation" }],
      docs: [
        doc({
          summary: "The path of an operation's route with its path parameters filled in, each percent-encoded into one segment (as the AWS SDK sends them); add the query with URLSearchParams.",
          params: [
            { name: "operation", summary: "The operation, e.g. `\"GetDurableExecution\"`." },
            { name: "params", summary: "Its path parameters by name (`{}` for a route without any)." },
          ],
          generatedFrom: from("routes path"),
        }),
      ],
      parameters: [
        { name: "operation", type: "Op" },
        { name: "params", type: "LambdaPathParameters<Op>" },
      ],
      returnType: "string",
      statements: [
        "const values: { readonly [name: string]: string } = params;",
        "return LAMBDA_ROUTES[operation].path.replace(/\\{(\\w+)\\}/g, (_template, name: string) => encodeURIComponent(values[name]!));",
      ],
    },
  ];
}

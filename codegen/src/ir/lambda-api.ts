/** The service's API limits (`limits:` of the types files) and the Lambda REST API (`lambdaApi:`). */
import type { IrGrammarName, IrGrammarPartition, IrGrammarPattern, IrLambdaApi, IrLambdaHeader, IrLambdaPathParameter, IrLambdaQueryParameter, IrLambdaRoute, IrRouteSegment, IrServiceLimit } from "../ir";
import type { LoadedSchema } from "../load";
import type { TypesFile } from "../meta-schema";
import type { BuildContext, ProblemReporter } from "./build-context";

export function buildLimits(schema: LoadedSchema, { problem }: BuildContext): IrServiceLimit[] {
  // The service's API limits: one constant each, named once across the types files.
  const limits: IrServiceLimit[] = [];
  for (const file of schema.types)
    file.data.limits?.forEach((l, i) => {
      const first = limits.find((x) => x.name === l.name);
      if (first) problem(file.source, `limits[${i}].name`, `duplicate limit "${l.name}" (first in ${first.file})`);
      else limits.push({ ...l, file: file.source });
    });
  return limits;
}

export function buildLambdaApi(schema: LoadedSchema, { problem }: BuildContext, limits: readonly IrServiceLimit[]): IrLambdaApi | undefined {
  // The Lambda REST API's headers and grammar: declared once; enums and limits it names must exist.
  const apiFiles = schema.types.filter((f) => f.data.lambdaApi);
  if (apiFiles.length > 1) problem(apiFiles[1]!.source, "lambdaApi", `declared again (first in ${apiFiles[0]!.source})`);
  return apiFiles[0] && lambdaApiOf(apiFiles[0].data.lambdaApi!, apiFiles[0].source, limits, new Set(schema.enums.flatMap((f) => f.data.enums.map((e) => e.name))), problem);
}

/**
 * Resolves `lambdaApi:`: each grammar name's maxLength becomes the value of the limit it names; every
 * fragment must compile as a regular expression; header and value constants are named once; a header's
 * enum must be a schema enum.
 */
function lambdaApiOf(
  raw: NonNullable<TypesFile["lambdaApi"]>,
  file: string,
  limits: readonly IrServiceLimit[],
  enumNames: ReadonlySet<string>,
  problem: ProblemReporter,
): IrLambdaApi {
  const compiles = (source: string, path: string) => {
    try {
      new RegExp(source);
    } catch (error) {
      problem(file, path, `not a valid regular expression: ${(error as Error).message}`);
    }
  };
  const pattern = (key: "region" | "accountId" | "executionId"): IrGrammarPattern => {
    compiles(raw.grammar[key].pattern, `lambdaApi.grammar.${key}.pattern`);
    return { ...raw.grammar[key] };
  };
  const partition = (): IrGrammarPartition => {
    const piece = raw.grammar.partition;
    compiles(piece.pattern, "lambdaApi.grammar.partition.pattern");
    try {
      if (!new RegExp(`^(?:${piece.pattern})$`).test(piece.minted)) problem(file, "lambdaApi.grammar.partition.minted", `"${piece.minted}" does not match the partition's pattern ${piece.pattern}`);
    } catch {
      // reported by compiles()
    }
    return { ...piece };
  };
  const name = (key: "functionName" | "functionNameParameter" | "qualifier" | "executionName"): IrGrammarName => {
    const piece = raw.grammar[key];
    compiles(`[${piece.chars}]`, `lambdaApi.grammar.${key}.chars`);
    const limit = limits.find((l) => l.name === piece.maxLength);
    if (!limit) problem(file, `lambdaApi.grammar.${key}.maxLength`, `"${piece.maxLength}" is not a limit (limits: names ${limits.map((l) => l.name).join(", ") || "none"})`);
    return { chars: piece.chars, maxLength: limit?.value ?? 0, limit: piece.maxLength, summary: piece.summary };
  };
  const qualifier = name("qualifier");
  const latest = raw.grammar.latestVersion.value;
  let latestIsQualifier = true;
  try {
    latestIsQualifier = latest.length <= qualifier.maxLength && new RegExp(`^[${qualifier.chars}]+$`).test(latest);
  } catch {
    // a bad character class is reported by compiles()
  }
  if (!latestIsQualifier)
    problem(file, "lambdaApi.grammar.latestVersion.value", `"${latest}" is not a qualifier ([${qualifier.chars}], 1 to ${qualifier.maxLength} characters)`);
  const constants = new Set<string>();
  const claim = (constant: string, path: string) => {
    if (constants.has(constant) || limits.some((l) => l.name === constant)) problem(file, path, `"${constant}" is already the name of another constant`);
    constants.add(constant);
  };
  const headerNames = new Set<string>();
  const headers = raw.headers.map((h, i): IrLambdaHeader => {
    claim(h.constant, `lambdaApi.headers[${i}].constant`);
    if (headerNames.has(h.name.toLowerCase())) problem(file, `lambdaApi.headers[${i}].name`, `the header "${h.name}" is declared twice`);
    headerNames.add(h.name.toLowerCase());
    if (h.enum !== undefined && !enumNames.has(h.enum)) problem(file, `lambdaApi.headers[${i}].enum`, `"${h.enum}" is not an enum of the schema`);
    (h.values ?? []).forEach((v, k) => claim(v.constant, `lambdaApi.headers[${i}].values[${k}].constant`));
    return { constant: h.constant, name: h.name, in: h.in, summary: h.summary, ...(h.enum !== undefined ? { enum: h.enum } : {}), values: (h.values ?? []).map((v) => ({ ...v })) };
  });
  const { pathParameters, queryParameters, routes } = lambdaRoutesOf(raw, file, problem);
  return {
    file,
    headers,
    pathParameters,
    queryParameters,
    routes,
    grammar: {
      partition: partition(),
      region: pattern("region"),
      accountId: pattern("accountId"),
      functionName: name("functionName"),
      functionNameParameter: name("functionNameParameter"),
      qualifier,
      latestVersion: { ...raw.grammar.latestVersion },
      executionName: name("executionName"),
      executionId: pattern("executionId"),
      executionSegment: { ...raw.grammar.executionSegment },
    },
  };
}

/** A Lambda API version, the first segment of every route's path (e.g. `2015-03-31`). */
const API_VERSION = /^\d{4}-\d{2}-\d{2}$/;

/**
 * Resolves the routes of `lambdaApi:`. Checked: each operation is named once; a path starts with its API
 * version; every `{Parameter}` of a path is one of `pathParameters` and appears once in it, with at most
 * one multi-segment parameter; no two routes take the same method on the same path (parameter names
 * aside); every query name is one of `queryParameters`, once a route; every declared parameter is used;
 * each of a route's other `statuses` differs from its `status` and from the other cases' (a client reads
 * the case back from the status).
 */
function lambdaRoutesOf(
  raw: NonNullable<TypesFile["lambdaApi"]>,
  file: string,
  problem: ProblemReporter,
): Pick<IrLambdaApi, "pathParameters" | "queryParameters" | "routes"> {
  const pathParameters = new Map<string, IrLambdaPathParameter>();
  raw.pathParameters.forEach((p, i) => {
    if (pathParameters.has(p.name)) problem(file, `lambdaApi.pathParameters[${i}].name`, `the path parameter "${p.name}" is declared twice`);
    else pathParameters.set(p.name, { name: p.name, summary: p.summary, multiSegment: p.multiSegment ?? false });
  });
  const queryParameters = new Map<string, IrLambdaQueryParameter>();
  raw.queryParameters.forEach((q, i) => {
    if (queryParameters.has(q.name)) problem(file, `lambdaApi.queryParameters[${i}].name`, `the query parameter "${q.name}" is declared twice`);
    else queryParameters.set(q.name, { ...q });
  });
  const usedPath = new Set<string>();
  const usedQuery = new Set<string>();
  const operations = new Map<string, number>();
  const shapes = new Map<string, string>();
  const routes = raw.routes.map((r, i): IrLambdaRoute => {
    const at = `lambdaApi.routes[${i}]`;
    const first = operations.get(r.operation);
    if (first !== undefined) problem(file, `${at}.operation`, `the operation "${r.operation}" is declared twice (first at lambdaApi.routes[${first}]); each route is one operation`);
    else operations.set(r.operation, i);
    const segments: IrRouteSegment[] = r.path
      .split("/")
      .slice(1)
      .map((segment) => {
        const parameter = /^\{(\w+)\}$/.exec(segment)?.[1];
        if (parameter === undefined) return { literal: segment };
        return { parameter, multiSegment: pathParameters.get(parameter)?.multiSegment ?? false };
      });
    const version = segments[0];
    if (!version || !("literal" in version) || !API_VERSION.test(version.literal))
      problem(file, `${at}.path`, `"${r.path}" must start with the operation's API version, e.g. /2015-03-31/… (the first segment of the SDK's path template)`);
    const named: string[] = [];
    for (const segment of segments) {
      if (!("parameter" in segment)) continue;
      if (!pathParameters.has(segment.parameter))
        problem(file, `${at}.path`, `{${segment.parameter}} in "${r.path}" is not a path parameter: declare it in lambdaApi.pathParameters (declared: ${[...pathParameters.keys()].join(", ") || "none"})`);
      if (named.includes(segment.parameter)) problem(file, `${at}.path`, `{${segment.parameter}} appears twice in "${r.path}"`);
      named.push(segment.parameter);
      usedPath.add(segment.parameter);
    }
    if (segments.filter((s) => "parameter" in s && s.multiSegment).length > 1)
      problem(file, `${at}.path`, `"${r.path}" has more than one multi-segment path parameter: where one ends and the next begins would be ambiguous`);
    const shape = `${r.method} ${segments.map((s) => ("literal" in s ? s.literal : "{}")).join("/")}`;
    const same = shapes.get(shape);
    if (same !== undefined) problem(file, `${at}.path`, `${r.method} ${r.path} is already the route of ${same}: a method and path (whatever the parameters are called) must name one operation`);
    else shapes.set(shape, r.operation);
    const query: IrLambdaQueryParameter[] = [];
    (r.query ?? []).forEach((name, k) => {
      const declared = queryParameters.get(name);
      if (!declared) problem(file, `${at}.query[${k}]`, `"${name}" is not a query parameter: declare it in lambdaApi.queryParameters (declared: ${[...queryParameters.keys()].join(", ") || "none"})`);
      else if (query.includes(declared)) problem(file, `${at}.query[${k}]`, `"${name}" is listed twice`);
      else query.push(declared);
      usedQuery.add(name);
    });
    const statuses = Object.entries(r.statuses ?? {}).map(([name, status]) => ({ case: name, status }));
    statuses.forEach(({ case: name, status }, k) => {
      const other = status === r.status ? "status" : statuses.slice(0, k).find((s) => s.status === status)?.case;
      if (other !== undefined) problem(file, `${at}.statuses.${name}`, `${status} is already the status of ${other === "status" ? "the route's success (status)" : `the case ${other}`}: each case needs a status of its own, or a client cannot tell them apart`);
    });
    return { operation: r.operation, method: r.method, path: r.path, apiVersion: version && "literal" in version ? version.literal : "", segments, pathParameters: named, query, status: r.status, statuses, summary: r.summary };
  });
  raw.pathParameters.forEach((p, i) => {
    if (!usedPath.has(p.name)) problem(file, `lambdaApi.pathParameters[${i}]`, `"${p.name}" is in no route's path: remove it or use it`);
  });
  raw.queryParameters.forEach((q, i) => {
    if (!usedQuery.has(q.name)) problem(file, `lambdaApi.queryParameters[${i}]`, `"${q.name}" is read by no route: remove it or list it in a route's query`);
  });
  return { pathParameters: [...pathParameters.values()], queryParameters: [...queryParameters.values()], routes };
}

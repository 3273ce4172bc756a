/**
 * `lambdaApi:` of schema/wire.yaml: the Lambda REST API's header names and its function-name and ARN
 * grammar, generated into src/generated/lambda-api.ts. The expected strings below are written out by
 * hand on purpose: they are an oracle independent of the schema, so a schema edit that changes what the
 * local service accepts or writes fails here.
 */
import { describe, expect, it } from "vitest";
import {
  DURABLE_EXECUTION_ARN_HEADER,
  DURABLE_EXECUTION_NAME_HEADER,
  durableExecutionArn,
  ERROR_TYPE_HEADER,
  EXECUTED_VERSION_HEADER,
  EXECUTION_NAME_PATTERN,
  FUNCTION_ERROR_HEADER,
  FUNCTION_ERROR_UNHANDLED,
  FUNCTION_NAME_PARAMETER_PATTERN,
  FUNCTION_NAME_PATTERN,
  functionArn,
  INVOCATION_TYPE_HEADER,
  LAMBDA_ROUTES,
  lambdaRoutePath,
  LATEST_VERSION,
  LOG_RESULT_HEADER,
  LOG_TYPE_HEADER,
  formatFunctionArn,
  parseDurableExecutionArn,
  parseFunctionArn,
  REQUEST_ID_HEADER,
  TENANT_ID_HEADER,
} from "../../src/generated/lambda-api.js";
import { MAX_EXECUTION_NAME_LENGTH, MAX_FUNCTION_NAME_PARAMETER_LENGTH, MAX_LAMBDA_FUNCTION_NAME_LENGTH, MAX_QUALIFIER_LENGTH } from "../../src/generated/index.js";
import { grammarSources, regexLiteral, routeShapes } from "../src/emit/lambda-api";
import { copySchema, editYaml, irOf, readYaml, REAL_SCHEMA, realSchemaProblemsAfter, schemaProblems } from "./helpers";

const name = (length: number, char = "a") => char.repeat(length);

describe("Lambda API headers", () => {
  it("are the names Lambda documents, spelled as the local service writes them", () => {
    expect([INVOCATION_TYPE_HEADER, LOG_TYPE_HEADER, DURABLE_EXECUTION_NAME_HEADER, TENANT_ID_HEADER]).toEqual([
      "X-Amz-Invocation-Type",
      "X-Amz-Log-Type",
      "X-Amz-Durable-Execution-Name",
      "X-Amz-Tenant-Id",
    ]);
    expect([DURABLE_EXECUTION_ARN_HEADER, EXECUTED_VERSION_HEADER, FUNCTION_ERROR_HEADER, LOG_RESULT_HEADER]).toEqual([
      "X-Amz-Durable-Execution-Arn",
      "X-Amz-Executed-Version",
      "X-Amz-Function-Error",
      "X-Amz-Log-Result",
    ]);
    expect([FUNCTION_ERROR_UNHANDLED, ERROR_TYPE_HEADER, REQUEST_ID_HEADER]).toEqual(["Unhandled", "x-amzn-errortype", "x-amzn-RequestId"]);
    expect(LATEST_VERSION).toBe("$LATEST");
  });
});

describe("the function-name and ARN grammar", () => {
  it("takes its lengths from the limits", () => {
    expect([MAX_LAMBDA_FUNCTION_NAME_LENGTH, MAX_FUNCTION_NAME_PARAMETER_LENGTH, MAX_QUALIFIER_LENGTH, MAX_EXECUTION_NAME_LENGTH]).toEqual([64, 140, 128, 64]);
    // The route's pattern as it was written by hand before it moved into the schema.
    expect(FUNCTION_NAME_PARAMETER_PATTERN.source).toBe(
      String.raw`^(?:arn:aws[a-zA-Z-]*:lambda:[a-z0-9-]+:\d{12}:function:|\d{12}:function:)?([A-Za-z0-9_-]{1,140})(?::([A-Za-z0-9_$-]{1,128}))?$`,
    );
  });

  const parameterCases: [string, string, [string, string | undefined] | undefined][] = [
    ["a name", "orders", ["orders", undefined]],
    ["name:qualifier", "orders:$LATEST", ["orders", "$LATEST"]],
    ["name:alias", "orders:live_1-a", ["orders", "live_1-a"]],
    ["a partial ARN", "123456789012:function:orders", ["orders", undefined]],
    ["a partial ARN with qualifier", "123456789012:function:orders:7", ["orders", "7"]],
    ["a full ARN", "arn:aws:lambda:eu-west-1:123456789012:function:orders", ["orders", undefined]],
    ["a full ARN in another partition", "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders:live", ["orders", "live"]],
    ["a name of 1", "a", ["a", undefined]],
    ["a name of 140", name(140), [name(140), undefined]],
    ["a name of 141", name(141), undefined],
    ["a qualifier of 128", `f:${name(128, "q")}`, ["f", name(128, "q")]],
    ["a qualifier of 129", `f:${name(129, "q")}`, undefined],
    ["the empty string", "", undefined],
    ["an empty qualifier", "orders:", undefined],
    ["a dot in the name", "my.fn", undefined],
    ["a slash", "orders/x", undefined],
    ["an 11-digit account", "12345678901:function:orders", undefined],
    ["a non-Lambda ARN", "arn:aws:states:eu-west-1:123456789012:function:orders", undefined],
    ["an unknown partition", "arn:gcp:lambda:eu-west-1:123456789012:function:orders", undefined],
    ["an upper-case region", "arn:aws:lambda:EU-WEST-1:123456789012:function:orders", undefined],
    ["a $ in the name", "ord$rs", undefined],
  ];
  it.each(parameterCases)("FUNCTION_NAME_PARAMETER_PATTERN: %s", (_label, given, expected) => {
    const m = FUNCTION_NAME_PARAMETER_PATTERN.exec(given);
    expect(m ? [m[1], m[2]] : undefined).toEqual(expected);
  });

  it("FUNCTION_NAME_PATTERN: a name alone, 1 to 64 letters, digits, - and _", () => {
    for (const ok of ["a", "orders-v2_x", name(64)]) expect(FUNCTION_NAME_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ["", name(65), "a.b", "a:b", "a b", "arn:aws:lambda:eu-west-1:123456789012:function:a"]) expect(FUNCTION_NAME_PATTERN.test(bad), bad).toBe(false);
  });

  it("EXECUTION_NAME_PATTERN: 1 to 64 letters, digits, - and _", () => {
    for (const ok of ["a", "order-1_B", name(64), "3f8a2c4e-1b2d-4c5e-9f00-0123456789ab"]) expect(EXECUTION_NAME_PATTERN.test(ok), ok).toBe(true);
    for (const bad of ["", name(65), "a.b", "a/b", "a$"]) expect(EXECUTION_NAME_PATTERN.test(bad), bad).toBe(false);
  });

  it("functionArn and durableExecutionArn mint what the parsers read back", () => {
    const fn = functionArn("us-east-1", "123456789012", "orders");
    expect(fn).toBe("arn:aws:lambda:us-east-1:123456789012:function:orders");
    expect(parseFunctionArn(fn)).toEqual({ partition: "aws", region: "us-east-1", accountId: "123456789012", functionName: "orders", qualifier: undefined });
    const execution = durableExecutionArn(fn, "$LATEST", "run-1", "0b5c");
    expect(execution).toBe("arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/run-1/0b5c");
    expect(parseDurableExecutionArn(execution)).toEqual({
      partition: "aws",
      region: "us-east-1",
      accountId: "123456789012",
      functionName: "orders",
      qualifier: "$LATEST",
      executionName: "run-1",
      executionId: "0b5c",
    });
  });

  const executionArnCases: [string, string, string | undefined][] = [
    ["without a qualifier", "arn:aws:lambda:eu-west-1:123456789012:function:orders/durable-execution/o-1/run-1", "orders/o-1"],
    ["with an alias", "arn:aws:lambda:eu-west-1:123456789012:function:orders:live/durable-execution/o-1/run-1", "orders/o-1"],
    ["a function name of 64", `arn:aws:lambda:eu-west-1:123456789012:function:${name(64)}/durable-execution/o/r`, `${name(64)}/o`],
    ["a function name of 65", `arn:aws:lambda:eu-west-1:123456789012:function:${name(65)}/durable-execution/o/r`, undefined],
    ["an execution name of 64", `arn:aws:lambda:eu-west-1:123456789012:function:f/durable-execution/${name(64)}/r`, `f/${name(64)}`],
    ["an execution name of 65", `arn:aws:lambda:eu-west-1:123456789012:function:f/durable-execution/${name(65)}/r`, undefined],
    ["a function ARN", "arn:aws:lambda:eu-west-1:123456789012:function:orders", undefined],
    ["no execution id", "arn:aws:lambda:eu-west-1:123456789012:function:orders/durable-execution/o-1", undefined],
    ["another segment", "arn:aws:lambda:eu-west-1:123456789012:function:orders/executions/o-1/run-1", undefined],
    ["an extra segment", "arn:aws:lambda:eu-west-1:123456789012:function:orders/durable-execution/o-1/run-1/x", undefined],
  ];
  it.each(executionArnCases)("parseDurableExecutionArn: %s", (_label, arn, expected) => {
    const parts = parseDurableExecutionArn(arn);
    expect(parts && `${parts.functionName}/${parts.executionName}`).toEqual(expected);
  });

  it("formatFunctionArn writes back what parseFunctionArn reads, in any partition, with or without a qualifier", () => {
    for (const arn of ["arn:aws-cn:lambda:cn-north-1:123456789012:function:orders:3", "arn:aws-us-gov:lambda:us-gov-west-1:123456789012:function:orders", "arn:aws:lambda:eu-west-1:123456789012:function:o_1:$LATEST"])
      expect(formatFunctionArn(parseFunctionArn(arn)!)).toBe(arn);
    // A durable execution ARN's pieces give its function ARN (the ARN up to the execution segment).
    const execution = "arn:aws-cn:lambda:cn-north-1:123456789012:function:orders:live/durable-execution/o-1/run-1";
    expect(formatFunctionArn(parseDurableExecutionArn(execution)!)).toBe("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders:live");
  });

  it("parseFunctionArn reads a qualified function ARN and refuses an execution ARN", () => {
    expect(parseFunctionArn("arn:aws-cn:lambda:cn-north-1:123456789012:function:orders:3")).toMatchObject({ partition: "aws-cn", functionName: "orders", qualifier: "3" });
    expect(parseFunctionArn("arn:aws:lambda:eu-west-1:123456789012:function:orders/durable-execution/o/r")).toBeUndefined();
  });

  it("a regex literal escapes the slashes of its source", () => {
    expect(regexLiteral("^a/b\\/c$")).toBe("/^a\\/b\\/c$/");
  });
});

describe("lambdaApi in the schema", () => {
  it("builds each pattern from the pieces, with the lengths of the limits they name", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "wire.yaml", (d) => {
      d.limits.find((l: { name: string }) => l.name === "MAX_QUALIFIER_LENGTH").value = 7;
      d.lambdaApi.grammar.partition = { pattern: "aws|aws-cn", minted: "aws-cn", summary: "two partitions" };
    });
    const sources = grammarSources(irOf(copy).ir.lambdaApi!);
    expect(sources.functionNameParameter).toContain("(?::([A-Za-z0-9_$-]{1,7}))?$");
    // A piece with an alternation is grouped, so it cannot swallow its neighbours.
    expect(sources.functionNameParameter).toContain("^(?:arn:(?:aws|aws-cn):lambda:");
  });

  it("an unknown key, an unknown limit or enum, a bad fragment and an unmatched minted partition are problems", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "wire.yaml", (d) => {
      d.lambdaApi.grammar.qualifier.maxLength = "MAX_NOTHING";
      d.lambdaApi.headers[0].enum = "NoSuchEnum";
      d.lambdaApi.grammar.region.pattern = "[a-z";
      d.lambdaApi.grammar.partition.minted = "gcp";
      d.lambdaApi.grammar.latestVersion.value = "LATEST!";
    });
    expect(schemaProblems(() => irOf(copy)).map((p) => [p.file, p.path])).toEqual(
      expect.arrayContaining([
        ["schema/wire.yaml", "lambdaApi.grammar.qualifier.maxLength"],
        ["schema/wire.yaml", "lambdaApi.headers[0].enum"],
        ["schema/wire.yaml", "lambdaApi.grammar.region.pattern"],
        ["schema/wire.yaml", "lambdaApi.grammar.partition.minted"],
        ["schema/wire.yaml", "lambdaApi.grammar.latestVersion.value"],
      ]),
    );
    const strict = copySchema(REAL_SCHEMA);
    editYaml(strict, "wire.yaml", (d) => {
      d.lambdaApi.headers[0].spelling = "lower";
    });
    expect(schemaProblems(() => irOf(strict)).map((p) => p.path)).toEqual(["lambdaApi.headers[0]"]);
  });

  it("a header or constant declared twice is a problem", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "wire.yaml", (d) => {
      d.lambdaApi.headers.push({ ...d.lambdaApi.headers[0], constant: "AGAIN_HEADER", name: d.lambdaApi.headers[0].name.toLowerCase() });
      d.lambdaApi.headers.push({ ...d.lambdaApi.headers[1], name: "X-Other" });
    });
    const at = readYaml(copy, "wire.yaml").lambdaApi.headers.length;
    expect(schemaProblems(() => irOf(copy)).map((p) => p.path)).toEqual([`lambdaApi.headers[${at - 2}].name`, `lambdaApi.headers[${at - 1}].constant`]);
  });
});

describe("lambdaApi.routes in the schema", () => {
  /** The problems of the real schema with `edit` applied to its lambdaApi, as [path, reason]. */
  const problemsAfter = (edit: (api: any) => void): [string, string][] => {
    return realSchemaProblemsAfter("wire.yaml", (d) => edit(d.lambdaApi)).map((p) => [p.path, p.reason]);
  };
  const routeIndex = (api: any, operation: string): number => api.routes.findIndex((r: { operation: string }) => r.operation === operation);

  it("the real schema's routes resolve, with each path's API version and parameters", () => {
    const routes = irOf(copySchema(REAL_SCHEMA)).ir.lambdaApi!.routes;
    expect(routes.find((r) => r.operation === "GetDurableExecutionState")).toMatchObject({
      method: "GET",
      apiVersion: "2025-12-01",
      pathParameters: ["DurableExecutionArn"],
      query: [{ name: "CheckpointToken" }, { name: "Marker" }, { name: "MaxItems", type: "integer" }],
    });
    expect(routes.find((r) => r.operation === "Invoke")?.apiVersion).toBe("2015-03-31");
  });

  it("a path parameter the template names must be declared in pathParameters", () => {
    let at = -1;
    const problems = problemsAfter((api) => {
      at = routeIndex(api, "GetDurableExecutionState");
      api.routes[at].path = "/2025-12-01/durable-executions/{ExecutionArn}/state";
    });
    expect(problems).toEqual([[`lambdaApi.routes[${at}].path`, expect.stringMatching(/\{ExecutionArn\} in "\/2025-12-01\/durable-executions\/\{ExecutionArn\}\/state" is not a path parameter: declare it in lambdaApi.pathParameters/)]]);
  });

  it("the same method and path (whatever its parameters are called) may name one operation only", () => {
    let at = -1;
    const problems = problemsAfter((api) => {
      api.pathParameters.push({ name: "Arn", summary: "Another name." });
      at = api.routes.length;
      api.routes.push({ ...api.routes[routeIndex(api, "StopDurableExecution")], operation: "HaltDurableExecution", path: "/2025-12-01/durable-executions/{Arn}/stop" });
    });
    expect(problems).toEqual([[`lambdaApi.routes[${at}].path`, expect.stringMatching(/^POST \/2025-12-01\/durable-executions\/\{Arn\}\/stop is already the route of StopDurableExecution/)]]);
  });

  it("an operation may be declared once", () => {
    let at = -1;
    let first = -1;
    const problems = problemsAfter((api) => {
      first = routeIndex(api, "ListFunctions");
      at = api.routes.length;
      api.routes.push({ ...api.routes[first], method: "POST" });
    });
    expect(problems).toEqual([[`lambdaApi.routes[${at}].operation`, `the operation "ListFunctions" is declared twice (first at lambdaApi.routes[${first}]); each route is one operation`]]);
  });

  it("a path starts with its API version; a parameter appears once; one multi-segment parameter at most", () => {
    const problems = problemsAfter((api) => {
      api.pathParameters.push({ name: "Other", summary: "Another multi-segment one.", multiSegment: true });
      api.routes.push({ operation: "NoVersion", method: "GET", path: "/durable-executions/{CallbackId}", status: 200, summary: "No version." });
      api.routes.push({ operation: "Twice", method: "GET", path: "/2025-12-01/x/{CallbackId}/{CallbackId}", status: 200, summary: "Twice." });
      api.routes.push({ operation: "TwoMany", method: "GET", path: "/2025-12-01/y/{DurableExecutionArn}/{Other}", status: 200, summary: "Ambiguous." });
    });
    expect(problems.map(([, reason]) => reason)).toEqual([
      expect.stringMatching(/must start with the operation's API version/),
      expect.stringMatching(/\{CallbackId\} appears twice/),
      expect.stringMatching(/more than one multi-segment path parameter/),
    ]);
  });

  it("a query name must be declared and listed once; a declared parameter nobody uses is a problem", () => {
    let at = -1;
    const problems = problemsAfter((api) => {
      at = routeIndex(api, "GetDurableExecution");
      api.routes[at].query = ["IncludeExecutionData", "IncludeExecutionData", "IncludeData"];
      api.queryParameters.push({ name: "Unused", type: "string", summary: "Read by nobody." });
      api.pathParameters.push({ name: "Nowhere", summary: "In no path." });
    });
    expect(problems.map(([path]) => path)).toEqual([
      `lambdaApi.routes[${at}].query[1]`,
      `lambdaApi.routes[${at}].query[2]`,
      expect.stringMatching(/^lambdaApi\.pathParameters\[\d+\]$/),
      expect.stringMatching(/^lambdaApi\.queryParameters\[\d+\]$/),
    ]);
  });

  it("each other status of a route is a 2xx of its own: not the route's status, not another case's (the meta-schema: a 2xx)", () => {
    let at = -1;
    const problems = problemsAfter((api) => {
      at = routeIndex(api, "Invoke");
      api.routes[at].statuses = { Event: 202, DryRun: 202, Other: 200 };
    });
    const notSuccess = problemsAfter((api) => {
      api.routes[routeIndex(api, "Invoke")].statuses = { Event: 302 };
    });
    expect(notSuccess).toEqual([[`lambdaApi.routes[${at}].statuses.Event`, "Too big: expected number to be <=299"]]);
    expect(problems).toEqual([
      [`lambdaApi.routes[${at}].statuses.DryRun`, "202 is already the status of the case Event: each case needs a status of its own, or a client cannot tell them apart"],
      [`lambdaApi.routes[${at}].statuses.Other`, "200 is already the status of the route's success (status): each case needs a status of its own, or a client cannot tell them apart"],
    ]);
  });

  it("a path template and a query type are checked by the meta-schema", () => {
    const problems = problemsAfter((api) => {
      api.routes[0].path = "/2015-03-31/Functions/{FunctionName}/invocations";
      api.queryParameters[0].type = "date";
    });
    expect(problems.map(([path]) => path).sort()).toEqual(["lambdaApi.queryParameters[0].type", "lambdaApi.routes[0].path"]);
  });

  it("fails npm run generate with the file, the field and the fix", () => {
    const copy = copySchema(REAL_SCHEMA);
    editYaml(copy, "wire.yaml", (d) => {
      d.lambdaApi.routes[0].path = "/2015-03-31/functions/{Function}/invocations";
    });
    expect(() => irOf(copy)).toThrow(/schema\/wire\.yaml at lambdaApi\.routes\[0\]\.path: \{Function\} in .* is not a path parameter: declare it in lambdaApi\.pathParameters \(declared: FunctionName, DurableExecutionArn, CallbackId\)/);
  });
});

describe("the route table the generator emits", () => {
  it("orders path shapes by literal segments, so an action route wins over the bare multi-segment one", () => {
    const shapes = routeShapes(irOf(copySchema(REAL_SCHEMA)).ir.lambdaApi!);
    const position = (operation: string) => shapes.findIndex((s) => s.byMethod.some(([, op]) => op === operation));
    expect(position("GetDurableExecutionState")).toBeLessThan(position("GetDurableExecution"));
    expect(position("StopDurableExecution")).toBeLessThan(position("GetDurableExecution"));
    expect(shapes.every((s) => s.byMethod.length === 1)).toBe(true);
  });

  it("LAMBDA_ROUTES holds each route as the schema declares it", () => {
    expect(LAMBDA_ROUTES.GetDurableExecutionHistory).toEqual({
      operation: "GetDurableExecutionHistory",
      method: "GET",
      path: "/2025-12-01/durable-executions/{DurableExecutionArn}/history",
      apiVersion: "2025-12-01",
      pathParameters: ["DurableExecutionArn"],
      query: { IncludeExecutionData: "boolean", MaxItems: "integer", Marker: "string", ReverseOrder: "boolean" },
      status: 200,
    });
    expect(LAMBDA_ROUTES.Invoke).toMatchObject({ status: 200, statuses: { Event: 202, DryRun: 204 } });
    expect(lambdaRoutePath("SendDurableExecutionCallbackHeartbeat", { CallbackId: "a/b" })).toBe("/2025-12-01/durable-execution-callbacks/a%2Fb/heartbeat");
    expect(lambdaRoutePath("ListFunctions", {})).toBe("/2015-03-31/functions");
  });
});

/**
 * The routes of schema/wire.yaml (`lambdaApi.routes`, generated into LAMBDA_ROUTES) against the real
 * `@aws-sdk/client-lambda`: for every route, the request the SDK's serializer builds for that command
 * (captured before it is sent) must be matched by matchLambdaRoute to the same operation, method and path
 * parameters; its query names must be the route's, each value read back as the route's declared type; and
 * lambdaRoutePath must build the very path the SDK sends. That is the proof the schema's table is
 * Lambda's. A route the SDK has no case for here fails too (the table must cover LAMBDA_ROUTES).
 */
import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionCommand,
  GetDurableExecutionHistoryCommand,
  GetDurableExecutionStateCommand,
  InvokeCommand,
  LambdaClient,
  ListDurableExecutionsByFunctionCommand,
  ListFunctionsCommand,
  SendDurableExecutionCallbackFailureCommand,
  SendDurableExecutionCallbackHeartbeatCommand,
  SendDurableExecutionCallbackSuccessCommand,
  StopDurableExecutionCommand,
} from "@aws-sdk/client-lambda";
import { describe, expect, it } from "vitest";
import { InvocationType } from "../../src/generated/enums.js";
import { LAMBDA_ROUTES, lambdaRoutePath, matchLambdaRoute, type LambdaOperation, type LambdaPathParameters, type LambdaRouteQuery } from "../../src/generated/lambda-api.js";
import { RouteQuery } from "../../src/local/http/routes.js";
import { Query } from "../../src/local/http/wire.js";

const ARN = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST/durable-execution/run-1/3f8a2c4e-1b2d";
const FUNCTION = "arn:aws:lambda:us-east-1:123456789012:function:orders:$LATEST";
const CALLBACK = "eyJhIjoxfQ+/x=";
const AFTER = new Date("2026-01-02T03:04:05.000Z");
const BEFORE = new Date("2026-02-03T04:05:06.000Z");

/** Each route's command, with every path and query parameter set, and the values they must read back as. */
interface Case<Op extends LambdaOperation> {
  command: object;
  params: LambdaPathParameters<Op>;
  query: { [Name in keyof LambdaRouteQuery<Op>]: unknown };
}
const CASES: { [Op in LambdaOperation]: Case<Op> } = {
  Invoke: {
    command: new InvokeCommand({ FunctionName: FUNCTION, Qualifier: "$LATEST", Payload: new TextEncoder().encode("{}") }),
    params: { FunctionName: FUNCTION },
    query: { Qualifier: "$LATEST" },
  },
  ListFunctions: {
    command: new ListFunctionsCommand({ MasterRegion: "ALL", FunctionVersion: "ALL", Marker: "m-1", MaxItems: 7 }),
    params: {},
    query: { MasterRegion: "ALL", FunctionVersion: "ALL", Marker: "m-1", MaxItems: 7 },
  },
  GetDurableExecution: {
    command: new GetDurableExecutionCommand({ DurableExecutionArn: ARN, IncludeExecutionData: true }),
    params: { DurableExecutionArn: ARN },
    query: { IncludeExecutionData: true },
  },
  GetDurableExecutionHistory: {
    command: new GetDurableExecutionHistoryCommand({ DurableExecutionArn: ARN, IncludeExecutionData: false, MaxItems: 3, Marker: "m-2", ReverseOrder: true }),
    params: { DurableExecutionArn: ARN },
    query: { IncludeExecutionData: false, MaxItems: 3, Marker: "m-2", ReverseOrder: true },
  },
  GetDurableExecutionState: {
    command: new GetDurableExecutionStateCommand({ DurableExecutionArn: ARN, CheckpointToken: "tok/en+=", Marker: "m-3", MaxItems: 9 }),
    params: { DurableExecutionArn: ARN },
    query: { CheckpointToken: "tok/en+=", Marker: "m-3", MaxItems: 9 },
  },
  CheckpointDurableExecution: {
    command: new CheckpointDurableExecutionCommand({ DurableExecutionArn: ARN, CheckpointToken: "tok", Updates: [] }),
    params: { DurableExecutionArn: ARN },
    query: {},
  },
  StopDurableExecution: {
    command: new StopDurableExecutionCommand({ DurableExecutionArn: ARN, Error: { ErrorMessage: "stop" } }),
    params: { DurableExecutionArn: ARN },
    query: {},
  },
  ListDurableExecutionsByFunction: {
    command: new ListDurableExecutionsByFunctionCommand({
      FunctionName: FUNCTION,
      Qualifier: "$LATEST",
      DurableExecutionName: "run-1",
      Statuses: ["RUNNING", "FAILED"],
      StartedAfter: AFTER,
      StartedBefore: BEFORE,
      ReverseOrder: false,
      Marker: "m-4",
      MaxItems: 11,
    }),
    params: { FunctionName: FUNCTION },
    query: {
      Qualifier: "$LATEST",
      DurableExecutionName: "run-1",
      Statuses: ["RUNNING", "FAILED"],
      StartedAfter: AFTER.getTime(),
      StartedBefore: BEFORE.getTime(),
      ReverseOrder: false,
      Marker: "m-4",
      MaxItems: 11,
    },
  },
  SendDurableExecutionCallbackSuccess: {
    command: new SendDurableExecutionCallbackSuccessCommand({ CallbackId: CALLBACK, Result: new TextEncoder().encode('"ok"') }),
    params: { CallbackId: CALLBACK },
    query: {},
  },
  SendDurableExecutionCallbackFailure: {
    command: new SendDurableExecutionCallbackFailureCommand({ CallbackId: CALLBACK, Error: { ErrorMessage: "no" } }),
    params: { CallbackId: CALLBACK },
    query: {},
  },
  SendDurableExecutionCallbackHeartbeat: {
    command: new SendDurableExecutionCallbackHeartbeatCommand({ CallbackId: CALLBACK }),
    params: { CallbackId: CALLBACK },
    query: {},
  },
};

const CAPTURED = "request captured before sending";

/** What the test reads of the SDK's HttpRequest. */
interface HttpRequest {
  method: string;
  path: string;
  query?: Record<string, string | string[] | null>;
}

/** The HTTP request the real client's serializer builds for `command` (it is never sent). */
async function serialized(command: object): Promise<HttpRequest> {
  let request: HttpRequest | undefined;
  const client = new LambdaClient({
    region: "us-east-1",
    endpoint: "http://127.0.0.1:9",
    credentials: { accessKeyId: "test", secretAccessKey: "test" },
    maxAttempts: 1,
    requestHandler: {
      handle: async (captured: HttpRequest) => {
        request = captured;
        throw new Error(CAPTURED);
      },
    },
  });
  try {
    // Justified cast: each CASES entry holds a command of this client; send's overloads take one command type at a time.
    await expect(client.send(command as InvokeCommand)).rejects.toThrow(CAPTURED);
  } finally {
    client.destroy();
  }
  return request!;
}

describe("LAMBDA_ROUTES against @aws-sdk/client-lambda's serializers", () => {
  it("has a case for every route", () => {
    expect(Object.keys(CASES).sort()).toEqual(Object.keys(LAMBDA_ROUTES).sort());
  });

  it.each(Object.keys(LAMBDA_ROUTES) as LambdaOperation[])("%s: the SDK's request is matched to its route, parameters and query", async (operation) => {
    const route = LAMBDA_ROUTES[operation];
    const { command, params, query } = CASES[operation];
    const request = await serialized(command);

    expect(request.method).toBe(route.method);
    const match = matchLambdaRoute(request.method, request.path);
    expect(match?.route.operation).toBe(operation);
    expect(match?.route.method).toBe(request.method);
    expect(match?.params).toEqual(params);

    // The SDK sends every query parameter the input sets, and only the route's.
    expect(Object.keys(request.query ?? {}).sort()).toEqual(Object.keys(route.query).sort());
    const search = new URLSearchParams();
    for (const [name, value] of Object.entries(request.query ?? {})) for (const item of Array.isArray(value) ? value : [value]) search.append(name, String(item));
    const routeQuery = new RouteQuery(route.query, new Query(search));
    const read = Object.fromEntries(Object.keys(route.query).map((name) => [name, (routeQuery.get as (name: string) => unknown)(name)]));
    expect(read).toEqual(query);

    // The path builder the UI and other clients use builds what the SDK sends.
    // Justified cast: CASES[operation].params are that operation's path parameters (CASES is typed per operation),
    // a correlation TypeScript does not follow through the union of operations.
    expect(lambdaRoutePath(operation, params as never)).toBe(request.path);
  });
});

describe("Invoke's other statuses (LAMBDA_ROUTES.Invoke.statuses) against @aws-sdk/client-lambda's deserializer", () => {
  it("are keyed by InvocationType, and the client reads each back as the response's StatusCode", async () => {
    const statuses = LAMBDA_ROUTES.Invoke.statuses;
    expect(Object.keys(statuses).every((name) => (Object.values(InvocationType) as string[]).includes(name))).toBe(true);
    expect(statuses).toEqual({ Event: 202, DryRun: 204 });
    for (const [type, status] of Object.entries(statuses)) {
      const client = new LambdaClient({
        region: "us-east-1",
        endpoint: "http://127.0.0.1:9",
        credentials: { accessKeyId: "test", secretAccessKey: "test" },
        maxAttempts: 1,
        requestHandler: { handle: async () => ({ response: { statusCode: status, headers: {}, body: new Uint8Array() } }) },
      });
      try {
        const output = await client.send(new InvokeCommand({ FunctionName: "orders", InvocationType: type as InvocationType }));
        expect(output.StatusCode, type).toBe(status);
      } finally {
        client.destroy();
      }
    }
  });
});

describe("matchLambdaRoute", () => {
  const ENCODED = encodeURIComponent(ARN);

  it("takes an unencoded execution ARN over several segments, and prefers the route with more literal segments", () => {
    expect(matchLambdaRoute("GET", `/2025-12-01/durable-executions/${ARN}`)).toMatchObject({ route: { operation: "GetDurableExecution" }, params: { DurableExecutionArn: ARN } });
    expect(matchLambdaRoute("GET", `/2025-12-01/durable-executions/${ARN}/state`)).toMatchObject({ route: { operation: "GetDurableExecutionState" }, params: { DurableExecutionArn: ARN } });
    // A lone last segment named like an action is the ARN itself: the action's route needs an ARN before it.
    expect(matchLambdaRoute("GET", "/2025-12-01/durable-executions/state")).toMatchObject({ route: { operation: "GetDurableExecution" }, params: { DurableExecutionArn: "state" } });
  });

  it("ignores empty segments (a trailing or doubled slash)", () => {
    expect(matchLambdaRoute("GET", "/2015-03-31/functions/")?.route.operation).toBe("ListFunctions");
    expect(matchLambdaRoute("POST", `//2025-12-01//durable-executions/${ENCODED}/stop/`)).toMatchObject({ route: { operation: "StopDurableExecution" }, params: { DurableExecutionArn: ARN } });
  });

  it("a path no route has is undefined; a route of another method is returned with the methods allowed there", () => {
    for (const path of ["/nothing/here", "/2015-03-31/functions/f/invocations/extra", "/2015-03-31/functions/a/b/invocations", "/2025-12-01/durable-execution-callbacks/a/explode", "/2025-12-01/durable-executions", "/2025-12-01/functions/f/invocations"])
      expect(matchLambdaRoute("POST", path), path).toBeUndefined();
    const wrong = matchLambdaRoute("DELETE", `/2025-12-01/durable-executions/${ENCODED}/checkpoint`);
    expect(wrong).toMatchObject({ route: { operation: "CheckpointDurableExecution", method: "POST" }, allow: ["POST"] });
    // A method named like an Object.prototype member is not a route's method.
    expect(matchLambdaRoute("constructor", "/2015-03-31/functions")?.route.method).toBe("GET");
  });

  it("decodes each parameter segment with the given decoder", () => {
    expect(() =>
      matchLambdaRoute("GET", "/2025-12-01/durable-executions/%E0%A4%A", () => {
        throw new RangeError("bad segment");
      }),
    ).toThrow("bad segment");
    expect(matchLambdaRoute("POST", "/2015-03-31/functions/a%3A1/invocations", (s) => `<${s}>`)?.params).toEqual({ FunctionName: "<a%3A1>" });
  });
});

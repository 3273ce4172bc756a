/**
 * The Lambda REST operations the local HTTP service implements, with the method, URI, query, header
 * and body bindings of `@aws-sdk/client-lambda`'s restJson1 model. The routes (method, path template,
 * path and query parameters, status code) are schema/wire.yaml's `lambdaApi.routes`, generated into
 * LAMBDA_ROUTES (src/generated/lambda-api.ts); this file holds one handler per route and dispatches to
 * it with the generated matcher.
 *
 * An execution ARN contains "/": the SDK percent-encodes it into one path segment; an unencoded ARN
 * (e.g. from curl) is accepted too (a multi-segment path parameter).
 */
import type { IncomingHttpHeaders } from "node:http";
import {
  InvocationType,
  LogType,
  MAX_ASYNC_PAYLOAD_BYTES,
  MAX_CHECKPOINT_REQUEST_BODY_BYTES,
  MAX_CONTROL_REQUEST_BODY_BYTES,
  MAX_FUNCTIONS_PAGE_ITEMS,
  MAX_PAYLOAD_BYTES,
  messagePlainErrorExecutionEndedWithoutError,
} from "../../generated/index.js";
import {
  DURABLE_EXECUTION_ARN_HEADER,
  DURABLE_EXECUTION_NAME_HEADER,
  EXECUTED_VERSION_HEADER,
  FUNCTION_ERROR_HEADER,
  FUNCTION_ERROR_UNHANDLED,
  FUNCTION_NAME_PARAMETER_PATTERN,
  INVOCATION_TYPE_HEADER,
  LAMBDA_ROUTES,
  LOG_TYPE_HEADER,
  matchLambdaRoute,
  TENANT_ID_HEADER,
  type LambdaOperation,
  type LambdaPathParameters,
  type LambdaQueryType,
  type LambdaRouteMatch,
  type LambdaRouteQuery,
} from "../../generated/lambda-api.js";
import { EXECUTION_STATUS_ERROR_TYPES } from "../../generated/service-errors.js";
import { InvalidParameterValueException, ResourceNotFoundException, SERVICE_ERROR_OBJECTS, SERVICE_MESSAGES } from "../errors.js";
import { ExecutionStatus } from "../execution-record.js";
import { withExecutionOperationId } from "../history.js";
import type { LocalDurableService } from "../local-durable-service.js";
import { INCLUDE_EXECUTION_DATA_BY_DEFAULT, paginate, STATE_PAGE_LIMITS } from "../state-query.js";
import { LATEST_VERSION as LATEST } from "../store-constants.js";
import { MethodNotAllowedException, RequestTooLargeException, UnknownOperationException } from "./errors.js";
import { optionalString, parseErrorObject, parseJson, parseObjectBody, parseUpdates, Query, toJsonBody } from "./wire.js";

/** What the operations need from the server. */
export interface ApiContext {
  readonly service: LocalDurableService;
  /** True when a function of that name is registered. */
  hasFunction(name: string): boolean;
  /** The registered functions' names, in registration order. */
  functionNames(): string[];
  functionArn(name: string): string;
  /** How long a RequestResponse invoke waits for the execution to finish. */
  readonly syncInvokeTimeoutMs: number;
}

export interface ApiRequest {
  readonly method: string;
  readonly headers: IncomingHttpHeaders;
  readonly query: Query;
  /** Reads the body, refusing more than `limit` bytes. */
  body(limit: number): Promise<Buffer>;
}

export interface ApiResponse {
  status: number;
  headers?: Record<string, string>;
  body?: string | Buffer;
}

/** A query parameter's value as a handler reads it, by its LambdaQueryType: timestamps in epoch milliseconds, a list as its values. */
interface QueryValues {
  string: string | undefined;
  integer: number | undefined;
  boolean: boolean | undefined;
  list: string[];
  timestamp: number | undefined;
}

/** How a parameter of each LambdaQueryType is read. */
const QUERY_READERS: { readonly [T in LambdaQueryType]: (query: Query, name: string) => QueryValues[T] } = {
  string: (query, name) => query.string(name),
  integer: (query, name) => query.integer(name),
  boolean: (query, name) => query.boolean(name),
  list: (query, name) => query.list(name),
  timestamp: (query, name) => query.timestamp(name),
};

/**
 * The query parameters of one operation's route (`Types`: its LambdaRouteQuery): only the names the schema
 * gives it, each read as its declared type.
 */
export class RouteQuery<Types extends { readonly [name: string]: LambdaQueryType }> {
  constructor(
    private readonly types: Types,
    private readonly query: Query,
  ) {}

  get<Name extends keyof Types & string>(name: Name): QueryValues[Types[Name]] {
    return QUERY_READERS[this.types[name]](this.query, name);
  }
}

/** A request to one operation: its path parameters (decoded) and its typed query. */
interface OperationRequest<Op extends LambdaOperation> extends Omit<ApiRequest, "query"> {
  readonly params: LambdaPathParameters<Op>;
  readonly query: RouteQuery<LambdaRouteQuery<Op>>;
}

type Operation<Op extends LambdaOperation> = (ctx: ApiContext, request: OperationRequest<Op>) => Promise<ApiResponse>;

const EXECUTION_STATUSES = new Set<string>(Object.values(ExecutionStatus));

/** An operation's JSON answer, with its route's success status. */
function json(operation: LambdaOperation, value: unknown): ApiResponse {
  return { status: LAMBDA_ROUTES[operation].status, headers: { "content-type": "application/json" }, body: toJsonBody(value) };
}

function decodeSegment(segment: string): string {
  try {
    return decodeURIComponent(segment);
  } catch {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.malformedPercentEncoding(segment));
  }
}

/** A request header's value; `name` as the schema spells it (Node lowercases incoming names). */
function header(headers: IncomingHttpHeaders, name: string): string | undefined {
  const value = headers[name.toLowerCase()];
  return Array.isArray(value) ? value[0] : value;
}

/** The name of a function given as name, name:qualifier, partial ARN or full ARN; only $LATEST exists. */
export function resolveFunctionName(ctx: ApiContext, given: string, queryQualifier: string | undefined): string {
  const match = FUNCTION_NAME_PARAMETER_PATTERN.exec(given);
  if (!match) throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.functionNameInvalid(JSON.stringify(given)));
  const name = match[1];
  const qualifier = match[2];
  if (qualifier !== undefined && queryQualifier !== undefined && qualifier !== queryQualifier) {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.qualifierMismatch(qualifier, queryQualifier));
  }
  const version = qualifier ?? queryQualifier;
  if (version !== undefined && version !== LATEST) {
    throw new ResourceNotFoundException(SERVICE_MESSAGES.ResourceNotFoundException.functionVersionNotFound(ctx.functionArn(name), version, LATEST));
  }
  return name;
}

function registeredFunction(ctx: ApiContext, given: string, queryQualifier: string | undefined): string {
  const name = resolveFunctionName(ctx, given, queryQualifier);
  if (!ctx.hasFunction(name)) throw new ResourceNotFoundException(SERVICE_MESSAGES.ResourceNotFoundException.functionNotFound(ctx.functionArn(name)));
  return name;
}

// ------------------------------------------------------------------ Invoke

const INVOCATION_TYPES: ReadonlySet<string> = new Set(Object.values(InvocationType));
const LOG_TYPES: ReadonlySet<string> = new Set(Object.values(LogType));
/** The values of a header enum as a message lists them. */
const listed = (values: ReadonlySet<string>): string => [...values].join(", ");

/** The function-error payload Lambda returns for a failed synchronous invocation. */
function functionError(status: ExecutionStatus, error: { ErrorType?: string; ErrorMessage?: string; ErrorData?: string; StackTrace?: string[] } | undefined): string {
  const payload: Record<string, unknown> = {
    errorType: error?.ErrorType ?? EXECUTION_STATUS_ERROR_TYPES[status] ?? Error.name,
    errorMessage: error?.ErrorMessage ?? messagePlainErrorExecutionEndedWithoutError(status),
  };
  if (error?.ErrorData !== undefined) payload.errorData = error.ErrorData;
  if (error?.StackTrace !== undefined) payload.stackTrace = error.StackTrace;
  return JSON.stringify(payload);
}

/**
 * Invoke starts a durable execution. RequestResponse waits until the execution is terminal (as
 * Lambda does for a synchronous durable invoke; bounded by syncInvokeTimeoutMs) and returns its
 * result, or the error with X-Amz-Function-Error; Event answers at once; DryRun only validates (their
 * statuses: LAMBDA_ROUTES.Invoke.statuses). Every response of a started execution carries X-Amz-Durable-Execution-Arn.
 */
const invoke: Operation<"Invoke"> = async (ctx, request) => {
  const type = header(request.headers, INVOCATION_TYPE_HEADER) ?? InvocationType.RequestResponse;
  if (!INVOCATION_TYPES.has(type)) {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.invocationTypeInvalid(listed(INVOCATION_TYPES), JSON.stringify(type)));
  }
  const logType = header(request.headers, LOG_TYPE_HEADER);
  if (logType !== undefined && !LOG_TYPES.has(logType)) {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.logTypeInvalid(listed(LOG_TYPES), JSON.stringify(logType)));
  }
  const functionName = registeredFunction(ctx, request.params.FunctionName, request.query.get("Qualifier"));
  const body = await request.body(MAX_PAYLOAD_BYTES);
  if (type === InvocationType.Event && body.length > MAX_ASYNC_PAYLOAD_BYTES) {
    throw new RequestTooLargeException(SERVICE_MESSAGES.RequestTooLargeException.asyncPayloadTooLarge(MAX_ASYNC_PAYLOAD_BYTES, body.length));
  }
  parseJson(body);
  if (type === InvocationType.DryRun) return { status: LAMBDA_ROUTES.Invoke.statuses.DryRun };
  const arn = ctx.service.startExecution({
    functionName,
    inputPayload: body.length === 0 ? undefined : body.toString("utf8"),
    executionName: header(request.headers, DURABLE_EXECUTION_NAME_HEADER),
    tenantId: header(request.headers, TENANT_ID_HEADER),
  });
  const headers = { [DURABLE_EXECUTION_ARN_HEADER]: arn, [EXECUTED_VERSION_HEADER]: LATEST };
  if (type === InvocationType.Event) return { status: LAMBDA_ROUTES.Invoke.statuses.Event, headers };

  let description;
  try {
    description = await ctx.service.waitForCompletion(arn, { timeoutMs: ctx.syncInvokeTimeoutMs });
  } catch (error) {
    const current = ctx.service.getExecution(arn);
    if (current.Status !== ExecutionStatus.RUNNING) description = current;
    else {
      return {
        status: LAMBDA_ROUTES.Invoke.status,
        headers: { ...headers, "content-type": "application/json", [FUNCTION_ERROR_HEADER]: FUNCTION_ERROR_UNHANDLED },
        body: functionError(current.Status, SERVICE_ERROR_OBJECTS.syncInvokeTimedOut(ctx.syncInvokeTimeoutMs, (error as Error).message)),
      };
    }
  }
  if (description.Status === ExecutionStatus.SUCCEEDED) {
    return { status: LAMBDA_ROUTES.Invoke.status, headers: { ...headers, "content-type": "application/json" }, body: description.Result ?? "null" };
  }
  return {
    status: LAMBDA_ROUTES.Invoke.status,
    headers: { ...headers, "content-type": "application/json", [FUNCTION_ERROR_HEADER]: FUNCTION_ERROR_UNHANDLED },
    body: functionError(description.Status, description.Error),
  };
};

// ------------------------------------------------------------------ ListFunctions

/**
 * ListFunctions: the registered functions as Lambda's FunctionConfiguration (name, ARN, $LATEST),
 * each marked durable; Marker/MaxItems page the list (at most 50 a page, as on Lambda).
 */
const listFunctions: Operation<"ListFunctions"> = async (ctx, request) => {
  const { query } = request;
  const version = query.get("FunctionVersion");
  if (version !== undefined && version !== "ALL") {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.functionVersionInvalid(JSON.stringify(version)));
  }
  const functions = ctx.functionNames().map((name) => ({
    FunctionName: name,
    FunctionArn: ctx.functionArn(name),
    Version: LATEST,
    PackageType: "Zip",
    DurableConfig: {},
  }));
  const page = paginate(functions, query.get("Marker"), query.get("MaxItems"), { defaultSize: MAX_FUNCTIONS_PAGE_ITEMS, maxSize: MAX_FUNCTIONS_PAGE_ITEMS });
  return json("ListFunctions", { Functions: page.items, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}) });
};

// ------------------------------------------------------------------ checkpoint and state

/**
 * CheckpointDurableExecution; a retry with the ClientToken of the execution's last checkpoint gets
 * that checkpoint's response again, another request under that ClientToken is a 409 (see DurableStore.checkpoint).
 */
const checkpoint: Operation<"CheckpointDurableExecution"> = async (ctx, request) => {
  const arn = request.params.DurableExecutionArn;
  const input = parseObjectBody(await request.body(MAX_CHECKPOINT_REQUEST_BODY_BYTES));
  const response = ctx.service.store.checkpoint({
    DurableExecutionArn: arn,
    CheckpointToken: optionalString(input.CheckpointToken, "CheckpointToken"),
    Updates: parseUpdates(input.Updates),
    ClientToken: optionalString(input.ClientToken, "ClientToken"),
  });
  return json("CheckpointDurableExecution", response);
};

const getState: Operation<"GetDurableExecutionState"> = async (ctx, request) => {
  const { query } = request;
  return json(
    "GetDurableExecutionState",
    ctx.service.store.getExecutionState({
      DurableExecutionArn: request.params.DurableExecutionArn,
      CheckpointToken: query.get("CheckpointToken"),
      Marker: query.get("Marker"),
      MaxItems: query.get("MaxItems"),
    }),
  );
};

// ------------------------------------------------------------------ executions

const getExecution: Operation<"GetDurableExecution"> = async (ctx, request) => {
  const arn = request.params.DurableExecutionArn;
  const includeData = request.query.get("IncludeExecutionData") ?? INCLUDE_EXECUTION_DATA_BY_DEFAULT;
  const description: Record<string, unknown> = { ...ctx.service.getExecution(arn) };
  const record = ctx.service.store.getRecord(arn);
  if (!includeData) {
    delete description.InputPayload;
    delete description.Result;
    const error = description.Error as { ErrorType?: string } | undefined;
    if (error) description.Error = error.ErrorType === undefined ? {} : { ErrorType: error.ErrorType };
  }
  description.ExecutionDataIncluded = includeData;
  description.DurableConfig = { ExecutionTimeout: record.executionTimeoutSeconds };
  return json("GetDurableExecution", description);
};

/**
 * GetDurableExecutionHistory. On Lambda, Execution* events carry the EXECUTION operation's Id (the
 * reference testing package's CloudDurableTestRunner refuses events without one), so the wire
 * answer adds it to the service's events.
 */
const getHistory: Operation<"GetDurableExecutionHistory"> = async (ctx, request) => {
  const arn = request.params.DurableExecutionArn;
  const { query } = request;
  const page = ctx.service.getDurableExecutionHistory({
    DurableExecutionArn: arn,
    IncludeExecutionData: query.get("IncludeExecutionData"),
    MaxItems: query.get("MaxItems"),
    Marker: query.get("Marker"),
    ReverseOrder: query.get("ReverseOrder"),
  });
  const executionId = ctx.service.store.getRecord(arn).executionOperationId;
  const events = withExecutionOperationId(page.Events, executionId);
  return json("GetDurableExecutionHistory", { ...page, Events: events });
};

/** Newest first by default; ReverseOrder=true lists oldest first (the API's documented order). */
const listExecutions: Operation<"ListDurableExecutionsByFunction"> = async (ctx, request) => {
  const { query } = request;
  const functionName = resolveFunctionName(ctx, request.params.FunctionName, query.get("Qualifier"));
  const all = ctx.service.listExecutions(functionName);
  if (all.length === 0 && !ctx.hasFunction(functionName)) {
    throw new ResourceNotFoundException(SERVICE_MESSAGES.ResourceNotFoundException.functionNotFound(ctx.functionArn(functionName)));
  }
  const name = query.get("DurableExecutionName");
  const statuses = query.get("Statuses");
  for (const status of statuses) {
    if (!EXECUTION_STATUSES.has(status)) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.statusesInvalid([...EXECUTION_STATUSES].join(", "), JSON.stringify(status)));
    }
  }
  const after = query.get("StartedAfter");
  const before = query.get("StartedBefore");
  const wanted = new Set(statuses);
  const matching = all.filter((execution) => {
    const started = execution.StartTimestamp.getTime();
    return (
      (name === undefined || execution.DurableExecutionName === name) &&
      (wanted.size === 0 || wanted.has(execution.Status)) &&
      (after === undefined || started > after) &&
      (before === undefined || started < before)
    );
  });
  if (query.get("ReverseOrder") !== true) matching.reverse();
  const page = paginate(matching, query.get("Marker"), query.get("MaxItems"), STATE_PAGE_LIMITS);
  return json("ListDurableExecutionsByFunction", { DurableExecutions: page.items, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}) });
};

const stopExecution: Operation<"StopDurableExecution"> = async (ctx, request) => {
  const error = parseErrorObject(parseJson(await request.body(MAX_CONTROL_REQUEST_BODY_BYTES)), "Error");
  return json("StopDurableExecution", ctx.service.stopExecution(request.params.DurableExecutionArn, error));
};

// ------------------------------------------------------------------ callbacks

const callbackSuccess: Operation<"SendDurableExecutionCallbackSuccess"> = async (ctx, request) => {
  const result = await request.body(MAX_CONTROL_REQUEST_BODY_BYTES);
  ctx.service.sendCallbackSuccess(request.params.CallbackId, result.length === 0 ? undefined : new Uint8Array(result));
  return json("SendDurableExecutionCallbackSuccess", {});
};

const callbackFailure: Operation<"SendDurableExecutionCallbackFailure"> = async (ctx, request) => {
  const error = parseErrorObject(parseJson(await request.body(MAX_CONTROL_REQUEST_BODY_BYTES)), "Error");
  ctx.service.sendCallbackFailure(request.params.CallbackId, error);
  return json("SendDurableExecutionCallbackFailure", {});
};

const callbackHeartbeat: Operation<"SendDurableExecutionCallbackHeartbeat"> = async (ctx, request) => {
  await request.body(MAX_CONTROL_REQUEST_BODY_BYTES);
  ctx.service.sendCallbackHeartbeat(request.params.CallbackId);
  return json("SendDurableExecutionCallbackHeartbeat", {});
};

// ------------------------------------------------------------------ routing

/** The handler of each route of LAMBDA_ROUTES (a route without one does not compile). */
const OPERATIONS: { readonly [Op in LambdaOperation]: Operation<Op> } = {
  Invoke: invoke,
  ListFunctions: listFunctions,
  GetDurableExecution: getExecution,
  GetDurableExecutionHistory: getHistory,
  GetDurableExecutionState: getState,
  CheckpointDurableExecution: checkpoint,
  StopDurableExecution: stopExecution,
  ListDurableExecutionsByFunction: listExecutions,
  SendDurableExecutionCallbackSuccess: callbackSuccess,
  SendDurableExecutionCallbackFailure: callbackFailure,
  SendDurableExecutionCallbackHeartbeat: callbackHeartbeat,
};

/** A request's route and its handler, ready to run. */
export interface RoutedRequest {
  /** The API operation, e.g. "CheckpointDurableExecution". */
  readonly operation: LambdaOperation;
  run(ctx: ApiContext, request: ApiRequest): Promise<ApiResponse>;
}

/**
 * Finds the operation for a path (raw, percent-encoded segments; LAMBDA_ROUTES) and decodes its path
 * parameters: no route at that path is a 404 UnknownOperationException, a route of another method a 405
 * MethodNotAllowedException with Allow, a malformed percent-encoding a 400.
 */
export function matchRoute(method: string, path: string): RoutedRequest {
  const match = matchLambdaRoute(method, path, decodeSegment);
  if (!match) {
    const segments = path.split("/").filter((segment) => segment.length > 0);
    throw new UnknownOperationException(SERVICE_MESSAGES.UnknownOperationException.noSuchOperation(method, segments.join("/")));
  }
  const { route } = match;
  if (route.method !== method) {
    throw new MethodNotAllowedException(SERVICE_MESSAGES.MethodNotAllowedException.wrongMethod(route.operation, match.allow.join(", "), method), [...match.allow]);
  }
  return {
    operation: route.operation,
    run: (ctx, request) => dispatch(match, ctx, request),
  };
}

/** Runs the handler of the matched operation: LambdaRouteMatch<Op> pairs the operation with its own path parameters and route. */
function dispatch<Op extends LambdaOperation>(match: LambdaRouteMatch<Op>, ctx: ApiContext, request: ApiRequest): Promise<ApiResponse> {
  const handler: Operation<Op> = OPERATIONS[match.operation];
  return handler(ctx, { ...request, params: match.params, query: new RouteQuery(match.route.query, request.query) });
}

/**
 * The Lambda REST operations the local HTTP service implements, with the method, URI, query, header
 * and body bindings of `@aws-sdk/client-lambda`'s restJson1 model:
 *
 * | operation | method and path |
 * |---|---|
 * | Invoke | POST /2015-03-31/functions/{FunctionName}/invocations |
 * | CheckpointDurableExecution | POST /2025-12-01/durable-executions/{DurableExecutionArn}/checkpoint |
 * | GetDurableExecutionState | GET /2025-12-01/durable-executions/{DurableExecutionArn}/state |
 * | GetDurableExecution | GET /2025-12-01/durable-executions/{DurableExecutionArn} |
 * | GetDurableExecutionHistory | GET /2025-12-01/durable-executions/{DurableExecutionArn}/history |
 * | StopDurableExecution | POST /2025-12-01/durable-executions/{DurableExecutionArn}/stop |
 * | ListDurableExecutionsByFunction | GET /2025-12-01/functions/{FunctionName}/durable-executions |
 * | ListFunctions | GET /2015-03-31/functions/ |
 * | SendDurableExecutionCallbackSuccess / Failure / Heartbeat | POST /2025-12-01/durable-execution-callbacks/{CallbackId}/succeed, /fail, /heartbeat |
 *
 * An execution ARN contains "/": the SDK percent-encodes it into one path segment; an unencoded ARN
 * (e.g. from curl) is accepted too.
 */
import type { IncomingHttpHeaders } from "node:http";
import {
  eventOperation,
  InvocationType,
  LogType,
  MAX_ASYNC_PAYLOAD_BYTES,
  MAX_CHECKPOINT_REQUEST_BODY_BYTES,
  MAX_CONTROL_REQUEST_BODY_BYTES,
  MAX_FUNCTIONS_PAGE_ITEMS,
  MAX_PAYLOAD_BYTES,
  messagePlainErrorExecutionEndedWithoutError,
  OperationType,
} from "../../generated/index.js";
import {
  DURABLE_EXECUTION_ARN_HEADER,
  DURABLE_EXECUTION_NAME_HEADER,
  EXECUTED_VERSION_HEADER,
  FUNCTION_ERROR_HEADER,
  FUNCTION_ERROR_UNHANDLED,
  FUNCTION_NAME_PARAMETER_PATTERN,
  INVOCATION_TYPE_HEADER,
  LOG_TYPE_HEADER,
  TENANT_ID_HEADER,
} from "../../generated/lambda-api.js";
import { EXECUTION_STATUS_ERROR_TYPES } from "../../generated/service-errors.js";
import { InvalidParameterValueException, ResourceNotFoundException, SERVICE_ERROR_OBJECTS, SERVICE_MESSAGES } from "../errors.js";
import { ExecutionStatus } from "../execution-record.js";
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

type Operation = (ctx: ApiContext, request: ApiRequest, label: string) => Promise<ApiResponse>;

interface Route {
  readonly name: string;
  readonly method: "GET" | "POST";
  readonly run: Operation;
}

const EXECUTION_STATUSES = new Set<string>(Object.values(ExecutionStatus));

function json(value: unknown, status = 200, headers: Record<string, string> = {}): ApiResponse {
  return { status, headers: { "content-type": "application/json", ...headers }, body: toJsonBody(value) };
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
 * result, or the error with X-Amz-Function-Error; Event returns 202 at once; DryRun only validates
 * (204). Every response of a started execution carries X-Amz-Durable-Execution-Arn.
 */
const invoke: Operation = async (ctx, request, label) => {
  const type = header(request.headers, INVOCATION_TYPE_HEADER) ?? InvocationType.RequestResponse;
  if (!INVOCATION_TYPES.has(type)) {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.invocationTypeInvalid(listed(INVOCATION_TYPES), JSON.stringify(type)));
  }
  const logType = header(request.headers, LOG_TYPE_HEADER);
  if (logType !== undefined && !LOG_TYPES.has(logType)) {
    throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.logTypeInvalid(listed(LOG_TYPES), JSON.stringify(logType)));
  }
  const functionName = registeredFunction(ctx, label, request.query.string("Qualifier"));
  const body = await request.body(MAX_PAYLOAD_BYTES);
  if (type === InvocationType.Event && body.length > MAX_ASYNC_PAYLOAD_BYTES) {
    throw new RequestTooLargeException(SERVICE_MESSAGES.RequestTooLargeException.asyncPayloadTooLarge(MAX_ASYNC_PAYLOAD_BYTES, body.length));
  }
  parseJson(body);
  if (type === InvocationType.DryRun) return { status: 204 };
  const arn = ctx.service.startExecution({
    functionName,
    inputPayload: body.length === 0 ? undefined : body.toString("utf8"),
    executionName: header(request.headers, DURABLE_EXECUTION_NAME_HEADER),
    tenantId: header(request.headers, TENANT_ID_HEADER),
  });
  const headers = { [DURABLE_EXECUTION_ARN_HEADER]: arn, [EXECUTED_VERSION_HEADER]: LATEST };
  if (type === InvocationType.Event) return { status: 202, headers };

  let description;
  try {
    description = await ctx.service.waitForCompletion(arn, { timeoutMs: ctx.syncInvokeTimeoutMs });
  } catch (error) {
    const current = ctx.service.getExecution(arn);
    if (current.Status !== ExecutionStatus.RUNNING) description = current;
    else {
      return {
        status: 200,
        headers: { ...headers, "content-type": "application/json", [FUNCTION_ERROR_HEADER]: FUNCTION_ERROR_UNHANDLED },
        body: functionError(current.Status, SERVICE_ERROR_OBJECTS.syncInvokeTimedOut(ctx.syncInvokeTimeoutMs, (error as Error).message)),
      };
    }
  }
  if (description.Status === ExecutionStatus.SUCCEEDED) {
    return { status: 200, headers: { ...headers, "content-type": "application/json" }, body: description.Result ?? "null" };
  }
  return {
    status: 200,
    headers: { ...headers, "content-type": "application/json", [FUNCTION_ERROR_HEADER]: FUNCTION_ERROR_UNHANDLED },
    body: functionError(description.Status, description.Error),
  };
};

// ------------------------------------------------------------------ ListFunctions

/**
 * ListFunctions: the registered functions as Lambda's FunctionConfiguration (name, ARN, $LATEST),
 * each marked durable; Marker/MaxItems page the list (at most 50 a page, as on Lambda).
 */
const listFunctions: Operation = async (ctx, request) => {
  const { query } = request;
  const version = query.string("FunctionVersion");
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
  const page = paginate(functions, query.string("Marker"), query.integer("MaxItems"), { defaultSize: MAX_FUNCTIONS_PAGE_ITEMS, maxSize: MAX_FUNCTIONS_PAGE_ITEMS });
  return json({ Functions: page.items, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}) });
};

// ------------------------------------------------------------------ checkpoint and state

/**
 * CheckpointDurableExecution; a retry with the ClientToken of the execution's last checkpoint gets
 * that checkpoint's response again, another request under that ClientToken is a 409 (see DurableStore.checkpoint).
 */
const checkpoint: Operation = async (ctx, request, arn) => {
  const input = parseObjectBody(await request.body(MAX_CHECKPOINT_REQUEST_BODY_BYTES));
  const response = ctx.service.store.checkpoint({
    DurableExecutionArn: arn,
    CheckpointToken: optionalString(input.CheckpointToken, "CheckpointToken") as string,
    Updates: parseUpdates(input.Updates),
    ClientToken: optionalString(input.ClientToken, "ClientToken"),
  });
  return json(response);
};

const getState: Operation = async (ctx, request, arn) => {
  const { query } = request;
  return json(
    ctx.service.store.getExecutionState({
      DurableExecutionArn: arn,
      CheckpointToken: query.string("CheckpointToken") as string,
      Marker: query.string("Marker"),
      MaxItems: query.integer("MaxItems"),
    }),
  );
};

// ------------------------------------------------------------------ executions

const getExecution: Operation = async (ctx, request, arn) => {
  const includeData = request.query.boolean("IncludeExecutionData") ?? INCLUDE_EXECUTION_DATA_BY_DEFAULT;
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
  return json(description);
};

/**
 * GetDurableExecutionHistory. On Lambda, Execution* events carry the EXECUTION operation's Id (the
 * reference testing package's CloudDurableTestRunner refuses events without one), so the wire
 * answer adds it to the service's events.
 */
const getHistory: Operation = async (ctx, request, arn) => {
  const { query } = request;
  const page = ctx.service.getDurableExecutionHistory({
    DurableExecutionArn: arn,
    IncludeExecutionData: query.boolean("IncludeExecutionData"),
    MaxItems: query.integer("MaxItems"),
    Marker: query.string("Marker"),
    ReverseOrder: query.boolean("ReverseOrder"),
  });
  const executionId = ctx.service.store.getRecord(arn).executionOperationId;
  const events = page.Events.map((event) =>
    event.Id === undefined && eventOperation(event.EventType)?.type === OperationType.EXECUTION ? { ...event, Id: executionId } : event,
  );
  return json({ ...page, Events: events });
};

/** Newest first by default; ReverseOrder=true lists oldest first (the API's documented order). */
const listExecutions: Operation = async (ctx, request, label) => {
  const { query } = request;
  const functionName = resolveFunctionName(ctx, label, query.string("Qualifier"));
  const all = ctx.service.listExecutions(functionName);
  if (all.length === 0 && !ctx.hasFunction(functionName)) {
    throw new ResourceNotFoundException(SERVICE_MESSAGES.ResourceNotFoundException.functionNotFound(ctx.functionArn(functionName)));
  }
  const name = query.string("DurableExecutionName");
  const statuses = query.list("Statuses");
  for (const status of statuses) {
    if (!EXECUTION_STATUSES.has(status)) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.statusesInvalid([...EXECUTION_STATUSES].join(", "), JSON.stringify(status)));
    }
  }
  const after = query.timestamp("StartedAfter");
  const before = query.timestamp("StartedBefore");
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
  if (query.boolean("ReverseOrder") !== true) matching.reverse();
  const page = paginate(matching, query.string("Marker"), query.integer("MaxItems"), STATE_PAGE_LIMITS);
  return json({ DurableExecutions: page.items, ...(page.nextMarker !== undefined ? { NextMarker: page.nextMarker } : {}) });
};

const stopExecution: Operation = async (ctx, request, arn) => {
  const error = parseErrorObject(parseJson(await request.body(MAX_CONTROL_REQUEST_BODY_BYTES)), "Error");
  return json(ctx.service.stopExecution(arn, error));
};

// ------------------------------------------------------------------ callbacks

const callbackSuccess: Operation = async (ctx, request, callbackId) => {
  const result = await request.body(MAX_CONTROL_REQUEST_BODY_BYTES);
  ctx.service.sendCallbackSuccess(callbackId, result.length === 0 ? undefined : new Uint8Array(result));
  return json({});
};

const callbackFailure: Operation = async (ctx, request, callbackId) => {
  const error = parseErrorObject(parseJson(await request.body(MAX_CONTROL_REQUEST_BODY_BYTES)), "Error");
  ctx.service.sendCallbackFailure(callbackId, error);
  return json({});
};

const callbackHeartbeat: Operation = async (ctx, request, callbackId) => {
  await request.body(MAX_CONTROL_REQUEST_BODY_BYTES);
  ctx.service.sendCallbackHeartbeat(callbackId);
  return json({});
};

// ------------------------------------------------------------------ routing

const EXECUTION_ACTIONS: Record<string, Route> = {
  checkpoint: { name: "CheckpointDurableExecution", method: "POST", run: checkpoint },
  state: { name: "GetDurableExecutionState", method: "GET", run: getState },
  history: { name: "GetDurableExecutionHistory", method: "GET", run: getHistory },
  stop: { name: "StopDurableExecution", method: "POST", run: stopExecution },
};
const GET_EXECUTION: Route = { name: "GetDurableExecution", method: "GET", run: getExecution };
const CALLBACK_ACTIONS: Record<string, Route> = {
  succeed: { name: "SendDurableExecutionCallbackSuccess", method: "POST", run: callbackSuccess },
  fail: { name: "SendDurableExecutionCallbackFailure", method: "POST", run: callbackFailure },
  heartbeat: { name: "SendDurableExecutionCallbackHeartbeat", method: "POST", run: callbackHeartbeat },
};
const INVOKE: Route = { name: "Invoke", method: "POST", run: invoke };
const LIST_EXECUTIONS: Route = { name: "ListDurableExecutionsByFunction", method: "GET", run: listExecutions };
const LIST_FUNCTIONS: Route = { name: "ListFunctions", method: "GET", run: listFunctions };

/** Finds the operation for a path (raw, percent-encoded segments) and decodes its label. */
export function matchRoute(method: string, path: string): { route: Route; label: string } {
  const segments = path.split("/").filter((segment) => segment.length > 0);
  const [version, collection, ...rest] = segments;
  let found: { route: Route; label: string } | undefined;
  if (version === "2015-03-31" && collection === "functions" && rest.length === 0) {
    found = { route: LIST_FUNCTIONS, label: "" };
  } else if (version === "2015-03-31" && collection === "functions" && rest.length === 2 && rest[1] === "invocations") {
    found = { route: INVOKE, label: decodeSegment(rest[0]) };
  } else if (version === "2025-12-01" && rest.length > 0) {
    if (collection === "functions" && rest.length === 2 && rest[1] === "durable-executions") {
      found = { route: LIST_EXECUTIONS, label: decodeSegment(rest[0]) };
    } else if (collection === "durable-execution-callbacks" && rest.length === 2 && Object.hasOwn(CALLBACK_ACTIONS, rest[1])) {
      found = { route: CALLBACK_ACTIONS[rest[1]], label: decodeSegment(rest[0]) };
    } else if (collection === "durable-executions") {
      const action = rest.length > 1 && Object.hasOwn(EXECUTION_ACTIONS, rest[rest.length - 1]) ? EXECUTION_ACTIONS[rest[rest.length - 1]] : undefined;
      const arnSegments = action ? rest.slice(0, -1) : rest;
      found = { route: action ?? GET_EXECUTION, label: arnSegments.map(decodeSegment).join("/") };
    }
  }
  if (!found) throw new UnknownOperationException(SERVICE_MESSAGES.UnknownOperationException.noSuchOperation(method, segments.join("/")));
  if (found.route.method !== method) {
    throw new MethodNotAllowedException(SERVICE_MESSAGES.MethodNotAllowedException.wrongMethod(found.route.name, found.route.method, method), [found.route.method]);
  }
  return found;
}

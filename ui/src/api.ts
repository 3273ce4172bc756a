/**
 * The UI's only way to the server: the public Lambda API routes (the same ones the AWS SDK and the
 * `durable` CLI use), on the origin that served the page. Every request goes through `request()`,
 * so a header the server may require later (e.g. a token) is added in one place.
 */
import {
  DURABLE_EXECUTION_ARN_HEADER,
  DURABLE_EXECUTION_NAME_HEADER,
  ERROR_TYPE_HEADER,
  INVOCATION_TYPE_HEADER,
  lambdaRoutePath,
  LAMBDA_ROUTES,
  type LambdaOperation,
  type LambdaPathParameters,
  type LambdaRouteQuery,
} from "../../src/generated/lambda-api.js";
import type { WireErrorObject, WireEvent, WireExecution } from "./model.js";

/** An error answer of the API: Lambda's exception name (x-amzn-errortype) and message. */
export class ApiError extends Error {
  constructor(
    readonly type: string,
    message: string,
    readonly status: number,
  ) {
    super(message);
    this.name = "ApiError";
  }
}

interface RequestOptions<Op extends LambdaOperation> {
  /** The operation's path parameters (its route's `{Name}` segments). */
  params: LambdaPathParameters<Op>;
  /** Only the query parameters the operation's route reads (schema/wire.yaml lambdaApi.routes). */
  query?: { [Name in keyof LambdaRouteQuery<Op>]?: string | string[] | number | boolean | undefined };
  body?: string;
  headers?: Record<string, string>;
}

/** Sends one Lambda API operation: the method and path of its route in LAMBDA_ROUTES. */
async function request<Op extends LambdaOperation>(operation: Op, options: RequestOptions<Op>): Promise<Response> {
  const route = LAMBDA_ROUTES[operation];
  const url = new URL(lambdaRoutePath(operation, options.params), window.location.origin);
  for (const [key, value] of Object.entries(options.query ?? {})) {
    if (value === undefined) continue;
    for (const item of Array.isArray(value) ? value : [value]) url.searchParams.append(key, String(item));
  }
  let response: Response;
  try {
    response = await fetch(url, {
      method: route.method,
      headers: { ...(options.body !== undefined ? { "content-type": "application/json" } : {}), ...options.headers },
      body: options.body,
      cache: "no-store",
    });
  } catch (error) {
    throw new ApiError("NetworkError", `The dev server at ${window.location.origin} does not answer (${(error as Error).message}). Is durable dev still running?`, 0);
  }
  if (!response.ok) {
    const type = response.headers.get(ERROR_TYPE_HEADER) ?? `HTTP ${response.status}`;
    let message = response.statusText;
    try {
      const body = (await response.json()) as { message?: string; Message?: string };
      message = body.message ?? body.Message ?? message;
    } catch {
      // not a JSON error body
    }
    throw new ApiError(type, message, response.status);
  }
  return response;
}

async function json<T, Op extends LambdaOperation>(operation: Op, options: RequestOptions<Op>): Promise<T> {
  return (await (await request(operation, options)).json()) as T;
}

/** ListFunctions: the names of the functions the server runs. */
export async function listFunctions(): Promise<string[]> {
  const names: string[] = [];
  let marker: string | undefined;
  do {
    const page = await json<{ Functions?: { FunctionName: string }[]; NextMarker?: string }, "ListFunctions">("ListFunctions", { params: {}, query: { Marker: marker } });
    names.push(...(page.Functions ?? []).map((fn) => fn.FunctionName));
    marker = page.NextMarker;
  } while (marker);
  return names;
}

/** ListDurableExecutionsByFunction, every page: newest first. */
export async function listExecutions(functionName: string, statuses: readonly string[] = []): Promise<WireExecution[]> {
  const all: WireExecution[] = [];
  let marker: string | undefined;
  do {
    const page = await json<{ DurableExecutions?: WireExecution[]; NextMarker?: string }, "ListDurableExecutionsByFunction">("ListDurableExecutionsByFunction", {
      params: { FunctionName: functionName },
      query: { Statuses: [...statuses], MaxItems: 1000, Marker: marker },
    });
    all.push(...(page.DurableExecutions ?? []));
    marker = page.NextMarker;
  } while (marker);
  return all;
}

/** GetDurableExecution with its data (input, result, error). */
export function getExecution(arn: string): Promise<WireExecution> {
  return json<WireExecution, "GetDurableExecution">("GetDurableExecution", { params: { DurableExecutionArn: arn }, query: { IncludeExecutionData: true } });
}

/** GetDurableExecutionHistory, every page, oldest first, with payloads. */
export async function getHistory(arn: string): Promise<WireEvent[]> {
  const events: WireEvent[] = [];
  let marker: string | undefined;
  do {
    const page = await json<{ Events?: WireEvent[]; NextMarker?: string }, "GetDurableExecutionHistory">("GetDurableExecutionHistory", {
      params: { DurableExecutionArn: arn },
      query: { IncludeExecutionData: true, MaxItems: 1000, Marker: marker },
    });
    events.push(...(page.Events ?? []));
    marker = page.NextMarker;
  } while (marker);
  return events;
}

/** Invoke (Event): starts an execution and returns its ARN. */
export async function startExecution(functionName: string, input: string, executionName?: string): Promise<string> {
  const response = await request("Invoke", {
    params: { FunctionName: functionName },
    body: input,
    headers: { [INVOCATION_TYPE_HEADER]: "Event", ...(executionName ? { [DURABLE_EXECUTION_NAME_HEADER]: executionName } : {}) },
  });
  const arn = response.headers.get(DURABLE_EXECUTION_ARN_HEADER);
  if (!arn) throw new ApiError("MissingHeader", `The server started the execution but sent no ${DURABLE_EXECUTION_ARN_HEADER} header`, response.status);
  return arn;
}

/** StopDurableExecution. */
export async function stopExecution(arn: string, error?: WireErrorObject): Promise<void> {
  await request("StopDurableExecution", { params: { DurableExecutionArn: arn }, body: JSON.stringify(error ?? {}) });
}

/** SendDurableExecutionCallbackSuccess with the result text (sent as it is). */
export async function sendCallbackSuccess(callbackId: string, result: string): Promise<void> {
  await request("SendDurableExecutionCallbackSuccess", { params: { CallbackId: callbackId }, body: result });
}

/** SendDurableExecutionCallbackFailure. */
export async function sendCallbackFailure(callbackId: string, error: WireErrorObject): Promise<void> {
  await request("SendDurableExecutionCallbackFailure", { params: { CallbackId: callbackId }, body: JSON.stringify(error) });
}

/** SendDurableExecutionCallbackHeartbeat. */
export async function sendCallbackHeartbeat(callbackId: string): Promise<void> {
  await request("SendDurableExecutionCallbackHeartbeat", { params: { CallbackId: callbackId }, body: "" });
}

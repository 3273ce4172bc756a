/**
 * The restJson1 wire format of the Lambda API as the local HTTP service speaks it: JSON bodies with
 * timestamps as epoch seconds, typed query parameters, and shape checks for request bodies (a wrong
 * type is answered with a 400 naming the field, never passed on to the service).
 */
import type { IncomingMessage } from "node:http";
import type { ErrorObject, OperationUpdate } from "../../generated/index.js";
import { InvalidParameterValueException } from "../errors.js";
import { InvalidRequestContentException, RequestTooLargeException } from "./errors.js";

export const MIB = 1024 * 1024;

/** JSON text of a response body: Dates become epoch seconds (restJson1's default timestamp format). */
export function toJsonBody(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : converted;
  });
}

/** Reads the whole request body; rejects with RequestTooLargeException past `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      reject(new RequestTooLargeException(`Request body of ${declared} bytes exceeds the limit of ${limit} bytes`));
      return;
    }
    if (request.destroyed && !request.complete) {
      reject(new Error("The client closed the connection before sending the whole request body"));
      return;
    }
    const chunks: Buffer[] = [];
    let size = 0;
    let failed = false;
    request.on("data", (chunk: Buffer) => {
      if (failed) return;
      size += chunk.length;
      if (size > limit) {
        failed = true;
        reject(new RequestTooLargeException(`Request body exceeds the limit of ${limit} bytes`));
        return;
      }
      chunks.push(chunk);
    });
    request.on("end", () => {
      if (!failed) resolve(Buffer.concat(chunks, size));
    });
    request.on("error", (error) => {
      if (!failed) reject(error);
      failed = true;
    });
    request.on("close", () => {
      // The client went away before sending the whole body.
      if (!failed && !request.complete) reject(new Error("The client closed the connection before sending the whole request body"));
      failed = true;
    });
  });
}

/** Parses a JSON body; an empty body is `undefined`. */
export function parseJson(body: Buffer): unknown {
  if (body.length === 0) return undefined;
  try {
    return JSON.parse(body.toString("utf8"));
  } catch (error) {
    throw new InvalidRequestContentException(`Could not parse request body into json: ${(error as Error).message}`);
  }
}

function typeName(value: unknown): string {
  if (value === null) return "null";
  if (Array.isArray(value)) return "array";
  return typeof value;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** A JSON object body (an empty body counts as `{}`). */
export function parseObjectBody(body: Buffer): Record<string, unknown> {
  const value = parseJson(body);
  if (value === undefined) return {};
  if (!isPlainObject(value)) throw new InvalidRequestContentException(`Request body must be a JSON object (got ${typeName(value)})`);
  return value;
}

function invalid(field: string, expected: string, value: unknown): never {
  throw new InvalidParameterValueException(`${field} must be ${expected} (got ${typeName(value)})`);
}

/** An optional string member (null = absent). */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") invalid(field, "a string", value);
  return value;
}

function optionalInteger(value: unknown, field: string): number | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "number" || !Number.isInteger(value)) invalid(field, "an integer", value);
  return value;
}

function optionalBoolean(value: unknown, field: string): boolean | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "boolean") invalid(field, "a boolean", value);
  return value;
}

/** An optional ErrorObject member: string fields and a StackTrace list of strings. */
export function parseErrorObject(value: unknown, field: string): ErrorObject | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) invalid(field, "an ErrorObject (a JSON object)", value);
  const error: ErrorObject = {};
  const message = optionalString(value.ErrorMessage, `${field}.ErrorMessage`);
  const type = optionalString(value.ErrorType, `${field}.ErrorType`);
  const data = optionalString(value.ErrorData, `${field}.ErrorData`);
  if (message !== undefined) error.ErrorMessage = message;
  if (type !== undefined) error.ErrorType = type;
  if (data !== undefined) error.ErrorData = data;
  if (value.StackTrace !== undefined && value.StackTrace !== null) {
    const trace = value.StackTrace;
    if (!Array.isArray(trace) || trace.some((line) => typeof line !== "string")) invalid(`${field}.StackTrace`, "a list of strings", trace);
    error.StackTrace = trace as string[];
  }
  return error;
}

function optionalObject(value: unknown, field: string): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  if (!isPlainObject(value)) invalid(field, "a JSON object", value);
  return value;
}

/** Checks the member types of CheckpointDurableExecution's `Updates` (the rules are the service's). */
export function parseUpdates(value: unknown): OperationUpdate[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) invalid("Updates", "a list of operation updates", value);
  value.forEach((update: unknown, index) => {
    const at = `Updates[${index}]`;
    if (!isPlainObject(update)) invalid(at, "an operation update (a JSON object)", update);
    for (const key of ["Id", "Type", "Action", "ParentId", "Name", "SubType", "Payload"]) optionalString(update[key], `${at}.${key}`);
    parseErrorObject(update.Error, `${at}.Error`);
    const context = optionalObject(update.ContextOptions, `${at}.ContextOptions`);
    optionalBoolean(context?.ReplayChildren, `${at}.ContextOptions.ReplayChildren`);
    const step = optionalObject(update.StepOptions, `${at}.StepOptions`);
    optionalInteger(step?.NextAttemptDelaySeconds, `${at}.StepOptions.NextAttemptDelaySeconds`);
    const wait = optionalObject(update.WaitOptions, `${at}.WaitOptions`);
    optionalInteger(wait?.WaitSeconds, `${at}.WaitOptions.WaitSeconds`);
    const callback = optionalObject(update.CallbackOptions, `${at}.CallbackOptions`);
    optionalInteger(callback?.TimeoutSeconds, `${at}.CallbackOptions.TimeoutSeconds`);
    optionalInteger(callback?.HeartbeatTimeoutSeconds, `${at}.CallbackOptions.HeartbeatTimeoutSeconds`);
    const invoke = optionalObject(update.ChainedInvokeOptions, `${at}.ChainedInvokeOptions`);
    optionalString(invoke?.FunctionName, `${at}.ChainedInvokeOptions.FunctionName`);
    optionalString(invoke?.TenantId, `${at}.ChainedInvokeOptions.TenantId`);
  });
  return value as OperationUpdate[];
}

/** Query parameters of one request, read with the type each operation declares. */
export class Query {
  constructor(private readonly params: URLSearchParams) {}

  /** A single-valued parameter (given twice is an error). */
  string(name: string): string | undefined {
    const values = this.params.getAll(name);
    if (values.length > 1) throw new InvalidParameterValueException(`Query parameter ${name} was given ${values.length} times; give it once`);
    return values[0];
  }

  list(name: string): string[] {
    return this.params.getAll(name);
  }

  integer(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw new InvalidParameterValueException(`Query parameter ${name} must be an integer (got "${text}")`);
    return Number(text);
  }

  boolean(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text !== "true" && text !== "false") throw new InvalidParameterValueException(`Query parameter ${name} must be true or false (got "${text}")`);
    return text === "true";
  }

  /** An ISO 8601 date-time (the AWS SDK's format for query timestamps) or epoch seconds. */
  timestamp(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const time = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
    if (!Number.isFinite(time)) throw new InvalidParameterValueException(`Query parameter ${name} must be an ISO 8601 timestamp (got "${text}")`);
    return time;
  }
}

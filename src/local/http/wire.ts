/**
 * The restJson1 wire format of the Lambda API as the local HTTP service speaks it: JSON bodies with
 * timestamps as epoch seconds, typed query parameters, and shape checks for request bodies (a wrong
 * type is answered with a 400 naming the field, never passed on to the service).
 */
import type { IncomingMessage } from "node:http";
import { wireErrorObjectProblem, wireOperationUpdateProblem, type ErrorObject, type OperationUpdate, type WireProblem } from "../../generated/index.js";
import { InvalidParameterValueException, SERVICE_MESSAGES } from "../errors.js";
import { InvalidRequestContentException, RequestTooLargeException } from "./errors.js";

/** JSON text of a response body: Dates become epoch seconds (restJson1's default timestamp format). */
export function toJsonBody(value: unknown): string {
  return JSON.stringify(value, function (this: Record<string, unknown>, key: string, converted: unknown) {
    const raw = this[key];
    return raw instanceof Date ? raw.getTime() / 1000 : converted;
  });
}

/** The request body's read failed because the client hung up: the connection is gone, so no response is sent. */
const clientWentAway = (): Error => new Error("The client closed the connection before sending the whole request body");

/** Reads the whole request body; rejects with RequestTooLargeException past `limit` bytes. */
export function readBody(request: IncomingMessage, limit: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const declared = Number(request.headers["content-length"]);
    if (Number.isFinite(declared) && declared > limit) {
      request.resume();
      reject(new RequestTooLargeException(SERVICE_MESSAGES.RequestTooLargeException.declaredBodyTooLarge(declared, limit)));
      return;
    }
    if (request.destroyed && !request.complete) {
      reject(clientWentAway());
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
        reject(new RequestTooLargeException(SERVICE_MESSAGES.RequestTooLargeException.bodyTooLarge(limit)));
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
      if (!failed && !request.complete) reject(clientWentAway());
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
    throw new InvalidRequestContentException(SERVICE_MESSAGES.InvalidRequestContentException.bodyNotJson((error as Error).message));
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
  if (!isPlainObject(value)) throw new InvalidRequestContentException(SERVICE_MESSAGES.InvalidRequestContentException.bodyNotObject(typeName(value)));
  return value;
}

function invalid(field: string, expected: string, value: unknown): never {
  throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.fieldTypeInvalid(field, expected, typeName(value)));
}

/** A problem found by a generated wire checker (schema/wire.yaml) as the service's 400. */
function rejectProblem(problem: WireProblem | undefined): void {
  if (problem) throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.fieldTypeInvalid(problem.field, problem.expected, problem.got));
}

/** An optional string member (null = absent). */
export function optionalString(value: unknown, field: string): string | undefined {
  if (value === undefined || value === null) return undefined;
  if (typeof value !== "string") invalid(field, "a string", value);
  return value;
}

/** An optional ErrorObject member: string fields and a StackTrace list of strings. */
export function parseErrorObject(value: unknown, field: string): ErrorObject | undefined {
  rejectProblem(wireErrorObjectProblem(value, field));
  if (!isPlainObject(value)) return undefined;
  // Checked above: each member is a string (a list of strings for StackTrace) or absent/null.
  const error: ErrorObject = {};
  if (typeof value.ErrorMessage === "string") error.ErrorMessage = value.ErrorMessage;
  if (typeof value.ErrorType === "string") error.ErrorType = value.ErrorType;
  if (typeof value.ErrorData === "string") error.ErrorData = value.ErrorData;
  if (Array.isArray(value.StackTrace)) error.StackTrace = value.StackTrace as string[];
  return error;
}

/** Checks the member types of CheckpointDurableExecution's `Updates` (the rules are the service's). */
export function parseUpdates(value: unknown): OperationUpdate[] | undefined {
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) invalid("Updates", "a list of operation updates", value);
  // Field names, types and enum values come from schema/wire.yaml and enums.yaml (src/generated/wire-parsers.ts).
  value.forEach((update: unknown, index) => {
    const at = `Updates[${index}]`;
    if (update === null) invalid(at, "an OperationUpdate (a JSON object)", update);
    rejectProblem(wireOperationUpdateProblem(update, at));
  });
  return value as OperationUpdate[];
}

/** Query parameters of one request, read with the type each operation declares. */
export class Query {
  constructor(private readonly params: URLSearchParams) {}

  /** A single-valued parameter (given twice is an error). */
  string(name: string): string | undefined {
    const values = this.params.getAll(name);
    if (values.length > 1) throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.queryParameterRepeated(name, values.length));
    return values[0];
  }

  list(name: string): string[] {
    return this.params.getAll(name);
  }

  integer(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (!/^-?\d+$/.test(text)) throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.queryParameterNotInteger(name, text));
    return Number(text);
  }

  boolean(name: string): boolean | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    if (text !== "true" && text !== "false") throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.queryParameterNotBoolean(name, text));
    return text === "true";
  }

  /** An ISO 8601 date-time (the AWS SDK's format for query timestamps) or epoch seconds. */
  timestamp(name: string): number | undefined {
    const text = this.string(name);
    if (text === undefined) return undefined;
    const time = /^-?\d+(\.\d+)?$/.test(text) ? Number(text) * 1000 : Date.parse(text);
    if (!Number.isFinite(time)) throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.queryParameterNotTimestamp(name, text));
    return time;
  }
}

/**
 * Small pieces several conformance handlers share: the greeting, serdes from the requirements'
 * prose, a marker that outlives a crashed process, batch projections and the invoke targets.
 * Everything SDK-related comes from the public API.
 */
import { existsSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  BatchItemStatus,
  withDurableExecution,
  type BatchItem,
  type BatchResult,
  type ChildContextError,
  type Serdes,
} from "../../../src/index.js";
import { STATE_DIR_ENV, type TargetFunction } from "../handler-module.js";

export function greet(name: unknown): string {
  return `Hello, ${String(name)}!`;
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function upperCaseStrings(value: unknown): unknown {
  if (typeof value === "string") return value.toUpperCase();
  if (Array.isArray(value)) return value.map(upperCaseStrings);
  if (value !== null && typeof value === "object") {
    return Object.fromEntries(Object.entries(value).map(([key, item]) => [key, upperCaseStrings(item)]));
  }
  return value;
}

/** JSON serdes that upper-cases every string value when serializing. */
export function upperCaseJsonSerdes<T>(): Serdes<T> {
  return {
    serialize: async (value) => (value === undefined ? undefined : JSON.stringify(upperCaseStrings(value))),
    deserialize: async (data) => (data === undefined ? undefined : (JSON.parse(data) as T)),
  };
}

/** Serdes storing a string as its upper-cased text (not JSON) and reading the text back as is. */
export const upperCaseTextSerdes: Serdes<string> = {
  serialize: async (value) => value?.toUpperCase(),
  deserialize: async (data) => data,
};

/**
 * A flag that survives the process dying (the reference handlers keep such state in DynamoDB): a file
 * in the per-requirement directory the harness names in CONFORMANCE_STATE_DIR.
 */
export function persistentFlag(name: string): { isSet(): boolean; set(): void } {
  const dir = process.env[STATE_DIR_ENV];
  if (!dir) throw new Error(`${STATE_DIR_ENV} is not set; run this handler through the conformance harness`);
  const file = join(dir, name);
  return {
    isSet: () => existsSync(file),
    set: () => writeFileSync(file, "set"),
  };
}

export type BatchField = "completionReason" | "status" | "successCount" | "failureCount" | "totalCount";

/** The fields of a map/parallel result a requirement asks the handler to return, in that order. */
export function project(result: BatchResult<unknown>, fields: readonly BatchField[]): Record<string, unknown> {
  return Object.fromEntries(fields.map((field) => [field, result[field]]));
}

/** A completed, all-succeeded BatchResult over `results` (what a custom batch deserializer rebuilds). */
export function succeededBatch<T>(results: T[]): BatchResult<T> {
  const all: BatchItem<T>[] = results.map((result, index) => ({ index, status: BatchItemStatus.SUCCEEDED, result }));
  return {
    all,
    status: BatchItemStatus.SUCCEEDED,
    completionReason: "ALL_COMPLETED",
    hasFailure: false,
    successCount: all.length,
    failureCount: 0,
    startedCount: 0,
    totalCount: all.length,
    succeeded: () => all as (BatchItem<T> & { result: T })[],
    failed: () => [] as (BatchItem<T> & { error: ChildContextError })[],
    started: () => [] as (BatchItem<T> & { status: "STARTED" })[],
    throwIfError: () => undefined,
    getResults: () => [...results],
    getErrors: () => [],
  };
}

const OPSERDE_PREFIX = "OPSERDE:";

/** The operation-level map serdes of 9-19 and 9-20: "OPSERDE:" + the comma-joined results, and back. */
export const opSerdes: Serdes<BatchResult<string>> = {
  serialize: async (result) => (result === undefined ? undefined : OPSERDE_PREFIX + result.getResults().join(",")),
  deserialize: async (data) => {
    if (data === undefined) return undefined;
    if (!data.startsWith(OPSERDE_PREFIX)) throw new Error(`not an OPSERDE payload: ${data}`);
    const body = data.slice(OPSERDE_PREFIX.length);
    return succeededBatch(body === "" ? [] : body.split(","));
  },
};

export class TaskFailure extends Error {
  override name = "TaskFailure";
}

/** A parallel branch that fails with a TaskFailure. */
export function failingBranch(message: string): () => Promise<never> {
  return async () => {
    throw new TaskFailure(message);
  };
}

/** Invoke targets: registered by the harness under these names for the handlers that list them. */
export const ECHO_FUNCTION = "conformance-echo";
export const FAILING_FUNCTION = "conformance-failing";

/** A durable function that returns its input. */
export const echoTarget: TargetFunction = {
  kind: "durable",
  handler: withDurableExecution(async (event: unknown) => event),
};

/** A durable function that always fails. */
export const failingTarget: TargetFunction = {
  kind: "durable",
  handler: withDurableExecution(async () => {
    throw new TaskFailure("target function failed");
  }),
};

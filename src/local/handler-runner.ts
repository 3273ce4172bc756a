/**
 * Runs handler code for the service: one invocation of a durable handler (event + Lambda context,
 * timeout, outcome reported to the store) or a chained invoke of a plain function.
 */
import { randomUUID } from "node:crypto";
import { ExecutionStatus, type DurableExecutionClient, type ErrorObject } from "../generated/index.js";
import { ResourceNotFoundException, SERVICE_MESSAGES } from "./errors.js";
import type { ExecutionRecord } from "./execution-record.js";
import type {
  DurableFunctionHandler,
  FunctionRegistry,
  PlainFunctionHandler,
  RegisteredFunction,
} from "./function-registry.js";
import type { EventFactory } from "./invocation-event.js";
import { shiftOperationTimes } from "./handler-time.js";
import { invokeInWorker } from "./isolated-invocation.js";
import { InvocationEndedError, runGuarded } from "./invocation-guard.js";
import { createLambdaContext } from "./lambda-context.js";
import { callWithTimeout, toErrorObject } from "./run-handler.js";
import type { DurableStore } from "./store.js";
import type { InvocationResult, PendingLaunch } from "./store-types.js";

export interface HandlerRunnerOptions {
  store: DurableStore;
  functions: FunctionRegistry;
  client: DurableExecutionClient;
  createEvent: EventFactory;
  /** Default invocation timeout (ms) for functions that do not set one. */
  invocationTimeoutMs: number;
  /** Abort handlers running past their timeout. */
  enforceTimeout: boolean;
  /** On a skipping clock: the time skipped so far, taken out of the timestamps the handler receives. */
  skippedTime?: () => number;
}

export class HandlerRunner {
  constructor(private readonly options: HandlerRunnerOptions) {}

  private timeoutFor(fn: RegisteredFunction): number {
    return fn.timeoutMs ?? this.options.invocationTimeoutMs;
  }

  private call<T>(fn: RegisteredFunction, run: () => T | Promise<T>): Promise<T> {
    return callWithTimeout(run, this.options.enforceTimeout ? this.timeoutFor(fn) : undefined);
  }

  /** One invocation of the execution's durable handler; the store records how it ended. */
  async invoke(record: ExecutionRecord): Promise<void> {
    const { store, functions, client } = this.options;
    const fn = functions.get(record.functionName);
    const { input, requestId } = store.beginInvocation(record);
    if (this.options.skippedTime) shiftOperationTimes(input.InitialExecutionState?.Operations, this.options.skippedTime());
    let result: InvocationResult;
    if (!fn || fn.kind !== "durable") {
      result = {
        kind: "error",
        error: notFound(SERVICE_MESSAGES.ResourceNotFoundException.durableFunctionNotFound(record.functionName)),
      };
    } else {
      const context = createLambdaContext({
        functionName: fn.name,
        functionArn: record.functionArn,
        requestId,
        timeoutMs: this.timeoutFor(fn),
        memoryLimitInMB: fn.memoryLimitInMB,
        tenantId: record.tenantId,
      });
      if (fn.isolated) {
        const timeoutMs = this.options.enforceTimeout ? this.timeoutFor(fn) : undefined;
        result = await invokeInWorker({ handler: fn.isolated, input, client, context, timeoutMs });
      } else {
        const handler = fn.handler as DurableFunctionHandler;
        try {
          // Guarded: process.exit() or an uncaught exception ends this invocation, not the process.
          const output = await runGuarded(requestId, client, (guardedClient) => {
            const event = this.options.createEvent(input, guardedClient);
            return this.call(fn, () => handler(event, context));
          });
          result = { kind: "returned", output };
        } catch (error) {
          result = { kind: "error", error: error instanceof InvocationEndedError ? error.error : toErrorObject(error) };
        }
      }
    }
    store.completeInvocation(record, result);
  }

  /** Runs a chained invoke of a plain (or unknown) function and completes the caller's operation. */
  async launch(launch: PendingLaunch): Promise<void> {
    const { store, functions } = this.options;
    const fn = launch.found ? functions.get(launch.functionName) : undefined;
    if (!fn) {
      store.completeChainedInvoke(launch.record, launch.operationId, {
        status: ExecutionStatus.FAILED,
        error: notFound(SERVICE_MESSAGES.ResourceNotFoundException.functionNotFound(launch.functionName)),
      });
      return;
    }
    let event: unknown = {};
    if (launch.payload !== undefined) {
      try {
        event = JSON.parse(launch.payload);
      } catch {
        event = launch.payload;
      }
    }
    const context = createLambdaContext({
      functionName: fn.name,
      functionArn: store.functionArn(fn.name),
      requestId: randomUUID(),
      timeoutMs: this.timeoutFor(fn),
      memoryLimitInMB: fn.memoryLimitInMB,
      tenantId: launch.tenantId,
    });
    const handler = fn.handler as PlainFunctionHandler;
    try {
      const value = await runGuarded(context.awsRequestId, this.options.client, () => this.call(fn, () => handler(event, context)));
      const result = value === undefined ? undefined : JSON.stringify(value);
      store.completeChainedInvoke(launch.record, launch.operationId, { status: ExecutionStatus.SUCCEEDED, result });
    } catch (error) {
      // With its stack lines, as the reference's runner records them: a test reads where the target threw.
      const errorObject = error instanceof InvocationEndedError ? error.error : toErrorObject(error);
      store.completeChainedInvoke(launch.record, launch.operationId, { status: ExecutionStatus.FAILED, error: errorObject });
    }
  }
}

/** The ErrorObject an invocation ends with when its function is not registered (the service's 404, as a result). */
function notFound(message: string): ErrorObject {
  const exception = new ResourceNotFoundException(message);
  return { ErrorType: exception.name, ErrorMessage: exception.message };
}

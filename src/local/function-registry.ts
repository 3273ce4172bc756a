/**
 * Functions known to the local service, by name: durable handlers (what `withDurableExecution`
 * returns) and plain Lambda-style functions (targets of chained invokes).
 */
import {
  DEFAULT_RETENTION_PERIOD_IN_DAYS,
  describeReceived,
  MAX_EXECUTION_TIMEOUT_SECONDS,
  MAX_RETENTION_PERIOD_IN_DAYS,
  MIN_EXECUTION_TIMEOUT_SECONDS,
  MIN_RETENTION_PERIOD_IN_DAYS,
  type DurableExecutionInvocationOutput,
  type LambdaContext,
} from "../generated/index.js";
import { InvalidParameterValueException, SERVICE_MESSAGES } from "./errors.js";
import type { IsolatedHandlerModule } from "./isolated-invocation.js";
import type { FunctionInfo, FunctionKind } from "./store.js";

/** A wrapped durable handler: `(event, lambdaContext) => Promise<DurableExecutionInvocationOutput>`. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type DurableFunctionHandler = (event: any, context: LambdaContext) => Promise<DurableExecutionInvocationOutput>;

/** A plain Lambda-style function (promise style); its JSON-encoded return value is the invoke result. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type PlainFunctionHandler = (event: any, context: LambdaContext) => unknown;

export interface RegisterFunctionOptions {
  /** "durable" (default) for handlers wrapped with withDurableExecution, "plain" for ordinary functions. */
  kind?: FunctionKind;
  /** Invocation timeout in ms (what getRemainingTimeInMillis counts down from). */
  timeoutMs?: number;
  /**
   * ExecutionTimeout for executions of this function, in seconds (DurableConfig.ExecutionTimeout): a
   * whole number within the schema's `MIN_EXECUTION_TIMEOUT_SECONDS` to
   * `MAX_EXECUTION_TIMEOUT_SECONDS`.
   */
  executionTimeoutSeconds?: number;
  /**
   * DurableConfig RetentionPeriodInDays: how many days a finished execution of this function is kept
   * (its history, result, name) before it is evicted: a whole number within the schema's
   * `MIN_RETENTION_PERIOD_IN_DAYS` to `MAX_RETENTION_PERIOD_IN_DAYS`, as on Lambda. A service's
   * `retentionMs` overrides it.
   * @defaultValue the schema's `DEFAULT_RETENTION_PERIOD_IN_DAYS`
   */
  retentionPeriodInDays?: number;
  memoryLimitInMB?: number;
}

export interface RegisteredFunction extends FunctionInfo {
  readonly name: string;
  readonly handler: DurableFunctionHandler | PlainFunctionHandler;
  readonly timeoutMs: number | undefined;
  readonly memoryLimitInMB: number | undefined;
  /** Set for durable functions whose invocations each run in a fresh worker thread. */
  readonly isolated?: IsolatedHandlerModule;
}

/** Whether `seconds` is a DurableConfig.ExecutionTimeout the API accepts: a whole number within its range. */
export function isExecutionTimeout(seconds: unknown): boolean {
  return Number.isInteger(seconds) && (seconds as number) >= MIN_EXECUTION_TIMEOUT_SECONDS && (seconds as number) <= MAX_EXECUTION_TIMEOUT_SECONDS;
}

function notInProcess(): never {
  throw new Error("An isolated function runs in a worker thread; it has no in-process handler");
}

export class FunctionRegistry {
  private readonly functions = new Map<string, RegisteredFunction>();

  register(name: string, handler: DurableFunctionHandler | PlainFunctionHandler, options: RegisterFunctionOptions = {}): void {
    if (typeof name !== "string" || name.length === 0) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.functionNameEmpty());
    }
    if (typeof handler !== "function") {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.handlerNotFunction(name));
    }
    const kind = options.kind ?? "durable";
    const retention = options.retentionPeriodInDays;
    if (retention !== undefined && !(Number.isInteger(retention) && retention >= MIN_RETENTION_PERIOD_IN_DAYS && retention <= MAX_RETENTION_PERIOD_IN_DAYS)) {
      throw new InvalidParameterValueException(
        SERVICE_MESSAGES.InvalidParameterValueException.retentionPeriodInvalid(name, MIN_RETENTION_PERIOD_IN_DAYS, MAX_RETENTION_PERIOD_IN_DAYS, describeReceived(retention), DEFAULT_RETENTION_PERIOD_IN_DAYS),
      );
    }
    const timeout = options.executionTimeoutSeconds;
    if (timeout !== undefined && !isExecutionTimeout(timeout)) {
      throw new InvalidParameterValueException(
        SERVICE_MESSAGES.InvalidParameterValueException.executionTimeoutInvalid(name, MIN_EXECUTION_TIMEOUT_SECONDS, MAX_EXECUTION_TIMEOUT_SECONDS, describeReceived(timeout)),
      );
    }
    if (kind !== "durable" && kind !== "plain") {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.functionKindInvalid(String(kind)));
    }
    this.functions.set(name, {
      name,
      kind,
      handler,
      timeoutMs: options.timeoutMs,
      executionTimeoutSeconds: options.executionTimeoutSeconds,
      retentionPeriodInDays: retention,
      memoryLimitInMB: options.memoryLimitInMB,
    });
  }

  /** Registers a durable function whose handler is loaded by a fresh worker thread for each invocation. */
  registerIsolated(name: string, module: IsolatedHandlerModule, options: Omit<RegisterFunctionOptions, "kind"> = {}): void {
    if (typeof module.exportName !== "string" || module.exportName.length === 0) {
      throw new InvalidParameterValueException(SERVICE_MESSAGES.InvalidParameterValueException.isolatedExportNameEmpty(name));
    }
    this.register(name, notInProcess, { ...options, kind: "durable" });
    this.functions.set(name, { ...this.functions.get(name)!, isolated: module });
  }

  get(name: string): RegisteredFunction | undefined {
    return this.functions.get(name);
  }

  has(name: string): boolean {
    return this.functions.has(name);
  }
}

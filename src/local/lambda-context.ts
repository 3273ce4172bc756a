/**
 * The Lambda `context` object handed to handlers run by the local service. The remaining time counts
 * down in real time from the configured invocation timeout (the SDK uses it to decide whether to keep
 * polling in-process).
 */
// The real clock, so that a test's fake timers do not stop the deadline (see real-timers.ts).
import { realPerformance as performance } from "../runtime/real-timers.js";
import { messagePlainErrorLambdaContextCallbackUnsupported, type LambdaContext } from "../generated/index.js";
import { LATEST_VERSION } from "./store-constants.js";

export interface LocalLambdaContext extends LambdaContext {
  tenantId?: string;
  done(error?: unknown, result?: unknown): void;
  fail(error: unknown): void;
  succeed(messageOrObject: unknown): void;
}

export interface LambdaContextParams {
  functionName: string;
  functionArn: string;
  requestId: string;
  timeoutMs: number;
  memoryLimitInMB?: number;
  tenantId?: string;
}

function unsupported(method: string): never {
  throw new Error(messagePlainErrorLambdaContextCallbackUnsupported(method));
}

/**
 * A Lambda `Context` for a local invocation: names, request id and a `getRemainingTimeInMillis()` that
 * counts down from `timeoutMs`.
 *
 * @example
 * ```ts
 * const lambdaContext = createLambdaContext({
 *   functionName: "orders",
 *   functionArn: "arn:aws:lambda:us-east-1:123456789012:function:orders",
 *   requestId: "req-1",
 *   timeoutMs: 60_000,
 * });
 * lambdaContext.getRemainingTimeInMillis(); // about 60 000
 * ```
 */
export function createLambdaContext(params: LambdaContextParams): LocalLambdaContext {
  const deadline = performance.now() + params.timeoutMs;
  const context: LocalLambdaContext = {
    functionName: params.functionName,
    functionVersion: LATEST_VERSION,
    invokedFunctionArn: params.functionArn,
    memoryLimitInMB: String(params.memoryLimitInMB ?? 128),
    awsRequestId: params.requestId,
    logGroupName: `/aws/lambda/${params.functionName}`,
    logStreamName: `local/[${LATEST_VERSION}]${params.requestId.replace(/-/g, "")}`,
    callbackWaitsForEmptyEventLoop: true,
    getRemainingTimeInMillis: () => Math.max(0, Math.round(deadline - performance.now())),
    done: () => unsupported("done"),
    fail: () => unsupported("fail"),
    succeed: () => unsupported("succeed"),
  };
  if (params.tenantId !== undefined) context.tenantId = params.tenantId;
  return context;
}

/**
 * A small in-memory durable-execution service for runtime tests: applies the service rules the SDK
 * relies on (protocol.md §2.5), records every checkpoint call, and drives a handler across invocations
 * (completing due waits and retries between them). It drives the reference SDK the same way, so update
 * sequences can be compared.
 */
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  DurableExecutionClient,
  DurableExecutionInvocationOutput,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
  Operation,
  OperationUpdate,
} from "../../src/generated/index.js";

export const EXECUTION_ID = "execution-0";
export const ARN = "arn:aws:lambda:us-east-1:123456789012:function:test:$LATEST/durable-execution/exec/inv";

export interface RecordedCall {
  updates: OperationUpdate[];
}

/** A Lambda handler of either SDK, with the client-injecting event wrapper of that SDK. */
export interface SdkUnderTest {
  name: string;
  handler: (event: any, context: any) => Promise<DurableExecutionInvocationOutput>;
  wrapEvent: (event: any, client: DurableExecutionClient) => any;
}

/** A copy deep enough that neither side can change the other's records (ops hold only plain data). */
function copyOperation(op: Operation): Operation {
  const out: Operation = { ...op };
  if (op.StepDetails) out.StepDetails = { ...op.StepDetails };
  if (op.WaitDetails) out.WaitDetails = { ...op.WaitDetails };
  if (op.ContextDetails) out.ContextDetails = { ...op.ContextDetails };
  if (op.CallbackDetails) out.CallbackDetails = { ...op.CallbackDetails };
  if (op.ChainedInvokeDetails) out.ChainedInvokeDetails = { ...op.ChainedInvokeDetails };
  if (op.ExecutionDetails) out.ExecutionDetails = { ...op.ExecutionDetails };
  return out;
}

export class FakeDurableService {
  readonly ops = new Map<string, Operation>();
  readonly calls: RecordedCall[] = [];
  /** Virtual time (ms since epoch). */
  now = Date.UTC(2026, 0, 1);
  private token = 0;
  private callbackSeq = 0;
  /** Ids whose ops changed since the last invocation. */
  private updatedSinceInvocation = new Set<string>();
  /** Make the next N checkpoint calls fail with this error. */
  failNext: { count: number; error: unknown } | undefined;

  constructor(input: unknown = {}) {
    this.ops.set(EXECUTION_ID, {
      Id: EXECUTION_ID,
      Type: "EXECUTION",
      Status: "STARTED",
      StartTimestamp: new Date(this.now),
      ExecutionDetails: { InputPayload: JSON.stringify(input) },
    });
  }

  readonly client: DurableExecutionClient = {
    checkpoint: async (params) => this.checkpoint(params),
    getExecutionState: async (params) => this.getExecutionState(params),
  };

  /** All updates of all calls, in order. */
  get updates(): OperationUpdate[] {
    return this.calls.flatMap((c) => c.updates);
  }

  private touch(op: Operation, touched: Map<string, Operation>) {
    this.ops.set(op.Id!, op);
    touched.set(op.Id!, op);
    this.updatedSinceInvocation.add(op.Id!);
  }

  async checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
    await new Promise((r) => setImmediate(r));
    if (this.failNext && this.failNext.count > 0) {
      this.failNext.count--;
      throw this.failNext.error;
    }
    const updates = (params.Updates ?? []).map((u) => ({ ...u }));
    this.calls.push({ updates });
    const touched = new Map<string, Operation>();
    const now = new Date(this.now);
    for (const u of updates) {
      const existing = this.ops.get(u.Id!);
      const op: Operation = existing
        ? copyOperation(existing)
        : { Id: u.Id, ParentId: u.ParentId, Name: u.Name, Type: u.Type, SubType: u.SubType, Status: "STARTED", StartTimestamp: now };
      switch (u.Action) {
        case "START":
          op.Status = "STARTED";
          if (u.Type === "WAIT") op.WaitDetails = { ScheduledEndTimestamp: new Date(this.now + (u.WaitOptions?.WaitSeconds ?? 0) * 1000) };
          if (u.Type === "CALLBACK") op.CallbackDetails = { CallbackId: `callback-${++this.callbackSeq}` };
          if (u.Type === "CONTEXT" && u.ContextOptions) op.ContextDetails = { ReplayChildren: u.ContextOptions.ReplayChildren };
          if (u.Type === "STEP") op.StepDetails = { ...op.StepDetails };
          break;
        case "SUCCEED":
        case "FAIL": {
          op.Status = u.Action === "SUCCEED" ? "SUCCEEDED" : "FAILED";
          op.EndTimestamp = now;
          if (u.Type === "STEP") op.StepDetails = { ...op.StepDetails, Attempt: (op.StepDetails?.Attempt ?? 0) + 1, Result: u.Payload, Error: u.Error };
          if (u.Type === "CONTEXT")
            op.ContextDetails = { ...op.ContextDetails, Result: u.Payload, Error: u.Error, ReplayChildren: u.ContextOptions?.ReplayChildren ?? op.ContextDetails?.ReplayChildren };
          if (u.Type === "EXECUTION") op.ExecutionDetails = { ...op.ExecutionDetails };
          break;
        }
        case "RETRY":
          op.Status = "PENDING";
          op.StepDetails = {
            ...op.StepDetails,
            Attempt: (op.StepDetails?.Attempt ?? 0) + 1,
            NextAttemptTimestamp: new Date(this.now + (u.StepOptions?.NextAttemptDelaySeconds ?? 1) * 1000),
            Result: u.Payload,
            Error: u.Error,
          };
          break;
      }
      this.touch(op, touched);
    }
    return { CheckpointToken: `token-${++this.token}`, NewExecutionState: { Operations: [...touched.values()].map(copyOperation) } };
  }

  async getExecutionState(params: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
    const all = this.visibleOperations();
    const start = params.Marker ? Number(params.Marker) : 0;
    const size = params.MaxItems || 100;
    const page = all.slice(start, start + size);
    return { Operations: page, NextMarker: start + size < all.length ? String(start + size) : undefined };
  }

  /** Operations the next invocation sees: children of completed contexts are pruned unless ReplayChildren. */
  visibleOperations(): Operation[] {
    const list = [...this.ops.values()];
    const isPruned = (op: Operation): boolean => {
      let parentId = op.ParentId;
      while (parentId) {
        const parent = this.ops.get(parentId);
        if (!parent) return false;
        if ((parent.Status === "SUCCEEDED" || parent.Status === "FAILED") && !parent.ContextDetails?.ReplayChildren) return true;
        parentId = parent.ParentId;
      }
      return false;
    };
    return list.filter((op) => !isPruned(op)).map(copyOperation);
  }

  /** The invocation event (with the client injected the way `sdk` expects). */
  event(sdk: Pick<SdkUnderTest, "wrapEvent">, options: { pageSize?: number } = {}): any {
    const ops = this.visibleOperations();
    const pageSize = options.pageSize ?? ops.length;
    const updated = [...this.updatedSinceInvocation];
    this.updatedSinceInvocation.clear();
    return sdk.wrapEvent(
      {
        DurableExecutionArn: ARN,
        CheckpointToken: `token-${++this.token}`,
        InitialExecutionState: { Operations: ops.slice(0, pageSize), NextMarker: pageSize < ops.length ? String(pageSize) : "" },
        UpdatedOperationIds: updated,
      },
      this.client,
    );
  }

  /** Completes what is due, jumping virtual time to the earliest timer. Returns false when nothing is pending. */
  advance(): boolean {
    const timers: number[] = [];
    for (const op of this.ops.values()) {
      if (op.Type === "WAIT" && op.Status === "STARTED") timers.push(op.WaitDetails!.ScheduledEndTimestamp!.getTime());
      if (op.Type === "STEP" && op.Status === "PENDING") timers.push(op.StepDetails!.NextAttemptTimestamp!.getTime());
    }
    if (timers.length === 0) return false;
    this.now = Math.max(this.now, Math.min(...timers));
    for (const op of this.ops.values()) {
      const updated = copyOperation(op);
      if (op.Type === "WAIT" && op.Status === "STARTED" && op.WaitDetails!.ScheduledEndTimestamp!.getTime() <= this.now) {
        updated.Status = "SUCCEEDED";
        updated.EndTimestamp = new Date(this.now);
      } else if (op.Type === "STEP" && op.Status === "PENDING" && op.StepDetails!.NextAttemptTimestamp!.getTime() <= this.now) {
        updated.Status = "READY";
      } else continue;
      this.ops.set(op.Id!, updated);
      this.updatedSinceInvocation.add(op.Id!);
    }
    return true;
  }

  /** Completes a callback as an external party would (`failed` without `error`: FAILED with no stored error). */
  completeCallback(callbackId: string, outcome: { result?: string; error?: { ErrorType?: string; ErrorMessage?: string; StackTrace?: string[] }; timedOut?: boolean; failed?: boolean }): void {
    const op = [...this.ops.values()].find((o) => o.CallbackDetails?.CallbackId === callbackId);
    if (!op) throw new Error(`unknown callback ${callbackId}`);
    const updated = copyOperation(op);
    updated.Status = outcome.timedOut ? "TIMED_OUT" : outcome.error || outcome.failed ? "FAILED" : "SUCCEEDED";
    updated.EndTimestamp = new Date(this.now);
    updated.CallbackDetails = { ...updated.CallbackDetails, Result: outcome.result, Error: outcome.error };
    this.ops.set(op.Id!, updated);
    this.updatedSinceInvocation.add(op.Id!);
  }

  /**
   * Completes a chained invoke (`failed` without `error`: FAILED with no stored error; `status`: the
   * invoked execution ended TIMED_OUT or STOPPED, which the service records as the invoke's status).
   */
  completeInvoke(id: string, outcome: { result?: string; error?: { ErrorType?: string; ErrorMessage?: string }; failed?: boolean; status?: "TIMED_OUT" | "STOPPED" }): void {
    const updated = copyOperation(this.ops.get(id)!);
    updated.Status = outcome.status ?? (outcome.error || outcome.failed ? "FAILED" : "SUCCEEDED");
    updated.ChainedInvokeDetails = { Result: outcome.result, Error: outcome.error };
    this.ops.set(id, updated);
    this.updatedSinceInvocation.add(id);
  }
}

export const lambdaContext = {
  callbackWaitsForEmptyEventLoop: false,
  functionName: "test",
  functionVersion: "$LATEST",
  invokedFunctionArn: "arn:aws:lambda:us-east-1:123456789012:function:test",
  memoryLimitInMB: "128",
  awsRequestId: "req-1",
  logGroupName: "g",
  logStreamName: "s",
  getRemainingTimeInMillis: () => 60_000,
  // The legacy callbacks of aws-lambda's Context (part of its type; a durable handler never calls them).
  done: () => {
    throw new Error("context.done is not used by durable handlers");
  },
  fail: () => {
    throw new Error("context.fail is not used by durable handlers");
  },
  succeed: () => {
    throw new Error("context.succeed is not used by durable handlers");
  },
};

export interface RunResult {
  outputs: DurableExecutionInvocationOutput[];
  last: DurableExecutionInvocationOutput;
  service: FakeDurableService;
}

/**
 * Invokes `sdk.handler` until it stops answering PENDING (advancing timers in between, and calling
 * `onPending` so a test can complete callbacks). Bounded by `maxInvocations`.
 */
export async function runToCompletion(
  sdk: SdkUnderTest,
  input: unknown,
  options: { service?: FakeDurableService; maxInvocations?: number; onPending?: (service: FakeDurableService, invocation: number) => void } = {},
): Promise<RunResult> {
  const service = options.service ?? new FakeDurableService(input);
  const outputs: DurableExecutionInvocationOutput[] = [];
  for (let i = 0; i < (options.maxInvocations ?? 50); i++) {
    const output = await sdk.handler(service.event(sdk), lambdaContext);
    outputs.push(output);
    if (output.Status !== "PENDING") return { outputs, last: output, service };
    options.onPending?.(service, i);
    if (!options.onPending) service.advance();
  }
  return { outputs, last: outputs[outputs.length - 1]!, service };
}

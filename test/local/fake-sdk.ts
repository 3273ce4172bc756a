/**
 * A deliberately tiny stand-in for the SDK, used to drive the orchestrator in tests: it loads the
 * state from the invocation event (with paging), checkpoints through the injected client, replays
 * completed operations and suspends (returns PENDING) on anything still pending.
 */
import type {
  DurableExecutionClient,
  DurableExecutionInvocationOutput,
  ErrorObject,
  Operation,
  OperationUpdate,
  WireOperation,
} from "../../src/generated/index.js";
import { InvocationStatus } from "../../src/generated/index.js";
import type { DurableFunctionHandler } from "../../src/local/function-registry.js";

const SUSPEND = Symbol("suspend");

export class FakeContext {
  readonly ops = new Map<string, WireOperation>();
  checkpoints = 0;
  private token: string;

  constructor(
    readonly arn: string,
    token: string,
    private readonly client: DurableExecutionClient,
  ) {
    this.token = token;
  }

  async load(operations: WireOperation[], marker: string | undefined): Promise<void> {
    for (const op of operations) this.ops.set(op.Id!, op);
    while (marker) {
      const page = await this.client.getExecutionState({ DurableExecutionArn: this.arn, CheckpointToken: this.token, Marker: marker, MaxItems: 1000 });
      for (const op of page.Operations ?? []) this.ops.set(op.Id!, op);
      marker = page.NextMarker;
    }
  }

  async checkpoint(updates: OperationUpdate[]): Promise<void> {
    this.checkpoints++;
    const response = await this.client.checkpoint({ DurableExecutionArn: this.arn, CheckpointToken: this.token, Updates: updates });
    this.token = response.CheckpointToken ?? this.token;
    for (const op of response.NewExecutionState?.Operations ?? []) this.ops.set(op.Id!, op);
  }

  async step<T>(id: string, fn: (attempt: number) => T | Promise<T>, retry: { maxAttempts?: number; delaySeconds?: number } = {}): Promise<T> {
    const op = this.ops.get(id);
    if (op?.Status === "SUCCEEDED") return JSON.parse(op.StepDetails?.Result ?? "null") as T;
    if (op?.Status === "FAILED") throw Object.assign(new Error(op.StepDetails?.Error?.ErrorMessage), { name: "StepError" });
    if (op?.Status === "PENDING") throw SUSPEND;
    const attempt = (op?.StepDetails?.Attempt ?? 0) + 1;
    const base = { Id: id, Type: "STEP", SubType: "Step" } as const;
    try {
      const value = await fn(attempt);
      await this.checkpoint([{ ...base, Action: "START" }, { ...base, Action: "SUCCEED", Payload: JSON.stringify(value) }]);
      return value;
    } catch (error) {
      const errorObject: ErrorObject = { ErrorType: "StepError", ErrorMessage: (error as Error).message };
      if (attempt < (retry.maxAttempts ?? 1)) {
        await this.checkpoint([
          { ...base, Action: "START" },
          { ...base, Action: "RETRY", Error: errorObject, StepOptions: { NextAttemptDelaySeconds: retry.delaySeconds ?? 1 } },
        ]);
        throw SUSPEND;
      }
      await this.checkpoint([{ ...base, Action: "START" }, { ...base, Action: "FAIL", Error: errorObject }]);
      throw error;
    }
  }

  async wait(id: string, seconds: number, name?: string): Promise<void> {
    const op = this.ops.get(id);
    if (op?.Status === "SUCCEEDED") return;
    if (!op) await this.checkpoint([{ Id: id, Type: "WAIT", SubType: "Wait", Name: name, Action: "START", WaitOptions: { WaitSeconds: seconds } }]);
    throw SUSPEND;
  }

  async callback(id: string, options: { timeout?: number; heartbeat?: number; name?: string } = {}): Promise<string | undefined> {
    if (!this.ops.has(id)) {
      await this.checkpoint([
        {
          Id: id,
          Type: "CALLBACK",
          SubType: "Callback",
          Name: options.name,
          Action: "START",
          CallbackOptions: { TimeoutSeconds: options.timeout, HeartbeatTimeoutSeconds: options.heartbeat },
        },
      ]);
    }
    const op = this.ops.get(id)!;
    if (op.Status === "SUCCEEDED") return op.CallbackDetails?.Result;
    if (op.Status === "FAILED" || op.Status === "TIMED_OUT") {
      throw Object.assign(new Error(op.CallbackDetails?.Error?.ErrorMessage ?? "Callback failed"), { name: "CallbackError" });
    }
    throw SUSPEND;
  }

  async invoke(id: string, functionName: string, payload: unknown): Promise<unknown> {
    if (!this.ops.has(id)) {
      await this.checkpoint([
        {
          Id: id,
          Type: "CHAINED_INVOKE",
          SubType: "ChainedInvoke",
          Action: "START",
          Payload: payload === undefined ? undefined : JSON.stringify(payload),
          ChainedInvokeOptions: { FunctionName: functionName },
        },
      ]);
    }
    const op = this.ops.get(id)!;
    if (op.Status === "SUCCEEDED") return op.ChainedInvokeDetails?.Result === undefined ? undefined : JSON.parse(op.ChainedInvokeDetails.Result);
    if (op.Status === "STARTED") throw SUSPEND;
    throw Object.assign(new Error(op.ChainedInvokeDetails?.Error?.ErrorMessage ?? "Invoke failed"), { name: "InvokeError" });
  }
}

export interface FakeEvent {
  DurableExecutionArn: string;
  CheckpointToken: string;
  InitialExecutionState: { Operations?: WireOperation[]; NextMarker?: string };
  UpdatedOperationIds?: string[];
  durableExecutionClient: DurableExecutionClient;
}

/** Wraps a body into a durable handler speaking the invocation contract. */
export function fakeDurable(
  body: (input: any, ctx: FakeContext, event: FakeEvent) => Promise<unknown>, // eslint-disable-line @typescript-eslint/no-explicit-any
): DurableFunctionHandler {
  return async (event: FakeEvent): Promise<DurableExecutionInvocationOutput> => {
    const ctx = new FakeContext(event.DurableExecutionArn, event.CheckpointToken, event.durableExecutionClient);
    await ctx.load(event.InitialExecutionState.Operations ?? [], event.InitialExecutionState.NextMarker);
    const first = ctx.ops.values().next().value as Operation | undefined;
    const input: unknown = JSON.parse(first?.ExecutionDetails?.InputPayload ?? "{}");
    try {
      const result = await body(input, ctx, event);
      return result === undefined ? { Status: InvocationStatus.SUCCEEDED } : { Status: InvocationStatus.SUCCEEDED, Result: JSON.stringify(result) };
    } catch (error) {
      if (error === SUSPEND) return { Status: InvocationStatus.PENDING };
      return { Status: InvocationStatus.FAILED, Error: { ErrorType: (error as Error).name, ErrorMessage: (error as Error).message } };
    }
  };
}

/**
 * Compatibility corpus: a custom transport and hand-built wire records written against the reference
 * SDK's wire types (which follow @aws-sdk/client-lambda's optionality), plus DurablePromise values
 * crossing typed boundaries. Compiled against the reference and, with only the import path changed,
 * against this SDK. Compile-time only (never run).
 */
import {
  CheckpointDurableExecutionCommand,
  GetDurableExecutionStateCommand,
  LambdaClient,
  type Operation as LambdaOperation,
} from "@aws-sdk/client-lambda";
import type { Context } from "aws-lambda";
import {
  DurableExecutionApiClient,
  DurableExecutionClientError,
  DurableExecutionClientErrorScope,
  DurableExecutionInvocationInputWithClient,
  DurablePromise,
  OperationAction,
  OperationStatus,
  OperationType,
  withDurableExecution,
  type CheckpointDurableExecutionRequest,
  type CheckpointDurableExecutionResponse,
  type DurableExecutionClient,
  type DurableExecutionInvocationInput,
  type DurableLogger,
  type ErrorObject,
  type GetDurableExecutionStateRequest,
  type GetDurableExecutionStateResponse,
  type Operation,
  type OperationUpdate,
  type WireOperation,
} from "@aws/durable-execution-sdk-js";

/** A transport over the AWS SDK client: the AWS SDK's outputs are returned as they come. */
export class LoggingClient implements DurableExecutionClient {
  constructor(private readonly lambda = new LambdaClient({})) {}

  async getExecutionState(params: GetDurableExecutionStateRequest, logger?: DurableLogger): Promise<GetDurableExecutionStateResponse> {
    logger?.info("state", params.DurableExecutionArn);
    const output = await this.lambda.send(new GetDurableExecutionStateCommand(params));
    return { Operations: output.Operations, NextMarker: output.NextMarker };
  }

  async checkpoint(params: CheckpointDurableExecutionRequest, logger?: DurableLogger): Promise<CheckpointDurableExecutionResponse> {
    logger?.debug("checkpoint", params.Updates?.length);
    try {
      const output = await this.lambda.send(new CheckpointDurableExecutionCommand(params));
      return { CheckpointToken: output.CheckpointToken, NewExecutionState: output.NewExecutionState };
    } catch (error) {
      throw new DurableExecutionClientError("checkpoint failed", { scope: DurableExecutionClientErrorScope.EXECUTION, cause: error });
    }
  }
}

/** Wire records with the reference's optionality: keys present, values possibly undefined. */
export const operations: Operation[] = [
  { Id: "exec", Type: OperationType.EXECUTION, Status: OperationStatus.STARTED, StartTimestamp: new Date(0), ExecutionDetails: { InputPayload: "{}" } },
  { Id: undefined, Type: undefined, Status: undefined, StartTimestamp: undefined },
];
export const fromAws: WireOperation[] = ([] as LambdaOperation[]).map((op) => ({ ...op, StartTimestamp: op.StartTimestamp }));
export const update: OperationUpdate = { Id: "step-1", Type: OperationType.STEP, Action: OperationAction.SUCCEED, Payload: "1", SubType: "Step" };
export const failure: ErrorObject = { ErrorType: "Error", ErrorMessage: undefined, ErrorData: undefined, StackTrace: undefined };
export const ids: (string | undefined)[] = operations.map((op) => op.Id);

export const event: DurableExecutionInvocationInput = {
  DurableExecutionArn: "arn:aws:lambda:us-east-1:123456789012:function:f:$LATEST/durable-execution/x/y",
  CheckpointToken: "token",
  InitialExecutionState: { Operations: operations },
};

export const handler = withDurableExecution(async (_event: unknown, context) => context.step("x", async () => 1), {
  durableExecutionClient: new LoggingClient(),
});
export const viaApiClient = withDurableExecution(async () => "ok", { client: new LambdaClient({}) });

export async function invokeWithClient(lambdaContext: Context): Promise<unknown> {
  const input = new DurableExecutionInvocationInputWithClient(event, new DurableExecutionApiClient(new LambdaClient({})));
  return handler(input, lambdaContext);
}

/** DurablePromise values typed by user helpers. */
export function double(promise: DurablePromise<number>): DurablePromise<number> {
  return new DurablePromise(async () => (await promise) * 2);
}
export const asPromise: Promise<number> = double(new DurablePromise(async () => 1));
export const asLike: PromiseLike<number> = new DurablePromise(() => Promise.resolve(2));
export const tag: string = new DurablePromise(async () => 3)[Symbol.toStringTag];

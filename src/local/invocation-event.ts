/**
 * The event the local service passes to a durable handler: the normal invocation input plus the
 * in-process client. It is recognisable the way SDKs detect an injected client: by class name and
 * `Symbol.toStringTag` "DurableExecutionInvocationInputWithClient" and a `durableExecutionClient`
 * property.
 */
import type {
  DurableExecutionClient,
  DurableExecutionInvocationInput,
  Operation,
} from "../generated/index.js";

export const INVOCATION_INPUT_WITH_CLIENT_TAG = "DurableExecutionInvocationInputWithClient";

export class DurableExecutionInvocationInputWithClient {
  readonly DurableExecutionArn: string;
  readonly CheckpointToken: string;
  readonly InitialExecutionState: { Operations: Operation[]; NextMarker?: string };
  readonly UpdatedOperationIds: string[] | undefined;
  readonly durableExecutionClient: DurableExecutionClient;

  constructor(input: DurableExecutionInvocationInput, client: DurableExecutionClient) {
    this.DurableExecutionArn = input.DurableExecutionArn;
    this.CheckpointToken = input.CheckpointToken;
    this.InitialExecutionState = input.InitialExecutionState as { Operations: Operation[]; NextMarker?: string };
    this.UpdatedOperationIds = input.UpdatedOperationIds as string[] | undefined;
    this.durableExecutionClient = client;
  }

  get [Symbol.toStringTag](): string {
    return INVOCATION_INPUT_WITH_CLIENT_TAG;
  }
}

// Keep the class name even if a bundler renames the binding (SDKs compare constructor.name).
Object.defineProperty(DurableExecutionInvocationInputWithClient, "name", { value: INVOCATION_INPUT_WITH_CLIENT_TAG });

/** Builds the handler event from the invocation input and the client (default: the class above). */
export type EventFactory = (input: DurableExecutionInvocationInput, client: DurableExecutionClient) => unknown;

export const defaultEventFactory: EventFactory = (input, client) =>
  new DurableExecutionInvocationInputWithClient(input, client);

/**
 * In-process `DurableExecutionClient` bound to a store: checkpoint and getExecutionState calls go
 * straight to the state machine (no serialization, no network, no timers). Service errors surface as
 * rejected promises, exactly like the API client.
 */
import type {
  CheckpointDurableExecutionRequest,
  CheckpointDurableExecutionResponse,
  DurableExecutionClient,
  GetDurableExecutionStateRequest,
  GetDurableExecutionStateResponse,
} from "../generated/index.js";
import type { DurableStore } from "./store.js";

/**
 * A `DurableExecutionClient` that talks to a local `DurableStore` directly (no HTTP): what the
 * local service hands each handler invocation.
 *
 * @example
 * ```ts
 * const client = createLocalClient(service.store);
 * const state = await client.getExecutionState({ DurableExecutionArn: arn, CheckpointToken: token });
 * ```
 */
export function createLocalClient(store: DurableStore): DurableExecutionClient {
  return {
    async checkpoint(params: CheckpointDurableExecutionRequest): Promise<CheckpointDurableExecutionResponse> {
      return store.checkpoint(params);
    },
    async getExecutionState(params: GetDurableExecutionStateRequest): Promise<GetDurableExecutionStateResponse> {
      return store.getExecutionState(params);
    },
  };
}

/**
 * The event the local service passes to a durable handler: the normal invocation input plus the
 * in-process client (the runtime's DurableExecutionInvocationInputWithClient). It is recognisable the way SDKs detect an injected client: by class name and
 * `Symbol.toStringTag` "DurableExecutionInvocationInputWithClient" and a `durableExecutionClient`
 * property.
 */
import type { DurableExecutionClient, DurableExecutionInvocationInput } from "../generated/index.js";
import { DurableExecutionInvocationInputWithClient } from "../runtime/with-durable-execution.js";

export const INVOCATION_INPUT_WITH_CLIENT_TAG = "DurableExecutionInvocationInputWithClient";

export { DurableExecutionInvocationInputWithClient };

/** Builds the handler event from the invocation input and the client (default: the class above). */
export type EventFactory = (input: DurableExecutionInvocationInput, client: DurableExecutionClient) => unknown;

export const defaultEventFactory: EventFactory = (input, client) =>
  new DurableExecutionInvocationInputWithClient(input, client);

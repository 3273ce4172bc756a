/**
 * The event the local service passes to a durable handler: the normal invocation input plus the
 * in-process client (the runtime's DurableExecutionInvocationInputWithClient). It is recognisable the way SDKs detect an injected client: by class name and
 * `Symbol.toStringTag` "DurableExecutionInvocationInputWithClient" and a `durableExecutionClient`
 * property.
 */
import type { DurableExecutionClient, DurableExecutionInvocationInput } from "../generated/index.js";
import { DurableExecutionInvocationInputWithClient, INJECTED_CLIENT_TAG } from "../runtime/with-durable-execution.js";

/** The tag the runtime recognises injected-client events by (re-exported for the service's users). */
export const INVOCATION_INPUT_WITH_CLIENT_TAG = INJECTED_CLIENT_TAG;

export { DurableExecutionInvocationInputWithClient };

/** Builds the handler event from the invocation input and the client (default: the class above). */
export type EventFactory = (input: DurableExecutionInvocationInput, client: DurableExecutionClient) => unknown;

export const defaultEventFactory: EventFactory = (input, client) =>
  new DurableExecutionInvocationInputWithClient(input, client);

/** Our SDK and the reference SDK behind one shape, so a test can run the same handler on both. */
import {
  withDurableExecution as referenceWith,
  DurableExecutionInvocationInputWithClient as ReferenceInput,
} from "@aws/durable-execution-sdk-js";
import { withDurableExecution, DurableExecutionInvocationInputWithClient } from "../../src/index.js";
import type { SdkUnderTest } from "./fake-service.js";

type Handler = (event: any, context: any) => Promise<unknown>;

export function ours(handler: Handler, config?: Parameters<typeof withDurableExecution>[1]): SdkUnderTest {
  return {
    name: "ours",
    handler: withDurableExecution(handler as never, config) as SdkUnderTest["handler"],
    wrapEvent: (event, client) => new DurableExecutionInvocationInputWithClient(event, client),
  };
}

export function reference(handler: Handler): SdkUnderTest {
  return {
    name: "reference",
    handler: referenceWith(handler as never) as unknown as SdkUnderTest["handler"],
    wrapEvent: (event, client) => new ReferenceInput(event, client as never),
  };
}

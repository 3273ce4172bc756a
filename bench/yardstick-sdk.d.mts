/** Types of the bench:cold yardstick (bench/yardstick-sdk.mjs): just the two exports the cold child uses. */
import type { DurableExecutionClient, DurableExecutionInvocationOutput } from "../src/index.js";

export declare class DurableExecutionInvocationInputWithClient {
  constructor(event: unknown, client: DurableExecutionClient);
}

export declare function withDurableExecution(
  handler: (event: any, context: any) => Promise<unknown>,
): (event: DurableExecutionInvocationInputWithClient, context?: unknown) => Promise<DurableExecutionInvocationOutput>;

/** Types of the bench:cold yardstick (bench/yardstick-sdk.mjs): the two exports the cold child uses, and its quiet-turn count. */
import type { DurableExecutionClient, DurableExecutionInvocationOutput } from "../src/index.js";

export declare class DurableExecutionInvocationInputWithClient {
  constructor(event: unknown, client: DurableExecutionClient);
}

export declare function withDurableExecution(
  handler: (event: any, context: any) => Promise<unknown>,
): (event: DurableExecutionInvocationInputWithClient, context?: unknown) => Promise<DurableExecutionInvocationOutput>;

/** Quiet microtask turns after which the yardstick sends (ours' QUIET_TURNS). */
export declare const QUIET_TURNS: number;

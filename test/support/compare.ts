/** Runs one handler on our SDK and on the reference SDK and compares what they sent and returned. */
import { expect } from "vitest";
import type { OperationUpdate } from "../../src/generated/index.js";
import { runToCompletion, type RunResult } from "./fake-service.js";
import { ours, reference } from "./sdks.js";

export type Handler = (event: any, ctx: any) => Promise<unknown>;

/** The fields the compatibility criteria compare for each update. */
export function summariseUpdate(u: OperationUpdate) {
  return {
    Id: u.Id,
    ParentId: u.ParentId,
    Name: u.Name,
    Type: u.Type,
    SubType: u.SubType,
    Action: u.Action,
    Payload: u.Payload,
    ErrorType: u.Error?.ErrorType,
    ErrorMessage: u.Error?.ErrorMessage,
    StepOptions: u.StepOptions,
    WaitOptions: u.WaitOptions,
    ContextOptions: u.ContextOptions,
    CallbackOptions: u.CallbackOptions,
    ChainedInvokeOptions: u.ChainedInvokeOptions,
  };
}

/** Updates grouped per operation Id (EXECUTION updates left out: their Id is time-based). */
export function perOperation(run: RunResult): Record<string, ReturnType<typeof summariseUpdate>[]> {
  const out: Record<string, ReturnType<typeof summariseUpdate>[]> = {};
  for (const u of run.service.updates) {
    if (u.Type === "EXECUTION") continue;
    (out[u.Id!] ??= []).push(summariseUpdate(u));
  }
  return out;
}

/** Runs `handler` on both SDKs (same input, same service behaviour) and asserts identical updates and result. */
export async function compareWithReference(
  handler: Handler,
  input: unknown = {},
  options: Parameters<typeof runToCompletion>[2] & { maskStacks?: boolean } = {},
) {
  const mine = await runToCompletion(ours(handler), input, { ...options, service: undefined });
  const theirs = await runToCompletion(reference(handler), input, { ...options, service: undefined });
  const view = (run: RunResult) => {
    const ops = perOperation(run);
    if (!options.maskStacks) return ops;
    return JSON.parse(JSON.stringify(ops).replace(/\\"stack\\":\\"(?:[^"\\]|\\\\.)*?\\"/g, '\\"stack\\":\\"…\\"'));
  };
  expect(view(mine)).toEqual(view(theirs));
  expect(mine.last).toEqual(theirs.last);
  expect(mine.outputs.map((o) => o.Status)).toEqual(theirs.outputs.map((o) => o.Status));
  return { mine, theirs };
}

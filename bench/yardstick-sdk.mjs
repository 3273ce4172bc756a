/**
 * The yardstick for `npm run bench:cold`: the least an SDK must do to run the benchmark's step
 * workloads against the in-memory service, and nothing else. It is not an SDK anyone should use.
 *
 * What it does, as the protocol requires: md5 wire ids (the first 16 hex digits of the raw id's
 * hash), a step's START and SUCCEED queued together and sent in one checkpoint call once the burst of
 * promise continuations that queued them is over (ten microtask turns in a row that queue nothing, as
 * ours takes it: QUIET_TURNS in src/runtime/checkpoint/checkpoint-manager.ts), one call in flight, the
 * response's operations applied, and a finished step replayed from its stored result by id.
 *
 * What it leaves out, all of which ours and the reference do: `DurablePromise` (it returns native
 * promises, which `await` takes without a thenable job), every other operation, retries, validation,
 * plugins, the logger, suspension, non-determinism checks, serdes, the context-usage guard, and the
 * Lambda event's paging. It is a yardstick, not a proven lower bound (a cleverer SDK could beat it,
 * e.g. by parsing stored results lazily): how far above it an SDK sits is roughly the part of its
 * time that goes to what it adds beyond the protocol.
 */
import { hash } from "node:crypto";

const wireId = (rawId) => hash("md5", rawId, "hex").slice(0, 16);

/** Quiet microtask turns after which a burst counts as over (ours' QUIET_TURNS; test/tools/bench-yardstick.test.ts keeps them equal). */
export const QUIET_TURNS = 10;

export class DurableExecutionInvocationInputWithClient {
  constructor(event, client) {
    Object.assign(this, event);
    this.durableExecutionClient = client;
  }
}

export function withDurableExecution(handler) {
  return async (event) => {
    const client = event.durableExecutionClient;
    const stored = new Map();
    for (const op of event.InitialExecutionState?.Operations ?? []) stored.set(op.Id, op);
    let token = event.CheckpointToken;
    let updates = [];
    let waiters = [];
    let scheduled = false;
    const send = () => {
      scheduled = false;
      const request = { DurableExecutionArn: event.DurableExecutionArn, CheckpointToken: token, Updates: updates };
      const answered = waiters;
      updates = [];
      waiters = [];
      client.checkpoint(request).then((response) => {
        token = response.CheckpointToken ?? token;
        for (const op of response.NewExecutionState?.Operations ?? []) stored.set(op.Id, op);
        for (const resolve of answered) resolve();
      });
    };
    let seen = 0;
    let quiet = 0;
    const settle = () => {
      if (updates.length !== seen) {
        seen = updates.length;
        quiet = 0;
      } else if (++quiet === QUIET_TURNS) return send();
      Promise.resolve().then(settle);
    };
    const enqueue = (update, resolve) => {
      updates.push(update);
      if (resolve) waiters.push(resolve);
      if (!scheduled) {
        scheduled = true;
        seen = updates.length;
        quiet = 0;
        Promise.resolve().then(settle);
      }
    };
    let counter = 0;
    const context = {
      step(nameOrFn, fnIfNamed) {
        const fn = typeof nameOrFn === "function" ? nameOrFn : fnIfNamed;
        const name = typeof nameOrFn === "string" ? nameOrFn : undefined;
        const id = wireId(String(++counter));
        const op = stored.get(id);
        if (op?.Status === "SUCCEEDED") {
          const text = op.StepDetails?.Result;
          return Promise.resolve(text === undefined ? undefined : JSON.parse(text));
        }
        enqueue({ Id: id, Type: "STEP", SubType: "Step", Action: "START", Name: name });
        return Promise.resolve(fn({})).then((value) => {
          const succeed = { Id: id, Type: "STEP", SubType: "Step", Action: "SUCCEED", Name: name, Payload: JSON.stringify(value) };
          return new Promise((resolve) => enqueue(succeed, resolve)).then(() => value);
        });
      },
    };
    const input = JSON.parse(event.InitialExecutionState?.Operations?.[0]?.ExecutionDetails?.InputPayload ?? "{}");
    const result = await handler(input, context);
    return { Status: "SUCCEEDED", Result: JSON.stringify(result) };
  };
}

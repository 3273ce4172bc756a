/**
 * Property test of the SDK itself (fast-check): random workflows — trees of steps (failing, retried,
 * at-most-once), waits, child contexts, map, parallel and callbacks — run on our runner and must
 *  - replay deterministically: crashEverywhere passes (every cut run ends like the normal run);
 *  - never run an at-most-once step's body twice for one attempt;
 *  - end like the same workflow built with the reference SDK on the reference runner (same
 *    result, same operation sequence).
 * On failure fast-check prints the seed and the shrunk workflow; re-run with FC_SEED=<seed>.
 */
import * as referenceSdk from "@aws/durable-execution-sdk-js";
import * as referenceTesting from "@aws/durable-execution-sdk-js-testing";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import * as ourSdk from "../../src/index.js";
import { LocalDurableTestRunner, type CrashEverywhereReport } from "../../src/testing.js";
import { outline } from "../../src/testing/crash-everywhere.js";

type Node =
  | { kind: "step"; name: string; value: number; failures: number; retry: boolean; atMostOnce: boolean }
  | { kind: "wait"; name: string; seconds: number }
  | { kind: "child"; name: string; body: Node[] }
  | { kind: "parallel"; name: string; branches: Node[][] }
  | { kind: "map"; name: string; items: number[] }
  | { kind: "callback"; name: string; outcome: "success" | "failure" };

/** Names are assigned after generation so that every operation's name is unique. */
const leaf: fc.Arbitrary<Node> = fc.oneof(
  fc.record({
    kind: fc.constant("step" as const),
    name: fc.constant(""),
    value: fc.integer({ min: 0, max: 99 }),
    failures: fc.integer({ min: 0, max: 2 }),
    retry: fc.boolean(),
    atMostOnce: fc.boolean(),
  }),
  fc.record({ kind: fc.constant("wait" as const), name: fc.constant(""), seconds: fc.integer({ min: 1, max: 3600 }) }),
  fc.record({ kind: fc.constant("map" as const), name: fc.constant(""), items: fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 1, maxLength: 3 }) }),
  fc.record({ kind: fc.constant("callback" as const), name: fc.constant(""), outcome: fc.constantFrom("success" as const, "failure" as const) }),
);

const tree = fc.letrec<{ node: Node; body: Node[] }>((tie) => ({
  node: fc.oneof(
    { depthSize: "small", maxDepth: 3, withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant("child" as const), name: fc.constant(""), body: tie("body") as fc.Arbitrary<Node[]> }),
    fc.record({
      kind: fc.constant("parallel" as const),
      name: fc.constant(""),
      branches: fc.array(tie("body") as fc.Arbitrary<Node[]>, { minLength: 1, maxLength: 2 }),
    }),
  ),
  body: fc.array(tie("node") as fc.Arbitrary<Node>, { minLength: 1, maxLength: 3 }),
})).body;

/** Gives every node a unique name (n0, n1, …) in depth-first order. */
function named(body: Node[]): Node[] {
  let next = 0;
  const visit = (nodes: Node[]): Node[] =>
    nodes.map((node) => {
      const name = `n${next++}`;
      if (node.kind === "child") return { ...node, name, body: visit(node.body) };
      if (node.kind === "parallel") return { ...node, name, branches: node.branches.map(visit) };
      return { ...node, name };
    });
  return visit(body);
}

function callbacksOf(body: Node[]): Extract<Node, { kind: "callback" }>[] {
  return body.flatMap((node) =>
    node.kind === "callback" ? [node] : node.kind === "child" ? callbacksOf(node.body) : node.kind === "parallel" ? node.branches.flatMap(callbacksOf) : [],
  );
}

/** Per-run counters the step bodies use (reset before every run, including crashEverywhere's cut runs). */
class Counters {
  /** Body runs of at-most-once steps per attempt ("name#attempt"). */
  readonly atMostOnceRuns = new Map<string, number>();
  reset(): void {
    this.atMostOnceRuns.clear();
  }
}

/** The workflow as a durable handler of `sdk`. */
function build(sdk: { withDurableExecution: (handler: any) => any; StepSemantics: any }, body: Node[], counters: Counters) {
  const run = async (context: any, nodes: Node[]): Promise<unknown[]> => {
    const results: unknown[] = [];
    for (const node of nodes) results.push(await runNode(context, node));
    return results;
  };
  const runNode = async (context: any, node: Node): Promise<unknown> => {
    switch (node.kind) {
      case "step": {
        // An at-most-once step interrupted by a crash counts as a failed attempt (StepInterruptedError),
        // which changes the attempt numbers: such steps never fail on their own and retry interruptions.
        const failures = node.atMostOnce ? 0 : node.failures;
        const interrupted = (error: Error) => error.name === "StepInterruptedError" || /interruption/.test(error.message);
        const config: Record<string, unknown> = {
          retryStrategy: (error: Error, attempt: number) => ({
            shouldRetry: (node.atMostOnce && interrupted(error) && attempt < 5) || (node.retry && attempt <= failures),
            delay: { seconds: 1 },
          }),
        };
        if (node.atMostOnce) config.semantics = sdk.StepSemantics.AtMostOncePerRetry;
        try {
          return await context.step(
            node.name,
            async (step: { attempt: number }) => {
              if (node.atMostOnce) {
                const key = `${node.name}#${step.attempt}`;
                counters.atMostOnceRuns.set(key, (counters.atMostOnceRuns.get(key) ?? 0) + 1);
              }
              if (step.attempt <= failures) throw new Error(`${node.name} failed attempt ${step.attempt}`);
              return node.value;
            },
            config,
          );
        } catch (error) {
          return `caught ${(error as Error).message}`;
        }
      }
      case "wait":
        await context.wait(node.name, { seconds: node.seconds });
        return "waited";
      case "child":
        return context.runInChildContext(node.name, (inner: any) => run(inner, node.body));
      case "parallel": {
        const batch = await context.parallel(
          node.name,
          node.branches.map((branch) => (inner: any) => run(inner, branch)),
        );
        return batch.getResults();
      }
      case "map": {
        const batch = await context.map(node.name, node.items, async (inner: any, item: number, index: number) =>
          inner.step(`${node.name}-item`, async () => item * 10 + index),
        );
        return batch.getResults();
      }
      case "callback": {
        const [promise] = await context.createCallback(node.name, { timeout: { hours: 1 } });
        try {
          return `callback ${await promise}`;
        } catch (error) {
          return `callback failed ${(error as Error).message}`;
        }
      }
    }
  };
  return sdk.withDurableExecution(async (_event: unknown, context: any) => run(context, body));
}

/** Answers every callback of the workflow as soon as it starts. */
function answerCallbacks(runner: { getOperation(name: string): any }, body: Node[]): void {
  for (const callback of callbacksOf(body)) {
    void runner
      .getOperation(callback.name)
      .waitForData()
      .then((op: any) =>
        callback.outcome === "success"
          ? op.sendCallbackSuccess(JSON.stringify(`ok ${callback.name}`))
          : op.sendCallbackFailure({ ErrorType: "Rejected", ErrorMessage: `no ${callback.name}` }),
      )
      .catch(() => undefined);
  }
}

const seed = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
const workflows = tree.map(named);

describe("SDK properties over generated workflows", () => {
  it("every generated workflow replays deterministically: crashEverywhere passes and at-most-once bodies never run twice per attempt", async () => {
    await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
    try {
      await fc.assert(
        fc.asyncProperty(workflows, async (body) => {
          const counters = new Counters();
          const runner = new LocalDurableTestRunner({ handlerFunction: build(ourSdk, body, counters) });
          let report: CrashEverywhereReport | undefined;
          const violations: string[] = [];
          const checkAtMostOnce = () => {
            for (const [key, runs] of counters.atMostOnceRuns) if (runs > 1) violations.push(`${key} ran ${runs} times`);
          };
          const running = runner.run({
            crashEverywhere: {
              beforeRun: () => {
                checkAtMostOnce();
                counters.reset();
              },
              onReport: (r) => (report = r),
            },
          });
          answerCallbacks(runner, body);
          const result = await running;
          checkAtMostOnce();
          expect(result.getStatus()).toBe("SUCCEEDED");
          expect(report?.failures).toEqual([]);
          expect(violations).toEqual([]);
        }),
        { numRuns: 10, seed, verbose: 1, endOnFailure: true },
      );
    } finally {
      await LocalDurableTestRunner.teardownTestEnvironment();
    }
  }, 240_000);

  it("every generated workflow ends as on the reference SDK and runner: same result, same operation sequence", async () => {
    await fc.assert(
      fc.asyncProperty(workflows, async (body) => {
        await referenceTesting.LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
        let expected;
        try {
          const runner = new referenceTesting.LocalDurableTestRunner({ handlerFunction: build(referenceSdk, body, new Counters()) });
          const running = runner.run();
          answerCallbacks(runner, body);
          expected = outline((await running) as never);
        } finally {
          await referenceTesting.LocalDurableTestRunner.teardownTestEnvironment();
        }
        await LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });
        try {
          const runner = new LocalDurableTestRunner({ handlerFunction: build(ourSdk, body, new Counters()) });
          const running = runner.run();
          answerCallbacks(runner, body);
          const found = outline(await running);
          expect(found).toEqual(expected);
        } finally {
          await LocalDurableTestRunner.teardownTestEnvironment();
        }
      }),
      { numRuns: 8, seed, verbose: 1, endOnFailure: true },
    );
  }, 240_000);
});

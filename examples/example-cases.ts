/**
 * Shared by the example tests: each example's test bodies are written once (`<name>.cases.ts`,
 * plain `node:assert`) and run both by vitest (`<name>.test.ts`) and by node's test runner
 * (`<name>.node-test.ts`).
 */
import { LocalDurableTestRunner } from "../src/testing.js";

export interface ExampleCase {
  name: string;
  run: () => Promise<void>;
}

/** Before the cases: virtual time, so waits, retries and callback timeouts take no real time. */
export const setupExamples = (): Promise<void> => LocalDurableTestRunner.setupTestEnvironment({ skipTime: true });

/**
 * Asserts how long an operation took under skipTime: the skipped time, plus the few real milliseconds
 * the handler itself ran (time skips only while nothing runs, as on the service).
 */
export function assertTook(op: { getStartTimestamp(): Date | undefined; getEndTimestamp(): Date | undefined }, skippedMs: number): void {
  const took = op.getEndTimestamp()!.getTime() - op.getStartTimestamp()!.getTime();
  if (took < skippedMs || took >= skippedMs + 1000) {
    throw new Error(`expected the operation to take ${skippedMs} ms of skipped time plus under a second of real time, but it took ${took} ms`);
  }
}

export const teardownExamples = (): Promise<void> => LocalDurableTestRunner.teardownTestEnvironment();

/** The parts of a test framework the example suites use (vitest's and node:test's both fit). */
export interface TestFramework {
  before(hook: () => Promise<void>): unknown;
  after(hook: () => Promise<void>): unknown;
  describe(title: string, body: () => void): unknown;
  it(name: string, body: () => Promise<void>): unknown;
}

/** Registers `cases` as one suite of `framework`, with the runner's environment set up around it. */
export function registerExampleSuite(framework: TestFramework, title: string, cases: readonly ExampleCase[]): void {
  framework.before(setupExamples);
  framework.after(teardownExamples);
  framework.describe(title, () => {
    for (const testCase of cases) framework.it(testCase.name, testCase.run);
  });
}

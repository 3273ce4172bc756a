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

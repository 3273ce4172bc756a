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

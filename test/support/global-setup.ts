/**
 * Vitest's global setup (vitest.config.ts): runs once per `vitest run`, before any test file. It gives
 * the run an id that the test files read with `inject("testRunId")`: {@link buildOnce} uses it to build
 * the package once per run, however many files need the build.
 */
import { randomUUID } from "node:crypto";
import type { TestProject } from "vitest/node";

declare module "vitest" {
  export interface ProvidedContext {
    /** This `vitest run`'s id (one per run, the same in every worker). */
    testRunId: string;
  }
}

export default function setup(project: TestProject): void {
  project.provide("testRunId", randomUUID());
}

import { availableParallelism } from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts", "codegen/test/**/*.test.ts", "examples/**/*.test.ts"],
    environment: "node",
    testTimeout: 30_000,
    hookTimeout: 30_000,
    pool: "forks",
    // Gives each run an id, so the files that need the built package build it once (test/support/build-once.ts).
    globalSetup: ["test/support/global-setup.ts"],
    // Vitest's default is one worker less than the cores, so one worker on a 2-core machine (CI's). Much
    // of the suite waits on real time and child processes (the clock side by side, the packed package,
    // the CLI, crash tests), so two workers there finish it in far less wall time.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

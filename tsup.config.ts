import { defineConfig } from "tsup";

export default defineConfig([
  {
    entry: {
      index: "src/index.ts",
      testing: "src/testing.ts",
      otel: "src/otel.ts",
      "otel-execution": "src/otel-execution.ts",
      "otel-invocation": "src/otel-invocation.ts",
    },
    format: ["esm", "cjs"],
    dts: { compilerOptions: { ignoreDeprecations: "6.0" } },
    sourcemap: true,
    clean: true,
    target: "node20",
    splitting: false,
    external: ["@aws-sdk/client-lambda", "better-sqlite3"],
  },
  {
    entry: { cli: "src/cli/bin.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    external: ["@aws-sdk/client-lambda", "better-sqlite3"],
  },
  {
    // The run-durable bin (drop-in for the reference testing package's command).
    entry: { "run-durable": "src/cli/run-durable-bin.ts" },
    format: ["esm"],
    sourcemap: true,
    target: "node20",
    banner: { js: "#!/usr/bin/env node" },
    external: ["@aws-sdk/client-lambda", "better-sqlite3"],
  },
]);

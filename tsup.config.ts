import { defineConfig } from "tsup";
import { buildUi } from "./ui/build.js";

export default defineConfig([
  {
    // eslint: the ESLint plugin (`durable-execution-sdk/eslint`); only types come from eslint, an optional peer.
    entry: {
      index: "src/index.ts",
      testing: "src/testing.ts",
      eslint: "src/eslint/index.ts",
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
    external: ["@aws-sdk/client-lambda", "better-sqlite3", "eslint"],
    // The web UI of `durable dev` (dist/ui), built after this config cleaned dist/.
    onSuccess: async () => {
      await buildUi("dist/ui");
    },
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

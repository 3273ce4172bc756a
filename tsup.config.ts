import { defineConfig } from "tsup";
import type { Plugin } from "esbuild";
import { compactFile } from "./tools/compact.js";
import { buildUi } from "./ui/build.js";

const otelProvidersUseOtelEntry: Plugin = {
  name: "otel-providers-use-otel-entry",
  setup(build) {
    build.onResolve({ filter: /^\.\/otel\/(execution|invocation)-plugin\.js$/ }, (args) =>
      /[\\/]src[\\/]otel-(execution|invocation)\.ts$/.test(args.importer) ? { path: "durable-execution-sdk/otel", external: true } : undefined,
    );
  },
};

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
    // The provider modules (`./otel/execution`, `./otel/invocation`) take the plugin classes from the
    // package's own `./otel` entry instead of bundling a second copy, so a provider-made plugin is an
    // `instanceof` the class users import from `durable-execution-sdk/otel`.
    esbuildPlugins: [otelProvidersUseOtelEntry],
    // The web UI of `durable dev` (dist/ui), built after this config cleaned dist/.
    // The SDK entry is then compacted (whitespace and comments out; names, pure annotations and
    // source maps kept): what every Lambda cold start parses. See tools/compact.ts.
    onSuccess: async () => {
      await buildUi("dist/ui");
      compactFile("dist/index.js", "module");
      compactFile("dist/index.cjs", "script");
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

/**
 * `npm run generate` — regenerates src/generated/ and docs/reference/ from schema/.
 * `npm run generate:check` — fails, naming `npm run generate`, when they are stale.
 * Options: --schema DIR --out DIR --docs DIR (defaults: the repository's folders).
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { SchemaError } from "./load";
import { describeDiffs, diffOutput, generate, writeOutput } from "./generate";

const root = resolve(fileURLToPath(import.meta.url), "../../..");
const args = process.argv.slice(2);
const option = (name: string, fallback: string) => {
  const i = args.indexOf(name);
  return i >= 0 && args[i + 1] ? resolve(args[i + 1]!) : fallback;
};
const check = args.includes("--check");
const schemaDir = option("--schema", join(root, "schema"));
const outDir = option("--out", join(root, "src/generated"));
const docsDir = option("--docs", join(root, "docs/reference"));

try {
  const files = generate({ schemaDir, outDir, docsDir, templatesDir: join(root, "codegen/templates"), root });
  if (check) {
    const diffs = diffOutput(files, [outDir, docsDir]);
    if (diffs.length > 0) {
      console.error(`Generated code is stale (${diffs.length} ${diffs.length === 1 ? "file differs" : "files differ"} from the schema):\n${describeDiffs(diffs, root)}\nRun \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`Generated code is up to date (${files.size} files).`);
  } else {
    const diffs = writeOutput(files, [outDir, docsDir]);
    console.log(diffs.length ? `Regenerated ${diffs.length} file(s):\n${describeDiffs(diffs, root)}` : `Nothing to regenerate (${files.size} files up to date).`);
  }
} catch (error) {
  if (error instanceof SchemaError) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

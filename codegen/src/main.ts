/**
 * `npm run generate` — regenerates src/generated/ and docs/reference/ from schema/.
 * `npm run generate:check` — fails, naming `npm run generate`, when they are stale.
 * Also renders the API pages (docs/api/) from the TSDoc with TypeDoc.
 * Options: --schema DIR --out DIR --docs DIR --api DIR (defaults: the repository's folders); --no-api
 * skips the API pages (they depend on src/, not on the schema).
 */
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { buildIr } from "./ir";
import { loadSchema, SchemaError } from "./load";
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
const apiDir = args.includes("--no-api") ? undefined : option("--api", join(root, "docs/api"));
const owned = [outDir, docsDir, ...(apiDir ? [apiDir] : [])];

try {
  const files = generate({ schemaDir, outDir, docsDir, templatesDir: join(root, "codegen/templates"), root });
  // The API pages are read from the TSDoc of src/, which includes src/generated/: when writing, write
  // the schema's output first so that TSDoc changed in the schema reaches the API pages in one run.
  const written = check ? [] : writeOutput(files, [outDir, docsDir]);
  if (apiDir) {
    // Loaded only when needed: TypeDoc takes seconds to import.
    const { generateApiDocs } = await import("./api-docs");
    const limits = buildIr(loadSchema(schemaDir, root)).limits;
    for (const [path, content] of await generateApiDocs({ root, apiDir, limits })) files.set(path, content);
  }
  if (check) {
    const diffs = diffOutput(files, owned);
    if (diffs.length > 0) {
      console.error(`Generated code is stale (${diffs.length} ${diffs.length === 1 ? "file differs" : "files differ"} from the schema):\n${describeDiffs(diffs, root)}\nRun \`npm run generate\` and commit the result.`);
      process.exit(1);
    }
    console.log(`Generated code is up to date (${files.size} files).`);
  } else {
    const diffs = [...written, ...writeOutput(files, owned)];
    console.log(diffs.length ? `Regenerated ${diffs.length} file(s):\n${describeDiffs(diffs, root)}` : `Nothing to regenerate (${files.size} files up to date).`);
  }
} catch (error) {
  if (error instanceof SchemaError || (error instanceof Error && error.name === "ApiDocsError")) {
    console.error(error.message);
    process.exit(2);
  }
  throw error;
}

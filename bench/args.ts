/**
 * The command-line flags of the bench scripts, read one way: `node:util`'s `parseArgs` in strict mode,
 * so a misspelt or unknown flag (`--sample 5`) stops the script with the flag's name and the script's
 * usage instead of being ignored and the run measuring something else. Also the check every script
 * that measures the built package makes first: `dist/index.js` exists.
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs, type ParseArgsConfig } from "node:util";

type Options = NonNullable<ParseArgsConfig["options"]>;

/**
 * The flags of `argv` (default: this process's) as `options` declares them; no positional arguments.
 * Throws with the parser's message and `usage` for anything else.
 */
export function benchFlags<const O extends Options>(usage: string, options: O, argv: string[] = process.argv.slice(2)) {
  try {
    return parseArgs({ args: argv, options, strict: true, allowPositionals: false }).values;
  } catch (error) {
    throw new Error(`${(error as Error).message}\nusage: ${usage}`, { cause: error });
  }
}

/** The whole number given as `--name` (or `fallback` when absent), at least `min`; otherwise a typed error naming the flag. */
export function wholeNumberFlag(name: string, given: string | undefined, fallback: number, min = 1): number {
  if (given === undefined) return fallback;
  const value = Number(given);
  if (given.trim() === "" || !Number.isInteger(value) || value < min) throw new Error(`--${name} must be a whole number of at least ${min}, got ${JSON.stringify(given)}`);
  return value;
}

/** The built package's entry, `dist/index.js`; throws when it is missing, naming the npm script that builds it first. */
export function builtEntry(script: string): string {
  const entry = join(import.meta.dirname, "../dist/index.js");
  if (!existsSync(entry)) throw new Error(`dist/index.js is missing: run \`npm run build\` first (npm run ${script} does).`);
  return entry;
}

/** `--sdk name=path`: the name and the path, or a typed error when either is missing. */
export function namedPath(given: string): [name: string, path: string] {
  const at = given.indexOf("=");
  if (at <= 0 || at === given.length - 1) throw new Error(`--sdk takes name=path (a name for the report, then the SDK's package directory or entry file), got ${JSON.stringify(given)}`);
  return [given.slice(0, at), given.slice(at + 1)];
}

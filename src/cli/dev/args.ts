/**
 * Argument parsing shared by the dev-server commands: positional arguments, `--name value` /
 * `--name=value` options and boolean flags; anything else is a usage error.
 */
import { CliUsageError } from "../command.js";

export interface ParsedArgs {
  positional: string[];
  values: Map<string, string>;
  flags: Set<string>;
}

export function parseArgs(args: readonly string[], spec: { values?: readonly string[]; flags?: readonly string[] }): ParsedArgs {
  const valueNames = new Set(spec.values ?? []);
  const flagNames = new Set(spec.flags ?? []);
  const parsed: ParsedArgs = { positional: [], values: new Map(), flags: new Set() };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    if (arg === "--") {
      parsed.positional.push(...args.slice(i + 1));
      break;
    }
    if (!arg.startsWith("--")) {
      parsed.positional.push(arg);
      continue;
    }
    const eq = arg.indexOf("=");
    const name = eq === -1 ? arg : arg.slice(0, eq);
    if (flagNames.has(name)) {
      if (eq !== -1) throw new CliUsageError(`${name} takes no value`);
      parsed.flags.add(name);
    } else if (valueNames.has(name)) {
      const value = eq !== -1 ? arg.slice(eq + 1) : args[++i];
      if (value === undefined || value === "") throw new CliUsageError(`${name} needs a value`);
      if (parsed.values.has(name)) throw new CliUsageError(`${name} was given twice`);
      parsed.values.set(name, value);
    } else {
      throw new CliUsageError(`unknown option ${name}`);
    }
  }
  return parsed;
}

/** A TCP port number (0 = any free port where `allowZero`). */
export function parsePort(text: string | undefined, fallback: number, allowZero = false): number {
  if (text === undefined) return fallback;
  const port = /^\d+$/.test(text) ? Number(text) : NaN;
  if (!Number.isInteger(port) || port < (allowZero ? 0 : 1) || port > 65535) {
    throw new CliUsageError(`--port must be a whole number from ${allowZero ? 0 : 1} to 65535 (got ${JSON.stringify(text)})`);
  }
  return port;
}

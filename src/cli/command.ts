/**
 * The shape of one `durable` sub-command. Each lives in src/cli/commands/<name>.ts; main.ts turns
 * them into commander commands, so help text, "did you mean" and flag parsing come from one place.
 */
import { InvalidArgumentError, type Command } from "commander";

export interface CliIo {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WritableStream;
  cwd: string;
  env: NodeJS.ProcessEnv;
}

export interface CliCommand {
  name: string;
  /** One line for `durable --help`. */
  summary: string;
  /** Declares the command's arguments, options and help text on its commander command. */
  declare(command: Command): void;
  /**
   * Runs the command with commander's parsed arguments (in declaration order; a variadic argument is
   * an array) and options; resolves to the process exit code.
   */
  run(args: unknown[], options: Record<string, unknown>, io: CliIo): Promise<number>;
}

/** A usage error: printed with the command's usage, exit code 2. */
export class CliUsageError extends Error {
  override name = "CliUsageError";
}

/** An option parser that refuses the option a second time (commander would keep the last value). */
export function once(value: string, previous: string | undefined): string {
  if (previous !== undefined) throw new InvalidArgumentError(`given twice (first ${JSON.stringify(previous)}); give it once`);
  return value;
}

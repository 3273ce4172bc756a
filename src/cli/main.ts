/**
 * The `durable` command: tooling around the local durable service. Sub-commands live in
 * src/cli/commands/ and are listed in COMMANDS below. This module only exports; the executable is
 * bin.ts, so importing main() never runs a command.
 */
import { SDK_VERSION } from "../runtime/version.js";
import { CliUsageError, type CliCommand, type CliIo } from "./command.js";
import { callback } from "./commands/callback.js";
import { dev } from "./commands/dev.js";
import { history } from "./commands/history.js";
import { run } from "./commands/run.js";

/** Every sub-command, in the order `durable --help` lists them. */
export const COMMANDS: CliCommand[] = [run, dev, history, callback];

function help(): string {
  const width = Math.max(10, ...COMMANDS.map((c) => c.name.length));
  return [
    `durable ${SDK_VERSION} — tooling for durable-execution-sdk`,
    "",
    "Usage:",
    ...COMMANDS.map((c) => `  durable ${c.name.padEnd(width)}  ${c.summary}`),
    `  durable ${"--version".padEnd(width)}  print the SDK version`,
    `  durable ${"--help".padEnd(width)}  show this help (durable <command> --help for a command)`,
    "",
  ].join("\n");
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === "--version" || name === "-v") {
    io.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  if (name === undefined || name === "--help" || name === "-h") {
    io.stdout.write(help());
    return 0;
  }
  const command = COMMANDS.find((c) => c.name === name);
  if (!command) {
    io.stderr.write(`durable: unknown command "${name}"\n\n${help()}`);
    return 2;
  }
  if (rest.includes("--help") || rest.includes("-h")) {
    io.stdout.write(`${command.usage}\n`);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    if (error instanceof CliUsageError) {
      io.stderr.write(`durable ${name}: ${error.message}\n\n${command.usage}\n`);
      return 2;
    }
    io.stderr.write(`durable ${name}: ${(error as Error)?.stack ?? String(error)}\n`);
    return 1;
  }
}

/**
 * The `durable` command: tooling around durable executions — the local durable service and any
 * server that speaks the Lambda API. Sub-commands live in src/cli/commands/ and are listed in
 * COMMANDS below; commander parses the arguments, prints the help and suggests the nearest command or
 * option for a typo. This module only exports; the executable is bin.ts, so importing main() never
 * runs a command.
 */
import { Command, CommanderError } from "commander";
import { SDK_VERSION } from "../runtime/version.js";
import { CliUsageError, type CliCommand, type CliIo } from "./command.js";
import { callback } from "./commands/callback.js";
import { dev } from "./commands/dev.js";
import { history } from "./commands/history.js";
import { list, logs, start, stop } from "./commands/executions.js";
import { run } from "./commands/run.js";
import { HandlerFileError } from "./dev/load-functions.js";
import { HandlerLoadError } from "./run/load-handler.js";

/** Every sub-command, in the order `durable --help` lists them. */
export const COMMANDS: CliCommand[] = [run, dev, start, list, history, logs, stop, callback];

/** commander's "error: …" line, prefixed with the command it concerns. */
function errorLine(prefix: string, text: string): string {
  return `${prefix}: ${text.replace(/^error: /, "")}`;
}

/** Joins hard-wrapped lines into paragraphs (blank lines and indented lines keep their breaks). */
export function reflow(text: string): string {
  return text.replace(/([^\n])\n(?=[^\n\s])/g, "$1 ");
}

/** The commander program for one run of `durable` (its output goes to `io`). */
export function buildProgram(io: CliIo, setExitCode: (code: number) => void): Command {
  const program = new Command("durable")
    .description(`durable ${SDK_VERSION} — tooling for durable-execution-sdk`)
    .usage("<command> [options]")
    .version(SDK_VERSION, "-v, --version", "print the SDK version")
    .helpOption("-h, --help", "show this help (durable <command> --help for a command)")
    .helpCommand(false)
    .exitOverride()
    .showSuggestionAfterError(true)
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
      outputError: (text, write) => write(`${errorLine("durable", text)}Run durable --help for the commands.\n`),
    });
  for (const definition of COMMANDS) {
    const command = program
      .command(definition.name)
      .summary(definition.summary)
      .helpOption("-h, --help", "show this help")
      .exitOverride()
      .showHelpAfterError(true)
      .configureOutput({
        writeOut: (text) => io.stdout.write(text),
        writeErr: (text) => io.stderr.write(text),
        outputError: (text, write) => write(`${errorLine(`durable ${definition.name}`, text).trimEnd()}\n`),
      });
    definition.declare(command);
    // Descriptions are written as wrapped source text; commander wraps to the terminal itself.
    command.description(reflow(command.description()));
    command.action(async (...params: unknown[]) => {
      const self = params.at(-1) as Command;
      try {
        setExitCode(await definition.run(self.processedArgs, self.opts(), io));
      } catch (error) {
        if (error instanceof CliUsageError) {
          io.stderr.write(`durable ${definition.name}: ${error.message}\n\n${self.helpInformation()}`);
          setExitCode(2);
        } else if (error instanceof HandlerLoadError || error instanceof HandlerFileError) {
          io.stderr.write(`durable ${definition.name}: ${error.message}\n`);
          setExitCode(1);
        } else {
          io.stderr.write(`durable ${definition.name}: ${(error as Error)?.stack ?? String(error)}\n`);
          setExitCode(1);
        }
      }
    });
  }
  return program;
}

export async function main(argv: string[], io: CliIo): Promise<number> {
  let exitCode = 0;
  const program = buildProgram(io, (code) => (exitCode = code));
  if (argv.length === 0) {
    io.stdout.write(program.helpInformation());
    return 0;
  }
  try {
    await program.parseAsync(argv, { from: "user" });
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === "commander.helpDisplayed" || error.code === "commander.version" || error.code === "commander.help" ? 0 : 2;
    }
    throw error;
  }
  return exitCode;
}

/**
 * The `durable` command. `durable --version` and `durable --help` today; the local-service commands
 * (`run`, `dev`, `history`, `callback`) are added with the local durable service.
 */
import { SDK_VERSION } from "../runtime/version.js";

const HELP = `durable ${SDK_VERSION} — tooling for durable-execution-sdk

Usage:
  durable --version     print the SDK version
  durable --help        show this help
`;

export function main(argv: string[]): number {
  const [command] = argv;
  if (command === "--version" || command === "-v") {
    process.stdout.write(`${SDK_VERSION}\n`);
    return 0;
  }
  if (command === undefined || command === "--help" || command === "-h") {
    process.stdout.write(HELP);
    return 0;
  }
  process.stderr.write(`durable: unknown command "${command}"\n\n${HELP}`);
  return 2;
}

process.exitCode = main(process.argv.slice(2));

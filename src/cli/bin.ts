/**
 * The `durable` executable (built to dist/cli.js). It always runs the command, whatever name or path
 * it was reached through: npm's bin symlink, `npx durable`, a global install, or a Windows shim
 * that calls `node path/to/cli.js`. The command itself lives in main.ts, which only exports.
 */
import { main } from "./main.js";

// `durable list | head`: a closed pipe ends the output quietly instead of with an EPIPE stack.
for (const stream of [process.stdout, process.stderr]) {
  stream.on("error", (error: NodeJS.ErrnoException) => {
    if (error.code === "EPIPE") process.exit(process.exitCode ?? 0);
    throw error;
  });
}

main(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, cwd: process.cwd(), env: process.env }).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`durable: ${(error as Error)?.stack ?? String(error)}\n`);
    process.exitCode = 1;
  },
);

/**
 * Entry of the `run-durable` bin (dist/run-durable.js): runs at once however it is reached (a
 * node_modules/.bin symlink, npx, a global install or a Windows shim), with no check of its own name.
 */
import { runDurable } from "./run-durable/run-durable.js";

process.env.AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED ??= "true";
runDurable(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  },
);

/**
 * Version of this SDK, sent in the Lambda client's user agent. Kept equal to package.json by a test.
 *
 * @example
 * ```ts
 * import { SDK_VERSION } from "durable-execution-sdk";
 *
 * console.log(`durable-execution-sdk ${SDK_VERSION}`);
 * ```
 */
export const SDK_VERSION = "0.1.0";

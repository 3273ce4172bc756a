/**
 * `durable-execution-sdk/otel/execution`: a plugin provider module for `DURABLE_EXECUTION_PLUGINS`. Listing
 * it adds an {@link ExecutionOtelPlugin} with default options (the global tracer provider, X-Ray context)
 * to every durable handler, with no code change.
 */
import { DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION, type DurableInstrumentationPluginProvider } from "./runtime/plugins/types.js";
import { ExecutionOtelPlugin } from "./otel/execution-plugin.js";

/**
 * The provider the SDK's plugin loader reads from this module.
 *
 * @example
 * ```ts
 * // In the Lambda environment: DURABLE_EXECUTION_PLUGINS=durable-execution-sdk/otel/execution
 * import { durableExecutionPluginProvider } from "durable-execution-sdk/otel/execution";
 * const plugin = durableExecutionPluginProvider.createPlugin();
 * console.log(plugin.constructor.name); // ExecutionOtelPlugin
 * ```
 */
export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<ExecutionOtelPlugin> = {
  pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  pluginType: ExecutionOtelPlugin,
  createPlugin: () => new ExecutionOtelPlugin(),
};

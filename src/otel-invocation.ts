/**
 * `durable-execution-sdk/otel/invocation`: a plugin provider module for `DURABLE_EXECUTION_PLUGINS`. Listing
 * it adds an {@link InvocationOtelPlugin} with default options (the global tracer provider, X-Ray context)
 * to every durable handler, with no code change.
 */
import { DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION, type DurableInstrumentationPluginProvider } from "./runtime/plugins/types.js";
import { InvocationOtelPlugin } from "./otel/invocation-plugin.js";

/**
 * The provider the SDK's plugin loader reads from this module.
 *
 * @example
 * ```ts
 * // In the Lambda environment: DURABLE_EXECUTION_PLUGINS=durable-execution-sdk/otel/invocation
 * import { durableExecutionPluginProvider } from "durable-execution-sdk/otel/invocation";
 * const plugin = durableExecutionPluginProvider.createPlugin();
 * console.log(plugin.constructor.name); // InvocationOtelPlugin
 * ```
 */
export const durableExecutionPluginProvider: DurableInstrumentationPluginProvider<InvocationOtelPlugin> = {
  pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  pluginType: InvocationOtelPlugin,
  createPlugin: () => new InvocationOtelPlugin(),
};

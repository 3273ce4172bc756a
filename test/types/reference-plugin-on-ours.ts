/**
 * Compiled by `npm run typecheck` (strict): a plugin typed only against the reference SDK goes into our
 * `withDurableExecution` as an instance, as a `DurableInstrumentationPlugin` of the reference, and through a
 * provider of the reference's type; and a plugin typed against our SDK goes into the reference's.
 */
import * as reference from "@aws/durable-execution-sdk-js";
import { withDurableExecution, type DurableInstrumentationPlugin, type DurableInstrumentationPluginProvider } from "../../src/index.js";
import { ReferenceTypedPlugin, type ReferenceHookCall } from "./reference-plugin.js";

const calls: ReferenceHookCall[] = [];
const referencePlugin: reference.DurableInstrumentationPlugin = new ReferenceTypedPlugin(calls);
const referenceProvider: reference.DurableInstrumentationPluginProvider<ReferenceTypedPlugin> = {
  pluginApiVersion: reference.DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  pluginType: ReferenceTypedPlugin,
  createPlugin: () => new ReferenceTypedPlugin(calls),
};

export const onOurs = withDurableExecution(async (_event: unknown, ctx) => ctx.step("a", async () => 1), {
  plugins: [referencePlugin, new ReferenceTypedPlugin(calls), referenceProvider.createPlugin()],
  pluginsConfig: { childOperationsDepth: 1 },
});
export const asOurProvider: DurableInstrumentationPluginProvider<ReferenceTypedPlugin> = referenceProvider;

const ourPlugin: DurableInstrumentationPlugin = {
  async onOperationEnd(info) {
    calls.push(["onOperationEnd", { id: info.id, status: info.status }]);
  },
  wrapOperationAttemptFn: (_info, fn) => fn(),
  enrichLogContext: () => ({ ours: true }),
};
export const onReference = reference.withDurableExecution(async (_event: unknown, ctx) => ctx.step("a", async () => 1), {
  plugins: [ourPlugin],
});

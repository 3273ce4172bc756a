/**
 * Loads the plugins named in `DURABLE_EXECUTION_PLUGINS`: a comma-separated list of package names or
 * module specifiers. Each module is imported (only the listed ones; nothing is discovered), must export
 * `durableExecutionPluginProvider` (directly or on its default export) declaring plugin API version
 * {@link DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION}, and its `createPlugin()` is called once.
 *
 * A specifier the SDK's own module resolution cannot find is resolved from the application root
 * (`LAMBDA_TASK_ROOT`, else the working directory), so packages installed in the function artifact or
 * a layer's `nodejs/node_modules` are found. Relative specifiers are relative to that root too.
 *
 * Explicit `config.plugins` keep their order and come first; environment plugins follow in list order.
 */
import {
  messagePluginLoadErrorApiVersionMismatch,
  messagePluginLoadErrorCreateFailed,
  messagePluginLoadErrorCreatePluginMissing,
  messagePluginLoadErrorEnvironmentDuplicate,
  messagePluginLoadErrorEnvironmentEntryEmpty,
  messagePluginLoadErrorModuleLoadFailed,
  messagePluginLoadErrorModuleUnresolved,
  messagePluginLoadErrorNotModuleNamespace,
  messagePluginLoadErrorPluginTypeInvalid,
  messagePluginLoadErrorProviderAmbiguous,
  messagePluginLoadErrorProviderMissing,
  messagePluginLoadErrorProviderNotObject,
  messagePluginLoadErrorWrongPluginType,
  PluginLoadError,
} from "../../generated/index.js";
import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type DurableInstrumentationPluginType,
} from "./types.js";
import { builtin } from "../builtins.js";
import { thrownText } from "../text.js";

export const PLUGIN_ENVIRONMENT_VARIABLE = "DURABLE_EXECUTION_PLUGINS";
export const PLUGIN_PROVIDER_EXPORT = "durableExecutionPluginProvider";

// The class puts "Dynamic plugin configuration failed: " before each message, as the reference's does.
const loadError = (message: string, cause?: unknown): PluginLoadError => new PluginLoadError(message, cause === undefined ? undefined : { cause });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  (typeof value === "object" || typeof value === "function") && value !== null;
/** A load failure's own text: its message, or what was thrown (see thrownText). */
const messageOf = (error: unknown): string => thrownText(error instanceof Error ? error.message : error);

/** The specifiers listed in the environment ([] when unset or blank). */
export function parsePluginSpecifiers(environment: NodeJS.ProcessEnv): string[] {
  const value = environment[PLUGIN_ENVIRONMENT_VARIABLE];
  if (value === undefined || value.trim() === "") return [];
  const specifiers = value.split(",").map((part) => part.trim());
  const empty = specifiers.findIndex((s) => s === "");
  if (empty !== -1) {
    throw loadError(messagePluginLoadErrorEnvironmentEntryEmpty(PLUGIN_ENVIRONMENT_VARIABLE, empty + 1, value));
  }
  const seen = new Set<string>();
  for (const specifier of specifiers) {
    if (seen.has(specifier))
      throw loadError(messagePluginLoadErrorEnvironmentDuplicate(PLUGIN_ENVIRONMENT_VARIABLE, specifier));
    seen.add(specifier);
  }
  return specifiers;
}

const isNotFound = (error: unknown): boolean => {
  const code = isRecord(error) ? error.code : undefined;
  return code === "ERR_MODULE_NOT_FOUND" || code === "MODULE_NOT_FOUND";
};
const isPathLike = (specifier: string): boolean => specifier.startsWith(".") || builtin("node:path").isAbsolute(specifier);

/** Imports one listed module: paths from the application root; packages by Node's resolution, then from the root. */
async function importPluginModule(specifier: string, root: string): Promise<unknown> {
  const { join, resolve } = builtin("node:path");
  const { pathToFileURL } = builtin("node:url");
  if (isPathLike(specifier)) return import(pathToFileURL(resolve(root, specifier)).href);
  try {
    return await import(specifier);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    let resolved: string;
    try {
      resolved = builtin("node:module").createRequire(join(root, "package.json")).resolve(specifier);
    } catch (resolveError) {
      throw new AggregateError([error, resolveError], messagePluginLoadErrorModuleUnresolved(specifier, root));
    }
    return import(pathToFileURL(resolved).href);
  }
}

function providerOf(specifier: string, moduleValue: unknown): DurableInstrumentationPluginProvider {
  if (!isRecord(moduleValue)) throw loadError(messagePluginLoadErrorNotModuleNamespace(specifier));
  const direct = moduleValue[PLUGIN_PROVIDER_EXPORT];
  const viaDefault = isRecord(moduleValue.default) ? moduleValue.default[PLUGIN_PROVIDER_EXPORT] : undefined;
  const candidates = [direct, viaDefault].filter((c, i, all) => c !== undefined && all.indexOf(c) === i);
  if (candidates.length === 0)
    throw loadError(messagePluginLoadErrorProviderMissing(specifier, PLUGIN_PROVIDER_EXPORT));
  if (candidates.length > 1) throw loadError(messagePluginLoadErrorProviderAmbiguous(specifier, PLUGIN_PROVIDER_EXPORT));
  const provider = candidates[0];
  if (!isRecord(provider)) throw loadError(messagePluginLoadErrorProviderNotObject(specifier));
  if (provider.pluginApiVersion !== DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION) {
    throw loadError(messagePluginLoadErrorApiVersionMismatch(specifier, String(provider.pluginApiVersion), DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION));
  }
  const { pluginType, createPlugin } = provider;
  if (!isPluginType(pluginType)) throw loadError(messagePluginLoadErrorPluginTypeInvalid(specifier));
  if (typeof createPlugin !== "function") throw loadError(messagePluginLoadErrorCreatePluginMissing(specifier));
  // A typed view of the checked provider; createPlugin keeps the provider as its `this`.
  return {
    pluginApiVersion: DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
    pluginType,
    createPlugin: (): DurableInstrumentationPlugin => createPlugin.call(provider),
  };
}

/** A class (a function with an object prototype), as `pluginType` must be. */
function isPluginType(value: unknown): value is DurableInstrumentationPluginType {
  return typeof value === "function" && isRecord(Reflect.get(value, "prototype"));
}

function create(specifier: string, provider: DurableInstrumentationPluginProvider): DurableInstrumentationPlugin {
  let plugin: DurableInstrumentationPlugin;
  try {
    plugin = provider.createPlugin();
  } catch (error) {
    throw loadError(messagePluginLoadErrorCreateFailed(specifier, messageOf(error)), error);
  }
  if (!(plugin instanceof provider.pluginType)) {
    const actual = plugin == null ? String(plugin) : ((plugin as { constructor?: { name?: string } }).constructor?.name ?? typeof plugin);
    throw loadError(messagePluginLoadErrorWrongPluginType(specifier, provider.pluginType.name, actual));
  }
  return plugin;
}

/** Explicit plugins (in order) followed by the environment's (in list order). Rejects with PluginLoadError. */
export async function loadConfiguredPlugins(
  explicit: readonly DurableInstrumentationPlugin[] | undefined,
  environment: NodeJS.ProcessEnv = process.env,
): Promise<DurableInstrumentationPlugin[]> {
  const plugins = [...(explicit ?? [])];
  const specifiers = parsePluginSpecifiers(environment);
  if (specifiers.length === 0) return plugins;
  const root = environment.LAMBDA_TASK_ROOT?.trim() || process.cwd();
  for (const specifier of specifiers) {
    let moduleValue: unknown;
    try {
      moduleValue = await importPluginModule(specifier, root);
    } catch (error) {
      throw loadError(messagePluginLoadErrorModuleLoadFailed(specifier, PLUGIN_ENVIRONMENT_VARIABLE, messageOf(error)), error);
    }
    plugins.push(create(specifier, providerOf(specifier, moduleValue)));
  }
  return plugins;
}

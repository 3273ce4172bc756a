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
import { PluginLoadError } from "../../generated/index.js";
import {
  DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION,
  type DurableInstrumentationPlugin,
  type DurableInstrumentationPluginProvider,
  type DurableInstrumentationPluginType,
} from "./types.js";
import { builtin } from "../builtins.js";

export const PLUGIN_ENVIRONMENT_VARIABLE = "DURABLE_EXECUTION_PLUGINS";
export const PLUGIN_PROVIDER_EXPORT = "durableExecutionPluginProvider";

const FAILED = "Dynamic plugin configuration failed: ";
const loadError = (message: string, cause?: unknown): PluginLoadError =>
  new PluginLoadError(FAILED + message, cause === undefined ? undefined : { cause });

const isRecord = (value: unknown): value is Record<string, unknown> =>
  (typeof value === "object" || typeof value === "function") && value !== null;
const messageOf = (error: unknown): string => (error instanceof Error ? error.message : String(error));

/** The specifiers listed in the environment ([] when unset or blank). */
export function parsePluginSpecifiers(environment: NodeJS.ProcessEnv): string[] {
  const value = environment[PLUGIN_ENVIRONMENT_VARIABLE];
  if (value === undefined || value.trim() === "") return [];
  const specifiers = value.split(",").map((part) => part.trim());
  const empty = specifiers.findIndex((s) => s === "");
  if (empty !== -1) {
    throw loadError(
      `${PLUGIN_ENVIRONMENT_VARIABLE} must contain non-empty, comma-separated package or module specifiers (entry ${empty + 1} of "${value}" is empty). Remove the stray comma.`,
    );
  }
  const seen = new Set<string>();
  for (const specifier of specifiers) {
    if (seen.has(specifier))
      throw loadError(`${PLUGIN_ENVIRONMENT_VARIABLE} contains duplicate module specifier '${specifier}'. List each plugin module once.`);
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
      throw new AggregateError(
        [error, resolveError],
        `Unable to resolve '${specifier}' from the application (${root}) or the configured Node.js module paths. Ensure the package is installed in the function artifact or an attached Lambda layer under 'nodejs/node_modules'.`,
      );
    }
    return import(pathToFileURL(resolved).href);
  }
}

function providerOf(specifier: string, moduleValue: unknown): DurableInstrumentationPluginProvider {
  if (!isRecord(moduleValue)) throw loadError(`Plugin module '${specifier}' did not evaluate to a module namespace object.`);
  const direct = moduleValue[PLUGIN_PROVIDER_EXPORT];
  const viaDefault = isRecord(moduleValue.default) ? moduleValue.default[PLUGIN_PROVIDER_EXPORT] : undefined;
  const candidates = [direct, viaDefault].filter((c, i, all) => c !== undefined && all.indexOf(c) === i);
  if (candidates.length === 0)
    throw loadError(`Plugin module '${specifier}' must export '${PLUGIN_PROVIDER_EXPORT}'. Export a DurableInstrumentationPluginProvider under that name.`);
  if (candidates.length > 1) throw loadError(`Plugin module '${specifier}' exposes multiple different '${PLUGIN_PROVIDER_EXPORT}' values. Export one provider.`);
  const provider = candidates[0];
  if (!isRecord(provider)) throw loadError(`Plugin module '${specifier}' exports an invalid provider; expected an object.`);
  if (provider.pluginApiVersion !== DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION) {
    throw loadError(
      `Plugin provider '${specifier}' declares plugin API version '${String(provider.pluginApiVersion)}', but durable-execution-sdk supports version ${DURABLE_INSTRUMENTATION_PLUGIN_API_VERSION}. Install compatible SDK and plugin package versions.`,
    );
  }
  const { pluginType, createPlugin } = provider;
  if (!isPluginType(pluginType)) throw loadError(`Plugin provider '${specifier}' must declare a constructable 'pluginType' (the plugin's class).`);
  if (typeof createPlugin !== "function") throw loadError(`Plugin provider '${specifier}' must define a 'createPlugin' factory function.`);
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
    throw loadError(`Plugin provider '${specifier}' failed to create its plugin: ${messageOf(error)}`, error);
  }
  if (!(plugin instanceof provider.pluginType)) {
    const actual = plugin == null ? String(plugin) : ((plugin as { constructor?: { name?: string } }).constructor?.name ?? typeof plugin);
    throw loadError(`Plugin provider '${specifier}' declared plugin type '${provider.pluginType.name}' but created '${actual}'.`);
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
      throw loadError(`Failed to load plugin module '${specifier}' (listed in ${PLUGIN_ENVIRONMENT_VARIABLE}): ${messageOf(error)}`, error);
    }
    plugins.push(create(specifier, providerOf(specifier, moduleValue)));
  }
  return plugins;
}

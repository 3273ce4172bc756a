/**
 * `durable-execution-sdk/eslint`: lint rules that catch replay bugs in durable handlers before they
 * ship. The default export is an ESLint flat-config plugin; `configs.recommended` turns every rule on.
 *
 * @packageDocumentation
 */
import type { ESLint, Linter, Rule } from "eslint";
import { SDK_VERSION } from "../runtime/version";
import { noClosureInDurableOperations } from "./rules/no-closure-in-durable-operations";
import { noNestedDurableOperations } from "./rules/no-nested-durable-operations";
import { noNonDeterministicOutsideStep } from "./rules/no-non-deterministic-outside-step";

/**
 * The rules of the plugin, by name (without the `durable/` prefix), for a config that picks some:
 *
 * @example
 * ```ts
 * // eslint.config.js
 * import durable from "durable-execution-sdk/eslint";
 *
 * export default [
 *   {
 *     plugins: { durable },
 *     rules: {
 *       "durable/no-non-deterministic-outside-step": "error",
 *       "durable/no-nested-durable-operations": "error",
 *       "durable/no-closure-in-durable-operations": "warn",
 *     },
 *   },
 * ];
 * ```
 */
export const rules: {
  "no-non-deterministic-outside-step": Rule.RuleModule;
  "no-nested-durable-operations": Rule.RuleModule;
  "no-closure-in-durable-operations": Rule.RuleModule;
} = {
  "no-non-deterministic-outside-step": noNonDeterministicOutsideStep,
  "no-nested-durable-operations": noNestedDurableOperations,
  "no-closure-in-durable-operations": noClosureInDurableOperations,
};

/**
 * The plugin object: `meta`, `rules` and `configs.recommended` (a flat config registering the plugin
 * under the name `durable` and turning every rule on as an error).
 *
 * @example
 * ```ts
 * import durable, { type DurablePlugin } from "durable-execution-sdk/eslint";
 *
 * const plugin: DurablePlugin = durable;
 * console.log(Object.keys(plugin.rules)); // the three rule names
 * ```
 */
export interface DurablePlugin extends ESLint.Plugin {
  meta: { name: string; version: string };
  rules: typeof rules;
  configs: { recommended: Linter.Config };
}

/**
 * The ESLint plugin. Use its recommended config in `eslint.config.js`:
 *
 * @example
 * ```ts
 * // eslint.config.js
 * import durable from "durable-execution-sdk/eslint";
 *
 * export default [durable.configs.recommended];
 * ```
 */
const plugin: DurablePlugin = {
  meta: { name: "durable-execution-sdk/eslint", version: SDK_VERSION },
  rules,
  configs: { recommended: {} as Linter.Config },
};
plugin.configs.recommended = {
  name: "durable-execution-sdk/recommended",
  plugins: { durable: plugin },
  rules: Object.fromEntries(Object.keys(rules).map((name) => [`durable/${name}`, "error"])),
};

export default plugin;

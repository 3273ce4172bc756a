/** The one place names are derived. Emitters never invent a name. */

export const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);
export const camel = (name: string): string => name.charAt(0).toLowerCase() + name.slice(1);
/** `CHAINED_INVOKE` → `chainedInvoke`: an UPPER_SNAKE wire value (an OperationType) as a camelCase name part. */
export const snakeToCamel = (name: string): string => name.toLowerCase().replace(/_([a-z])/g, (_m, ch: string) => ch.toUpperCase());
export const kebab = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1-$2").toLowerCase();
/** `RetryStrategy` → `RETRY_STRATEGY`: the case of every generated constant's name. */
export const constantCase = (name: string): string => name.replace(/([a-z0-9])([A-Z])/g, "$1_$2").toUpperCase();
/** `RetryStrategyConfig` → `RETRY_STRATEGY_DEFAULTS`: the constant holding a type's typed field defaults. */
export const typeDefaultsName = (typeName: string): string => `${constantCase(typeName.replace(/Config$/, ""))}_DEFAULTS`;
/** `RetryStrategyConfig` → `RETRY_STRATEGY_PRESETS`: the constant holding a type's named presets. */
export const typePresetsName = (typeName: string): string => typeDefaultsName(typeName).replace(/_DEFAULTS$/, "_PRESETS");
/** `RetryStrategyConfig` → `RETRY_STRATEGY_FIELDS`: the constant naming a type's fields (the keys its objects may have). */
export const typeFieldsName = (typeName: string): string => typeDefaultsName(typeName).replace(/_DEFAULTS$/, "_FIELDS");
/** `CompletionReason`, `ALL_COMPLETED` → `COMPLETION_REASON_ALL_COMPLETED`: the constant holding one value of a string-literal union type. */
export const typeValueName = (typeName: string, value: string): string => `${constantCase(typeName)}_${value}`;
/** `CompletionReason` → `COMPLETION_REASON_VALUES`: the set of every value of a string-literal union type. */
export const typeValuesSetName = (typeName: string): string => `${constantCase(typeName)}_VALUES`;
/** `CallbackOptions` → `CALLBACK_OPTIONS_NONE_VALUES`: the constant holding the values of a type's fields that mean none. */
export const typeNoneValuesName = (typeName: string): string => typeDefaultsName(typeName).replace(/_DEFAULTS$/, "_NONE_VALUES");
/** `RetryStrategyConfig` → `RETRY_STRATEGY_MAX_SECONDS`: the constant holding the longest total of each of a type's Duration fields. */
export const typeMaxSecondsName = (typeName: string): string => typeDefaultsName(typeName).replace(/_DEFAULTS$/, "_MAX_SECONDS");
/** `MAX_CALLBACK_TIMEOUT_SECONDS` → `isDurationUpToMaxCallbackTimeoutSeconds`: the validators' test of a Duration field with that limit. */
export const durationTestName = (limit: string): string => `isDurationUpTo${pascal(snakeToCamel(limit))}`;

/** `step` → `StepArgs` (normalised arguments handed to the runtime). */
export const argsTypeName = (operation: string): string => `${pascal(operation)}Args`;
/** `step` → `validateStepArgs`. */
export const argsValidatorName = (operation: string): string => `validate${pascal(operation)}Args`;
/** `WITH_RETRY_ARGS_RULES`: the rule table of a function's (or an operation's normalised) arguments, which `checkArguments` is given. */
export const argsRulesConstant = (name: string): string => `${constantCase(pascal(name))}_ARGS_RULES`;
/** `StepConfig` → `validateStepConfig`. */
export const configValidatorName = (config: string): string => `validate${pascal(config)}`;
/** `DurableExecutionConfig`, `beforePlugins` → `durableExecutionConfigIssueBeforePlugins`: the generated invocation checks made at one point. */
export const invocationCheckFunctionName = (config: string, phase: string): string => `${camel(config)}Issue${pascal(phase)}`;
/** The generated checks of withDurableExecution's invocation event (schema/execution.yaml `event`), and what they return. */
export const EVENT_CHECK_FUNCTION = "durableExecutionEventIssue";
export const EVENT_ISSUE_TYPE = "DurableExecutionEventIssue";
export const EVENT_READ_TYPE = "DurableExecutionEventRead";
/** `StepConfig` → `ResolvedStepConfig` (defaults filled in). */
export const resolvedConfigName = (config: string): string => `Resolved${pascal(config)}`;
/** `StepConfig` → `resolveStepConfig`. */
export const configResolverName = (config: string): string => `resolve${pascal(config)}`;
/** `StepConfig` → `StepConfigRuntimeDefaults` (the defaults the runtime supplies). */
export const runtimeDefaultsName = (config: string): string => `${pascal(config)}RuntimeDefaults`;
/** `step` → `stepUpdates`, promise `all` → `promiseAllUpdates`: the checkpoint update builders of an operation. */
export const updateBuilderName = (operation: string, group: "context" | "promise"): string =>
  group === "promise" ? `promise${pascal(operation)}Updates` : `${operation}Updates`;
/** `EXECUTION` → `executionUpdates`: the checkpoint update builders of the execution's own operation (schema/execution.yaml). */
export const executionUpdateBuilderName = (operationType: string): string => `${snakeToCamel(operationType)}Updates`;
/** Docs page of an operation: `waitForCallback` → `wait-for-callback.md`, promise `all` → `promise-all.md`. */
export const docsFileName = (operation: string, group: "context" | "promise"): string =>
  `${group === "promise" ? "promise-" : ""}${kebab(operation)}.md`;
/** How users call it: `context.step`, `context.promise.all`. */
export const callPath = (operation: string, group: "context" | "promise", promiseProperty: string): string =>
  group === "promise" ? `context.${promiseProperty}.${operation}` : `context.${operation}`;
/** `CheckpointUnrecoverableExecutionError` → `CHECKPOINT_UNRECOVERABLE_EXECUTION_ERROR_SERVICE_ERRORS`: an error's `serviceErrorNames`. */
export const serviceErrorsConstant = (errorName: string): string => `${constantCase(errorName)}_SERVICE_ERRORS`;
/** `ResourceNotFoundException` → `RESOURCE_NOT_FOUND_EXCEPTION_NAME`: the constant holding a service exception's `name`. */
export const serviceExceptionNameConstant = (exceptionName: string): string => `${constantCase(exceptionName)}_NAME`;

const RESERVED = new Set(["delete", "new", "default", "class", "function", "return", "switch", "case", "in", "of"]);
/** Escapes names that cannot be used as bare identifiers in generated code. */
export const safeIdentifier = (name: string): string => (RESERVED.has(name) ? `${name}$` : name);

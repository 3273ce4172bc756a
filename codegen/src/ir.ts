/**
 * The intermediate representation: a resolved, immutable view of the schema with every derived fact
 * computed once (overload sets, validator types, field paths and fixes, error lists). Emitters read only
 * this, never YAML.
 */
import type { Check, EventCheck, InvocationPhase, LAMBDA_QUERY_TYPES } from "./meta-schema";
import { SchemaError, type LoadedSchema } from "./load";
import { createBuildContext, type BuildContext } from "./ir/build-context";
import { buildSharedConfigs, buildSharedFunctions, createConfigRules, sharedConfigSpecs } from "./ir/configs";
import { buildDurableContext } from "./ir/context";
import { buildDurationRule, checkDurationRuleDeclared } from "./ir/duration-rule";
import { buildEnums } from "./ir/enums";
import { buildErrors, checkRaisedBy } from "./ir/errors";
import { buildExecution } from "./ir/execution";
import { buildHistory } from "./ir/history";
import { buildLambdaApi, buildLimits } from "./ir/lambda-api";
import { declareNames } from "./ir/names";
import { createCheckpointRules } from "./ir/checkpoints";
import { buildOperations } from "./ir/operations";
import { buildProtocol, checkProtocolEvents, checkRefusedWithMessages } from "./ir/protocol";
import { buildServiceErrors, checkServiceErrorObjects } from "./ir/service-errors";
import { schemaSources } from "./ir/sources";
import { buildTypes, resolveTypeDefaults } from "./ir/types";
import { typeDefaultsName, typeNoneValuesName } from "./naming";

export interface IrTypeParam {
  name: string;
  constraint?: string;
  default?: string;
}
export interface IrEnum {
  name: string;
  summary: string;
  description?: string;
  /** `const`: const object plus union type; `enum`: a TypeScript string enum. */
  declaration: "const" | "enum";
  values: { name: string; value: string; summary: string }[];
  /** A generated table from each value to values of another enum (`<Enum><Name>`), if declared. */
  relation?: { constName: string; summary: string; targetEnum: string; entries: { value: string; related: string[] }[] };
  /** Value-level flags: each is generated as a `ReadonlySet<Enum>` (`setName`) of the values carrying it (`values`, member names). */
  flags: { name: string; setName: string; summary: string; values: string[] }[];
  /** The TSDoc `@example`: a self-contained module. */
  example?: string;
  /** Tagged `@experimental` (part of the plugin API). */
  experimental: boolean;
  source: string;
}
export interface IrTypeField {
  name: string;
  type: string;
  optional: boolean;
  /** The value may be `undefined`: the type is emitted as `T | undefined`. */
  undefinable: boolean;
  readonly: boolean;
  method: boolean;
  summary: string;
  /** The typed default (`expr`: the value in `<TYPE>_DEFAULTS`, a plain literal; `text`: how the docs show it). */
  default?: { expr: string; text: string };
  /**
   * The value that means none, as leaving the field out does (`expr`: the value in `<TYPE>_NONE_VALUES`;
   * `text`: how the docs show it; `means`: what none is). `summary` already states it.
   */
  none?: { expr: string; text: string; means: string };
  /** A Duration field's own longest total (`maxSeconds:`), when it declares one. */
  maxSeconds?: IrDurationLimit;
}
/**
 * A Duration field's own longest total (`maxSeconds:` in the schema): the `limits:` entry it names and
 * its value, or no limit (`none`: `limit` absent, `value` Infinity).
 */
export interface IrDurationLimit {
  limit?: string;
  value: number;
}
export interface IrType {
  name: string;
  typeParams: IrTypeParam[];
  summary: string;
  description?: string;
  alias?: string;
  /** The values of a string-literal union (`alias` is their union), each with the constant naming it (see {@link typeValueName}). */
  values?: { value: string; summary: string; constant: string }[];
  extends?: string;
  fields?: IrTypeField[];
  /** Name of the constant with the fields' typed defaults, when any field has one (see {@link typeDefaultsName}). */
  defaultsName?: string;
  /** Name of the constant with the values of fields that mean none, when any field has one (see {@link typeNoneValuesName}). */
  noneValuesName?: string;
  /** Named values of the type (e.g. retry presets), each field typed as a default is; emitted as `presetsName`. */
  presets?: { name: string; summary: string; fields: { name: string; expr: string; text: string }[] }[];
  presetsName?: string;
  /** Name of the constant with the longest total of each Duration field, when any field declares its own (see {@link typeMaxSecondsName}). */
  maxSecondsName?: string;
  /** The TSDoc `@example`: a self-contained module. */
  example?: string;
  source: string;
}
export interface IrParam {
  name: string;
  type: string;
  optional: boolean;
  summary: string;
  default?: string;
}
export interface IrError {
  name: string;
  family: "operation" | "unrecoverable" | "standalone";
  abstract: boolean;
  extends: string;
  errorType?: string;
  defaultMessage?: string;
  /** Message of this error when it is rebuilt for an unknown stored ErrorType with an empty message. */
  unknownTypeMessage?: string;
  /** Whether a stored error of this ErrorType is rebuilt as this class (false: as the fallback). */
  rebuild: boolean;
  /** Further messages, as templates. */
  messages: IrMessage[];
  retryable: boolean;
  scope?: "execution" | "invocation";
  /** `scope`, or else the scope of the nearest base error that declares one. */
  resolvedScope?: "execution" | "invocation";
  messagePrefix?: string;
  terminationReason?: string;
  leadingParams: IrParam[];
  params: IrParam[];
  fields: IrParam[];
  raisedBy: string[];
  /** Service error names that always end in this error (`serviceErrorNames`), emitted as `serviceErrorsConstant`. */
  serviceErrorNames: string[];
  summary: string;
  description?: string;
  /** Troubleshooting: the usual cause (concrete errors). */
  cause?: string;
  /** Troubleshooting: the fix (concrete errors). */
  fix?: string;
  /** Examples for the class's TSDoc. */
  examples: { title: string; code: string }[];
  source: string;
  /** Classification shown in docs: retryable / terminal / unrecoverable (invocation|execution). */
  category: string;
}
/** A message template with named `${param}` placeholders. */
export interface IrMessage {
  name: string;
  summary: string;
  template: string;
  /** The params the template uses, in declaration order. */
  params: IrParam[];
  /** How to fix the problem the message names (errors' messages only): a template over `fixParams`. */
  fix?: string;
  /** The params the fix uses, in declaration order. */
  fixParams?: IrParam[];
}
/** An exception of the local durable service. */
export interface IrServiceException {
  name: string;
  /** `RESOURCE_NOT_FOUND_EXCEPTION_NAME`: the generated constant holding `name`, which code comparing error names uses. */
  nameConstant: string;
  httpStatus: number;
  fault: "client" | "server";
  summary: string;
  fields: IrParam[];
  /** How a family of its messages begins (already joined into those messages' templates). */
  messagePrefixes: { name: string; constant: string; text: string; summary: string }[];
  messages: IrMessage[];
  source: string;
}
/** ErrorObjects of one ErrorType that the local durable service records itself. */
export interface IrServiceErrorObject {
  errorType: string;
  /** The generated constant holding `errorType`. */
  constant: string;
  summary: string;
  /** The ExecutionStatus whose Invoke function error falls back to this ErrorType, if any. */
  executionStatus?: string;
  messages: IrMessage[];
  source: string;
}
/** The check kinds a value is checked by directly (the meta-schema's check names but `config`, which names the operation's own config). */
export type SimpleCheckName = Exclude<Extract<Check, string>, "config">;
export type IrCheck =
  | { kind: "simple"; name: SimpleCheckName }
  | { kind: "enum"; enumName: string; declaration: "const" | "enum"; values: string[] }
  | { kind: "config"; configName: string };
export interface IrConfigField {
  name: string;
  type: string;
  /** The type with type parameters replaced, used by the validator's compile-time check. */
  validatorType: string;
  optional: boolean;
  /** Why null is a value the check tests (an optional field's null is otherwise read as left out); undefined: it is not. */
  nullIsValue?: string;
  check: IrCheck;
  default?: IrDefault;
  summary: string;
  description?: string;
  fix: string;
  /** What a valid value is, in words ("a whole number of at least 1"). */
  expected: string;
  /** A Duration field's own longest total (`maxSeconds:`), when it declares one. */
  maxSeconds?: IrDurationLimit;
}
/**
 * A typed default. `value`: `expr` is the TypeScript expression the generated resolver fills in and `text`
 * how docs show it (with `otherwise`: only when no field of the config is set, and `otherwise` says what
 * the field stands for when another one is); `runtime`: the runtime passes the value to the resolver;
 * `unset`: nothing is filled in.
 */
export type IrDefault =
  | { kind: "value"; value: boolean | number | string; expr: string; text: string; otherwise?: string }
  | { kind: "runtime"; text: string }
  | { kind: "unset"; text: string };
export interface IrConfig {
  name: string;
  typeParams: IrTypeParam[];
  summary?: string;
  description?: string;
  exclusive: string[][];
  fields: IrConfigField[];
  /** `validateStepConfig`: the generated function validating this config. */
  validatorName: string;
  /** `StepConfig<unknown>`: the instantiation compared with the validator's input type. */
  checkedInstance: string;
  /** `ResolvedStepConfig`: the config after `resolveStepConfig` (fields with a value or runtime default are required). */
  resolvedName: string;
  /** `resolveStepConfig`: fills in the defaults. */
  resolverName: string;
  /** `StepConfigRuntimeDefaults`: what the runtime passes to the resolver (only when a field has a runtime default). */
  runtimeDefaultsName?: string;
  /** The TSDoc `@example`: a self-contained module. */
  example?: string;
  source: string;
}
export interface IrMethodParam extends IrParam {
  validatorType: string;
  check: IrCheck;
  fix: string;
  expected: string;
}
export interface IrOverload {
  typeParams: IrTypeParam[];
  params: IrMethodParam[];
  returns: string;
  /** One-line signature for docs, e.g. `step<TOutput>(name: string | undefined, fn: …): DurablePromise<TOutput>`. */
  text: string;
}
export interface IrOperation {
  name: string;
  group: "context" | "promise";
  source: string;
  summary: string;
  description?: string;
  remarks?: string;
  since?: string;
  deprecated?: string;
  operationType: string;
  subType: string;
  itemSubType?: string;
  /** What an unnamed item's child context is named, before its index (`itemNamePrefix`). */
  itemNamePrefix?: string;
  /** The TerminationReason the invocation suspends with while the operation waits on the service (`suspendsWith`). */
  suspendsWith?: string;
  discriminator: "leading-string" | "second-arg-string" | "none";
  nameParam?: { type: string; summary: string };
  /** Normalised argument fields handed to the runtime: name first when the operation takes one. */
  args: IrMethodParam[];
  overloads: IrOverload[];
  config?: IrConfig;
  /** `label`: the action as shown in docs, with the child it is sent for (`START (CALLBACK k-1)`). */
  checkpoints: IrCheckpoint[];
  /** The shared checkpoint section the operation sends (`sharedCheckpoints:`); its `checkpoints` are that section's. */
  sharedCheckpoints?: string;
  replay: { status: string; behaviour: string }[];
  errors: IrError[];
  examples: { title: string; code: string }[];
  argsTypeName: string;
  /** `validateStepArgs`: the generated function validating the normalised arguments. */
  argsValidatorName: string;
  /** `stepUpdates`: the generated object of checkpoint update builders. */
  updateBuilderName: string;
  docsFile: string;
  callPath: string;
}
/** One field an update builder takes: `StepOptions.NextAttemptDelaySeconds` → parameter `nextAttemptDelaySeconds`. */
export interface IrUpdateField {
  /** The field path as the schema names it. */
  path: string;
  /** The option group it sits in (`StepOptions`), or undefined for a top-level field (`Payload`). */
  group?: string;
  /** The wire name of the field inside its group (or at the top level). */
  wireName: string;
  /** The builder's parameter name (camelCase of the wire name). */
  param: string;
  /** The TypeScript type of the wire field (without `| undefined`). */
  type: string;
  /** Whether the wire field is an optional key; a group with a required key is always sent. */
  optional: boolean;
  /** Whether the wire field admits undefined (an optional key or `undefinable`): the builder's parameter then does too. */
  admitsUndefined: boolean;
  summary: string;
}
/** One entry of an operation's `checkpoints:` section, with the typed update builder it generates. */
export interface IrCheckpoint {
  action: string;
  child?: { operationType: string; id: string };
  /** The action as shown in docs, with the child it is sent for (`START (CALLBACK k-1)`). */
  label: string;
  awaited: string;
  when: string;
  fields: string[];
  /** The OperationType the update carries (the child's for a child update). */
  operationType: string;
  /** `retry`, or `callbackStart` for a child update: the method of the operation's builder object. */
  builderMethod: string;
  updateFields: IrUpdateField[];
  /** Option groups sent even when every listed field in them is undefined. */
  alwaysSent: string[];
}
/** A rule a value must pass, with the texts of the message when it does not. */
export interface IrValueRule {
  check: IrCheck;
  /** What a valid value is ("a plugin object"). */
  expected: string;
  /** How to fix a bad one ("" for a field whose check is `any`: it is never reported). */
  fix: string;
}
/** An exported function beside the context operations whose arguments `checkArguments` checks (schema/shared/*.yaml `functions:`). */
export interface IrFunctionArgs {
  name: string;
  summary: string;
  /** \`WITH_RETRY_ARGS_RULES\`: the rule table of its arguments, in the order they are checked. */
  argsRulesName: string;
  /** Its parameters, each a rule with its name and whether it may be left out. */
  params: (IrValueRule & { name: string; optional: boolean })[];
  source: string;
}
/** A field of the execution's hand-written configuration (schema/execution.yaml `config.fields`). */
export interface IrExecutionConfigField {
  name: string;
  /** The type the hand-written interface declares. */
  type: string;
  summary: string;
  /** The typed default: the value as the schema gives it, and `expr`, how `<CONFIG>_DEFAULTS` writes it. */
  default?: { value: boolean | number | string; expr: string };
  /** What withDurableExecution checks when it wraps the handler (top-level fields only). */
  rule?: IrValueRule;
  /** An array field's rule for each entry. */
  items?: IrValueRule;
  /** The fields of a settings object (`pluginsConfig`). */
  fields?: IrExecutionConfigField[];
}
/** A check made when the handler runs, not when it is wrapped (schema/execution.yaml `config.invocationChecks`). */
export interface IrInvocationCheck {
  /** The field paths it reads (`pluginsConfig.childOperationsDepth`). */
  fields: string[];
  /** What the field must be (refused when it is given and fails it), or `notBoth` (two fields: refused when both are given, truthy). */
  check: IrCheck | { kind: "notBoth" };
  /** Why the field's null is checked as a value (schema `nullIsValue`); without it, null is the field left out. */
  nullIsValue?: string;
  /** The rule in words, for the generated TSDoc ("a finite number of at least 0, when given"). */
  rule: string;
  /** The DurableValidationError message it reports; its fix is that message's. */
  message: string;
  /** The message's and its fix's params, in order, each with where its value comes from (the field's value as the generated describeReceived writes it, or its typed default). */
  messageParams: { name: string; from: "value" | "default" }[];
  fixParams: { name: string; from: "value" | "default" }[];
  /** The DurableValidationError message of (problem, fix) the invocation fails with (absent: the message alone). */
  composedWith?: string;
  when: InvocationPhase;
  /** `durableExecutionConfigIssueBeforePlugins`: the generated function of the checks made `when`, which the runtime calls then. */
  functionName: string;
}
/** A check of the invocation event (schema/execution.yaml `event.checks`). */
export interface IrEventCheck {
  /** Its path in the event (`InitialExecutionState.Operations`). */
  field: string;
  check: EventCheck;
  /** The rule in words, for the generated TSDoc. */
  rule: string;
  /** The DurableValidationError message saying what is wrong (the problem `IrEvent.composedWith` is given). */
  message: string;
  /** The message's params, in order, each with where its value comes from (the field's path). */
  messageParams: { name: string; from: "path" }[];
}
/** withDurableExecution's checks of the event its handler is invoked with (schema/execution.yaml `event`). */
export interface IrEvent {
  /** The event's wire type (`DurableExecutionInvocationInput`). */
  type: string;
  /** The DurableValidationError message of (problem) the event is refused with; its fix is the error's. */
  composedWith: string;
  checks: IrEventCheck[];
  /** `durableExecutionEventIssue`: the generated function of the checks, which the runtime calls. */
  functionName: string;
  /** `DurableExecutionEventIssue`: what it returns. */
  issueTypeName: string;
}
/** From schema/execution.yaml: the execution's configuration (fields and typed defaults) and its own updates. */
export interface IrExecution {
  summary: string;
  /** The OperationType of the execution's own operation. */
  operationType: string;
  /** What withDurableExecution checks of its handler when it wraps it. */
  handler: IrValueRule;
  /** \`WITH_DURABLE_EXECUTION_ARGS_RULES\`: the rule table of withDurableExecution's (handler, config), which it checks when it wraps the handler (\`checkArguments\`). */
  argsRulesName: string;
  config: {
    name: string;
    summary: string;
    /** The file that declares the interface by hand. */
    declaredIn: string;
    /** What the config itself must be, and how to fix a value that is not one (the wrap refuses it; undefined is accepted). */
    expected: string;
    fix: string;
    fields: IrExecutionConfigField[];
    /** `DURABLE_EXECUTION_DEFAULTS`: the constant with the typed defaults, when any field has one. */
    defaultsName?: string;
    /** `validateDurableExecutionConfig`: the generated wrap-time validator. */
    validatorName: string;
    /** `DURABLE_EXECUTION_CONFIG`: its rule table, which the runtime checks a config against (`checkOptions`). */
    tableName: string;
    invocationChecks: IrInvocationCheck[];
  };
  /** The checks of the invocation event, when the schema lists them. */
  event?: IrEvent;
  /** The EXECUTION updates, one builder method each (no `child`). */
  checkpoints: IrCheckpoint[];
  /** `executionUpdates`: the generated object of its update builders. */
  updateBuilderName: string;
  source: string;
}
export interface IrContext {
  name: string;
  typeParams: IrTypeParam[];
  summary: string;
  description?: string;
  promiseProperty: string;
  promiseInterface: string;
  promiseSummary: string;
  members: { name: string; type: string; method: boolean; summary: string }[];
  /** The TSDoc `@example`: a self-contained module. */
  example?: string;
  source: string;
}
/** A validated field path (`map.config.maxConcurrency`) with what is expected there and how to fix it. */
export interface IrFieldRule {
  path: string;
  expected: string;
  fix: string;
}
/** The Duration rule (schema/types.yaml `durationRule`) with the texts every Duration message uses. */
export interface IrDurationRule {
  unitSeconds: Record<string, number>;
  minSeconds: number;
  maxSeconds: number;
  reason: string;
  /** What a valid Duration is, as a noun phrase ("a Duration: …"). */
  expected: string;
  /** maxSeconds in whole days for the messages (" (366 days)"), or "" when the rule has no days unit or the bound is not whole days. */
  maxInDays: string;
  /** The one fix sentence of every Duration message. */
  fix: string;
  source: string;
}
/** A limit of the service's API (`limits:` of a types file), emitted as a constant. */
export interface IrServiceLimit {
  name: string;
  value: number;
  summary: string;
  source: string;
  /** The schema file it is declared in. */
  file: string;
}

/** An HTTP header of the Lambda REST API (`lambdaApi.headers` of a types file). */
export interface IrLambdaHeader {
  constant: string;
  name: string;
  in: "request" | "response";
  summary: string;
  /** The schema enum whose values the header carries. */
  enum?: string;
  values: { constant: string; value: string; summary: string }[];
}
/** A regex fragment of the name/ARN grammar. */
export interface IrGrammarPattern {
  pattern: string;
  summary: string;
}
/** The partition piece: its pattern and the partition the local service writes in the ARNs it mints. */
export interface IrGrammarPartition extends IrGrammarPattern {
  minted: string;
}
/** A name-like piece of the grammar: its character class's inside and its longest length, resolved from the limit it names. */
export interface IrGrammarName {
  chars: string;
  maxLength: number;
  /** The `limits:` entry maxLength comes from. */
  limit: string;
  summary: string;
}
/** A path parameter of the Lambda REST routes (`lambdaApi.pathParameters`). */
export interface IrLambdaPathParameter {
  name: string;
  summary: string;
  /** The local service also accepts the value unencoded, over several path segments. */
  multiSegment: boolean;
}
/** A query parameter of the Lambda REST routes (`lambdaApi.queryParameters`). */
export interface IrLambdaQueryParameter {
  name: string;
  type: (typeof LAMBDA_QUERY_TYPES)[number];
  summary: string;
}
/** One segment of a route's path: a literal, or a path parameter. */
export type IrRouteSegment = { literal: string } | { parameter: string; multiSegment: boolean };
/** A Lambda REST operation the local service serves (`lambdaApi.routes`). */
export interface IrLambdaRoute {
  operation: string;
  method: "GET" | "POST" | "PUT" | "DELETE";
  /** The path template, e.g. `/2025-12-01/durable-executions/{DurableExecutionArn}/state`. */
  path: string;
  /** Its first segment: the API version the operation belongs to. */
  apiVersion: string;
  segments: IrRouteSegment[];
  /** The path parameters of the template, in order. */
  pathParameters: string[];
  query: IrLambdaQueryParameter[];
  status: number;
  /** The other 2xx statuses it answers with, by the case that answers with each (schema order); each differs from `status` and from the others. */
  statuses: { case: string; status: number }[];
  summary: string;
}
/** The Lambda REST API facts the local service and the CLI use (`lambdaApi:` of a types file). */
export interface IrLambdaApi {
  /** The schema file it is declared in. */
  file: string;
  headers: IrLambdaHeader[];
  pathParameters: IrLambdaPathParameter[];
  queryParameters: IrLambdaQueryParameter[];
  routes: IrLambdaRoute[];
  grammar: {
    partition: IrGrammarPartition;
    region: IrGrammarPattern;
    accountId: IrGrammarPattern;
    functionName: IrGrammarName;
    functionNameParameter: IrGrammarName;
    qualifier: IrGrammarName;
    latestVersion: { value: string; summary: string };
    executionName: IrGrammarName;
    executionId: IrGrammarPattern;
    executionSegment: { value: string; summary: string };
  };
}

export interface Ir {
  durationRule?: IrDurationRule;
  /** The Lambda REST API's headers and name/ARN grammar, when a types file declares them. */
  lambdaApi?: IrLambdaApi;
  /** The service's API limits, in declaration order. */
  limits: IrServiceLimit[];
  enums: IrEnum[];
  types: IrType[];
  errors: IrError[];
  serviceExceptions: IrServiceException[];
  serviceErrorObjects: IrServiceErrorObject[];
  terminationMessages: IrMessage[];
  /** Messages of errors without a class of the SDK's own (`plainErrorMessages:`): plain `Error`s (ErrorType "Error") and built-in TypeErrors. */
  plainErrorMessages: IrMessage[];
  configs: IrConfig[];
  sharedConfigs: IrConfig[];
  /** Exported functions beside the context operations whose arguments are checked by rule tables, in declaration order. */
  functions: IrFunctionArgs[];
  operations: IrOperation[];
  context: IrContext;
  fieldRules: IrFieldRule[];
  /** From schema/transitions.yaml (absent when the schema has none). */
  protocol?: IrProtocol;
  /** From schema/history.yaml (absent when the schema has none). */
  history?: IrHistory;
  /** From schema/execution.yaml (absent when the schema has none). */
  execution?: IrExecution;
  sources: string[];
}
/** One row of the transition table: `from` holds OperationStatus values, `new` or `any`. */
export interface IrTransition {
  type: string;
  action: string;
  from: string[];
  to: string;
  rule: string;
  event?: string;
  errorEvent?: string;
  afterStartInBatch?: true;
  /** The generated constant holding `to`, if the schema names one. */
  toConstant?: string;
  /** The options the update carries, which the service checks (absent: none). */
  options?: IrUpdateOptions;
}
/** A transition's `options`: the OperationUpdate field holding them, the message when they are missing, the fields checked. */
export interface IrUpdateOptions {
  field: string;
  /** The message (of the protocol's `refusedWith` exception) when the update has no options; absent: they may be left out. */
  required?: string;
  checks: IrUpdateOptionCheck[];
}
/** One checked field of an update's options: exactly one of `required` and `invalid` is set. */
export interface IrUpdateOptionCheck {
  field: string;
  type: "number" | "string";
  /** The least value (number) or length (string) accepted. */
  min?: number;
  /** The message when the field is missing or not valid (params: the operation Id). */
  required?: string;
  /** The message when the field is there and not valid (params: the field's path, the operation Id). */
  invalid?: string;
}
/** A field of a history record or event's details. */
export interface IrHistoryField {
  name: string;
  type: string;
  optional: boolean;
  summary?: string;
}
/** From schema/history.yaml: records, common event fields and one entry per EventType. */
export interface IrHistory {
  records: { name: string; summary: string; envelope?: string; alias?: string; fields?: IrHistoryField[] }[];
  common: IrHistoryField[];
  /** `detailsName`: `StepSucceededDetails`; `envelopeFields`: the details fields that are payload envelopes. */
  events: {
    type: string;
    summary: string;
    detailsName: string;
    fields: IrHistoryField[];
    envelopeFields: string[];
    /** The OperationType the event concerns and the OperationStatus it records (absent: InvocationCompleted). */
    operation?: { type: string; status: string };
  }[];
  source: string;
}
export interface IrProtocol {
  /** The service exception an update breaking a rule of the file is refused with (transitions.yaml `refusedWith`). */
  refusedWith?: string;
  /** The OperationAction value that starts an operation (transitions.yaml `startAction`). */
  startAction: string;
  statusSets: { name: string; summary: string; statuses: string[] }[];
  transitions: IrTransition[];
  /** Status changes the service makes by itself (timers, the callback API, a chained invoke's target ending). */
  serviceTransitions: { name: string; summary: string; type: string; from: string[]; to: string; event?: string; toConstant?: string }[];
  source: string;
}

export { article, eraseTypeParams, NESTED_CONFIG_WORDING, nestedConfigTexts, withArticleFunction } from "./ir/texts";

/**
 * Builds the IR section by section (codegen/src/ir/*.ts), each taking the shared {@link BuildContext} and
 * the earlier sections' results. The order of the calls is the order in which problems are reported, which
 * is part of the behaviour (the refusal tests compare it): every problem is collected and thrown at once as
 * a SchemaError; the second round of checks (service exceptions and error objects, the Duration rule) runs
 * on a schema that passed the first.
 */
export function buildIr(schema: LoadedSchema): Ir {
  const bc = createBuildContext();
  const { problems } = bc;
  const { enums, enumByName } = buildEnums(schema, bc);
  const types = buildTypes(schema);
  const errorsFile = schema.errors;
  const { errors, errorByName } = buildErrors(errorsFile, bc, enumByName);
  const sharedSpecs = sharedConfigSpecs(schema, bc);
  const durationRule = buildDurationRule(schema, bc);
  const limits = buildLimits(schema, bc);
  const lambdaApi = buildLambdaApi(schema, bc, limits);
  resolveTypeDefaults(schema, bc, types, enumByName, durationRule, limits);
  const rules = createConfigRules(bc, enumByName, sharedSpecs, durationRule, limits);
  const { sharedConfigs, sharedByName } = buildSharedConfigs(bc, rules, sharedSpecs);
  const functions = buildSharedFunctions(schema, bc, rules);
  const context = buildDurableContext(schema);

  const checkpointRules = createCheckpointRules(schema, bc, enumByName, types);
  const { operations, configs, fieldRules, opNames } = buildOperations(schema, bc, { enumByName, errorByName, context, rules, sharedByName, durationRule, checkpoints: checkpointRules });
  const execution = schema.execution ? buildExecution(schema.execution, bc, { enumByName, errors, rules, checkpoints: checkpointRules }) : undefined;

  checkRaisedBy(errorsFile, bc, errors, opNames);
  const declare = declareNames(bc, enums, types, errors, sharedConfigs, configs, execution);
  const protocol = schema.transitions ? buildProtocol(bc, enumByName, checkpointRules, schema.transitions.data, schema.transitions.source) : undefined;
  const history = schema.history ? buildHistory(bc, enumByName, checkpointRules.typeByName, declare, schema.history.data, schema.history.source) : undefined;
  checkProtocolEvents(bc, protocol, history);
  if (problems.length > 0) throw new SchemaError(problems);

  const sources = schemaSources(schema);
  const { serviceExceptions, serviceErrorObjects, terminationMessages, plainErrorMessages } = buildServiceErrors(errorsFile, bc);
  checkRefusedWithMessages(bc, protocol, serviceExceptions);
  checkServiceErrorObjects(errorsFile, bc, serviceErrorObjects, enumByName);
  checkDurationRuleDeclared(schema, bc, durationRule, configs, sharedConfigs, operations, execution);
  // The checks above run after the first report: report what they found too.
  if (problems.length > 0) throw new SchemaError(problems);
  return deepFreeze({ ...(durationRule ? { durationRule } : {}), ...(lambdaApi ? { lambdaApi } : {}), limits, enums, types, errors, serviceExceptions, serviceErrorObjects, terminationMessages, plainErrorMessages, configs, sharedConfigs, functions, operations, context, fieldRules, ...(protocol ? { protocol } : {}), ...(history ? { history } : {}), ...(execution ? { execution } : {}), sources });
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === "object" && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

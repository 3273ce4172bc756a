/**
 * The meta-schema: zod schemas that every file under `schema/` must satisfy before anything is
 * generated. Objects are strict, so a misspelt key is reported instead of being ignored.
 */
import { z } from "zod";
import { CHECK_KINDS, checkKindNames } from "./check-kinds";

const identifier = z.string().regex(/^[A-Za-z_$][A-Za-z0-9_$]*$/, "must be a TypeScript identifier");
const text = z.string().min(1);
const upperConstant = z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be a CONSTANT_CASE name");

/**
 * A Duration field's own longest total: the name of a `limits:` entry (the API field the Duration is sent
 * as, e.g. MAX_CALLBACK_TIMEOUT_SECONDS), or `none` when the field has no limit of its own (a strategy's
 * initialDelay, whose delays are capped by its maxDelay). A Duration field without it takes
 * `durationRule.maxSeconds`.
 */
const durationMaxSchema = z.union([upperConstant, z.literal("none")]);

export const typeParamSchema = z.strictObject({
  name: identifier,
  constraint: text.optional(),
  default: text.optional(),
});

const enumValueSchema = z.strictObject({
  name: identifier,
  value: text.optional(),
  summary: text,
  /** Members of the enum named by the enum's `relation` that this value relates to. */
  related: z.array(identifier).optional(),
  /** Flags (declared in the enum's `flags:`) this value carries; each flag becomes a generated set of its values. */
  flags: z.array(identifier).min(1).optional(),
});

/** A value-level flag of an enum: the values carrying it make up a generated `ReadonlySet<Enum>` named `set`. */
const enumFlagSchema = z.strictObject({
  name: identifier,
  set: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be an UPPER_SNAKE_CASE constant name"),
  summary: text,
});

export const enumsFileSchema = z.strictObject({
  enums: z.array(
    z.strictObject({
      name: identifier,
      summary: text,
      description: text.optional(),
      /**
       * How the enum is declared: `const` (default) is a const object plus a same-named union of its
       * values, so plain strings are accepted; `enum` is a TypeScript string `enum`, so a member is also a
       * type (`let s: StepSemantics.AtMostOncePerRetry`), as in the reference SDK's enums.
       */
      declaration: z.enum(["const", "enum"]).optional(),
      /** A self-contained TypeScript module showing how a user meets this enum (emitted as the TSDoc `@example`; type-checked by test/docs/tsdoc-examples.test.ts). */
      example: text.optional(),
      /** Part of an API the SDK marks `@experimental` (the plugin API): the enum and its type carry the tag. */
      experimental: z.literal(true).optional(),

      /** A table from each value to members of another enum (e.g. the valid actions of each operation type). */
      relation: z.strictObject({ name: identifier, enum: identifier, summary: text }).optional(),
      /** Flags the values may carry (`flags: [name]` on a value); each is generated as the set of the values carrying it. */
      flags: z.array(enumFlagSchema).min(1).optional(),
      values: z.array(enumValueSchema).min(1),
    }),
  ),
});

const typeFieldSchema = z.strictObject({
  name: z.string().regex(/^([A-Za-z_$][A-Za-z0-9_$]*|\[key: string\])$/, "must be an identifier or [key: string]"),
  type: text,
  optional: z.boolean().optional(),
  /** The value may be `undefined` (`T | undefined`); with `optional`, `?: T | undefined` (wire records, as the AWS SDK types them). */
  undefinable: z.boolean().optional(),
  readonly: z.boolean().optional(),
  method: z.boolean().optional(),
  /**
   * What an unset optional field stands for, typed: a number, string or boolean; an enum member's value
   * (for an enum-typed field); or a Duration as `{ <unit>: n }`. Emitted in the type's `<TYPE>_DEFAULTS`
   * constant and stated in the field's TSDoc, so the summary does not repeat it.
   */
  default: z.strictObject({ value: z.union([z.boolean(), z.number(), z.string(), z.record(identifier, z.number())]) }).optional(),
  /**
   * A value of the field that means none, as leaving the field out does (a callback timeout of 0: no
   * timeout): `value`, typed as the field (a number, string or boolean); `means`, what none is ("it never
   * times out"). The field's docs state it after the summary (`<summary>; <value> or unset: <means>.`), so the
   * summary does not repeat it, and the value is emitted in the type's `<TYPE>_NONE_VALUES` constant, which
   * code reading the field compares with instead of restating the value.
   */
  none: z.strictObject({ value: z.union([z.boolean(), z.number(), z.string()]), means: text }).optional(),
  /** A Duration field's own longest total (see {@link durationMaxSchema}); emitted in the type's `<TYPE>_MAX_SECONDS` constant. */
  maxSeconds: durationMaxSchema.optional(),
  summary: text,
});

/**
 * What a valid Duration is, for every entry point (operation configs, wait, retry strategies, withRetry):
 * the units and their length in seconds (largest first), and the bounds of the total.
 */
export const durationRuleSchema = z.strictObject({
  unitSeconds: z.record(identifier, z.number().int().positive()),
  minSeconds: z.number().int().min(0),
  maxSeconds: z.number().int().positive(),
  /** Why the bounds are what they are (emitted into the TSDoc). */
  reason: text,
  /** Shown in the fix of every Duration message, e.g. "{ seconds: 30 } or { minutes: 5 }". */
  example: text,
});
export type DurationRule = z.infer<typeof durationRuleSchema>;

/**
 * A limit of the service's API (a count, a length or a size), emitted as an `export const <name>` both
 * the SDK and the local service read, so the number is written once. `source` says where it comes from.
 */
const serviceLimitSchema = z.strictObject({
  name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be a CONSTANT_CASE name"),
  value: z.number().int().positive(),
  summary: text,
  source: text,
});

const headerName = z.string().regex(/^[A-Za-z][A-Za-z0-9-]*$/, "must be an HTTP header name (letters, digits and -)");

/**
 * An HTTP header of the Lambda REST API that the local service reads (`in: request`) or writes
 * (`in: response`), emitted as `export const <constant> = "<name>"` (the name as Lambda documents its
 * spelling; Node lowercases incoming names, so a reader lowercases it). `enum` names the schema enum
 * whose values the header carries; `values` are fixed values the service writes, each a constant too.
 */
const lambdaHeaderSchema = z.strictObject({
  constant: upperConstant,
  name: headerName,
  in: z.enum(["request", "response"]),
  summary: text,
  enum: identifier.optional(),
  values: z.array(z.strictObject({ constant: upperConstant, value: text, summary: text })).min(1).optional(),
});

/** One piece of the function-name and ARN grammar: a regular-expression fragment, with what it matches. */
const grammarPatternSchema = z.strictObject({ pattern: text, summary: text });
/**
 * A name-like piece of the grammar: its characters (the inside of a regex character class, e.g.
 * `A-Za-z0-9_-`) and, by the name of a `limits:` entry, its longest length (the limit's value is used).
 */
const grammarNameSchema = z.strictObject({ chars: text, maxLength: upperConstant, summary: text });

/**
 * The function-name and ARN grammar of the Lambda API as the local service and the CLI parse and mint
 * them: `arn:<partition>:lambda:<region>:<accountId>:function:<functionName>[:<qualifier>]` for a
 * function, plus `/<executionSegment>/<executionName>/<executionId>` for a durable execution. Emitted as
 * regular expressions and builders in src/generated/lambda-api.ts, so no other file spells the grammar.
 */
const lambdaGrammarSchema = z.strictObject({
  /** `minted`: the partition the local service writes in the ARNs it mints (it must match `pattern`). */
  partition: z.strictObject({ pattern: text, minted: text, summary: text }),
  region: grammarPatternSchema,
  accountId: grammarPatternSchema,
  /** A function's name alone (what a function is registered and exported as). */
  functionName: grammarNameSchema,
  /** The name part of a FunctionName parameter (name, name:qualifier, partial or full ARN), as Invoke's route accepts it. */
  functionNameParameter: grammarNameSchema,
  qualifier: grammarNameSchema,
  /** The qualifier of a function's unpublished version (Lambda's `$LATEST`); it must be a valid qualifier. */
  latestVersion: z.strictObject({ value: text, summary: text }),
  executionName: grammarNameSchema,
  executionId: grammarPatternSchema,
  /** The path segment between a function ARN and the execution's name in a durable execution's ARN. */
  executionSegment: z.strictObject({ value: z.string().regex(/^[a-z][a-z-]*$/, "must be a lowercase path segment"), summary: text }),
});

/**
 * A path parameter of the Lambda REST routes (`{Name}` in a route's path), as `@aws-sdk/client-lambda`
 * binds it (httpLabel). `multiSegment`: the local service also accepts the value unencoded, spanning
 * several path segments (a durable execution ARN holds "/"; the SDK percent-encodes it into one segment,
 * curl users often do not).
 */
const lambdaPathParameterSchema = z.strictObject({
  name: identifier,
  summary: text,
  multiSegment: z.boolean().optional(),
});

/** How a query parameter's value is written (the AWS SDK's httpQuery serialization of the member's type). */
export const LAMBDA_QUERY_TYPES = ["string", "integer", "boolean", "timestamp", "list"] as const;

/** A query parameter of the Lambda REST routes (httpQuery), by its wire name. */
const lambdaQueryParameterSchema = z.strictObject({
  name: identifier,
  /** string, integer, boolean (`true`/`false`), timestamp (ISO 8601; epoch seconds accepted), list (the name repeated). */
  type: z.enum(LAMBDA_QUERY_TYPES),
  summary: text,
});

/**
 * One Lambda REST operation the local service serves: its operation name as the Lambda API (and
 * `@aws-sdk/client-lambda`'s `<Name>Command`) names it, its HTTP method, its path template
 * (`/<API version>/<segment or {PathParameter}>…`, exactly as the SDK's http trait writes it), the query
 * parameters it reads (names of `queryParameters:`), its success status code and, when some requests
 * succeed with another 2xx status, `statuses`: those statuses by the case that answers with them (Invoke:
 * `Event: 202`, `DryRun: 204`, keyed by InvocationType).
 */
const lambdaRouteSchema = z.strictObject({
  operation: identifier,
  method: z.enum(["GET", "POST", "PUT", "DELETE"]),
  path: z.string().regex(/^(\/([a-z0-9][a-z0-9-]*|\{[A-Za-z][A-Za-z0-9]*\}))+$/, 'must be a path template: "/" then segments of lowercase letters, digits and "-", or {PathParameter}'),
  query: z.array(identifier).optional(),
  status: z.number().int().min(200).max(299),
  statuses: z.record(identifier, z.number().int().min(200).max(299)).optional(),
  summary: text,
});

/** Facts of the Lambda REST API that only the local service and the CLI use (never the Lambda runtime). */
const lambdaApiSchema = z.strictObject({
  headers: z.array(lambdaHeaderSchema).min(1),
  grammar: lambdaGrammarSchema,
  pathParameters: z.array(lambdaPathParameterSchema).min(1),
  queryParameters: z.array(lambdaQueryParameterSchema),
  routes: z.array(lambdaRouteSchema).min(1),
});

export const typesFileSchema = z.strictObject({
  durationRule: durationRuleSchema.optional(),
  /** Limits of the service's API (see serviceLimitSchema). */
  limits: z.array(serviceLimitSchema).optional(),
  /** The Lambda REST API's headers and name/ARN grammar (see lambdaApiSchema). */
  lambdaApi: lambdaApiSchema.optional(),
  types: z.array(
    z
      .strictObject({
        name: identifier,
        typeParams: z.array(typeParamSchema).optional(),
        summary: text,
        description: text.optional(),
        alias: text.optional(),
        /**
         * A string-literal union, value by value: emitted as the type alias `"A" | "B" | …` and one constant per
         * value (`<TYPE>_<VALUE>`, e.g. COMPLETION_REASON_ALL_COMPLETED) for the runtime to write instead of the
         * literal. Instead of `alias`.
         */
        values: z.array(z.strictObject({ value: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "an UPPER_SNAKE value"), summary: text })).min(1).optional(),
        extends: text.optional(),
        fields: z.array(typeFieldSchema).optional(),
        /**
         * Named values of this (config) type that the runtime builds something from, e.g. the retry
         * strategies of `retryPresets`: each field value is typed as a field `default` is. Emitted as
         * `<TYPE>_PRESETS` and listed in the type's TSDoc.
         */
        presets: z
          .array(
            z.strictObject({
              name: identifier,
              summary: text,
              value: z.record(identifier, z.union([z.boolean(), z.number(), z.string(), z.record(identifier, z.number())])),
            }),
          )
          .optional(),
        /** A self-contained TypeScript module showing how a user meets this type (emitted as the TSDoc `@example`; type-checked by test/docs/tsdoc-examples.test.ts). */
        example: text.optional(),

      })
      .refine((t) => [t.alias, t.fields, t.values].filter((x) => x !== undefined).length === 1, {
        message: "give exactly one of `alias`, `values` and `fields`",
      }),
  ),
});

const paramSchema = z.strictObject({
  name: identifier,
  type: text,
  summary: text,
  optional: z.boolean().optional(),
  default: text.optional(),
});

/** A message template: `${name}` placeholders are the params, in order. */
const messageSchema = z.strictObject({
  name: identifier,
  summary: text,
  template: text,
  params: z.array(paramSchema).optional(),
});

/**
 * A message of an error of `errors:`; for a validation error also how to fix the problem it names (`fix`,
 * a template over the same params), generated as `fix<Error><Name>` beside `message<Error><Name>`.
 */
const errorMessageSchema = messageSchema.extend({ fix: text.optional() });

/** An exception of the local durable service, shaped like the Lambda API's (name, HTTP status, `$fault`). */
const serviceExceptionSchema = z.strictObject({
  name: identifier,
  httpStatus: z.number().int().min(400).max(599),
  /** Whose fault the error is (`$fault`; Lambda's error body `Type`: client → "User", server → "Service"). Default: client. */
  fault: z.enum(["client", "server"]).optional(),
  summary: text,
  /** Extra constructor parameters kept as readonly fields (e.g. the `allow` list of a 405). */
  fields: z.array(paramSchema).optional(),
  /**
   * How a family of messages begins, written once: a message with `prefix: <name>` is `<text>: <template>`,
   * and the text is generated as `constant` for code that recognises the family (e.g. a refused token).
   */
  messagePrefixes: z
    .array(
      z.strictObject({
        name: identifier,
        constant: z.string().regex(/^[A-Z][A-Z0-9_]*_PREFIX$/, "must be an UPPER_SNAKE_CASE constant name ending in _PREFIX"),
        text,
        summary: text,
      }),
    )
    .optional(),
  messages: z.array(messageSchema.extend({ prefix: identifier.optional() })).optional(),
});

/**
 * Error objects (ErrorType + ErrorMessage) the local service records itself: callback timeouts, invalid
 * handler answers, runtime exits. Grouped by ErrorType; each message becomes a function returning the object.
 * An ErrorType without `messages` is generated as its constant only (its messages come from elsewhere).
 */
const serviceErrorObjectSchema = z.strictObject({
  errorType: text,
  /** Name of the generated constant holding the ErrorType (code comparing ErrorTypes uses it, never the string). */
  constant: z.string().regex(/^[A-Z][A-Z0-9_]*_ERROR_TYPE$/, "must be an UPPER_SNAKE_CASE constant name ending in _ERROR_TYPE"),
  summary: text,
  /**
   * The ExecutionStatus (a value of that enum) whose synchronous Invoke function error takes this ErrorType
   * when the execution ended without an Error of its own (EXECUTION_STATUS_ERROR_TYPES).
   */
  executionStatus: z.string().optional(),
  messages: z.array(messageSchema).min(1).optional(),
});

export const errorsFileSchema = z.strictObject({
  /** Exceptions of the local durable service (emitted to src/generated/service-errors.ts; the runtime takes only the errorType it classifies a rejected checkpoint by, INVALID_PARAMETER_VALUE_ERROR_TYPE). */
  serviceExceptions: z.array(serviceExceptionSchema).optional(),
  /** Error objects the local service records (emitted beside serviceExceptions, never imported by the runtime). */
  serviceErrorObjects: z.array(serviceErrorObjectSchema).optional(),
  /** Messages an invocation is terminated with (context misuse, suspension); emitted as TERMINATION_MESSAGES beside ERROR_MESSAGES. */
  terminationMessages: z.array(messageSchema).optional(),
  /** Messages of plain `Error`s the runtime and the local service create (no error class of their own); emitted as PLAIN_ERROR_MESSAGES. */
  plainErrorMessages: z.array(messageSchema).optional(),
  errors: z.array(
    z.strictObject({
      name: identifier,
      family: z.enum(["operation", "unrecoverable", "standalone"]),
      abstract: z.boolean().optional(),
      extends: identifier,
      errorType: identifier.optional(),
      defaultMessage: text.optional(),
      /** On the error rebuilt for an unknown stored ErrorType: the message when the stored one is empty. */
      unknownTypeMessage: text.optional(),
      /**
       * false: a stored error of this ErrorType is not rebuilt as its own class (it becomes the fallback),
       * for errors whose constructor needs values the ErrorObject does not carry.
       */
      rebuild: z.boolean().optional(),
      /** Further messages this error is thrown with, as templates with `${param}` placeholders. */
      messages: z.array(errorMessageSchema).optional(),
      retryable: z.boolean(),
      scope: z.enum(["execution", "invocation"]).optional(),
      messagePrefix: text.optional(),
      terminationReason: identifier.optional(),
      leadingParams: z.array(paramSchema).optional(),
      params: z.array(paramSchema).optional(),
      fields: z.array(paramSchema).optional(),
      raisedBy: z.array(identifier).optional(),
      /**
       * Error names of a failed service call (the AWS SDK error's `name`, e.g. KMSAccessDeniedException)
       * that always end in this error, whatever their HTTP status. Emitted as `<NAME>_SERVICE_ERRORS`.
       */
      serviceErrorNames: z.array(identifier).optional(),
      summary: text,
      description: text.optional(),
      /** Troubleshooting: the usual cause of this error (required for concrete errors). */
      cause: text.optional(),
      /** Troubleshooting: how to fix it (required for concrete errors). */
      fix: text.optional(),
      /** Examples for the class's TSDoc (type-checked by codegen/test/examples.test.ts). */
      examples: z.array(z.strictObject({ title: text, code: text })).optional(),
    }),
  ),
});

/** A check: a kind of codegen/src/check-kinds.ts, `config` (the operation's own config), an enum or a shared config. */
export const checkSchema = z.union([
  z.enum([...checkKindNames(CHECK_KINDS), "config"]),
  z.strictObject({ enum: identifier }),
  z.strictObject({ config: identifier }),
]);
export type Check = z.infer<typeof checkSchema>;

/**
 * The default of an optional config field, typed:
 * - `value`: a literal the generated `resolve<Config>()` fills in (checked against the field's check);
 * - `runtime`: a value the runtime supplies when it resolves the config (the context's serdes, a preset);
 *   the text says which;
 * - `unset`: nothing is filled in; the text says what leaving the field out means ("no timeout").
 * A `value` with `whenNoFieldSet: true` is filled in only when the caller set no field of the config;
 * `otherwise` says what leaving the field out means when another field is set.
 */
export const configDefaultSchema = z.union(
  [
    z
      .strictObject({ value: z.union([z.boolean(), z.number(), z.string()]), whenNoFieldSet: z.literal(true).optional(), otherwise: text.optional() })
      .refine((d) => (d.whenNoFieldSet === undefined) === (d.otherwise === undefined), { message: "whenNoFieldSet and otherwise go together" }),
    z.strictObject({ runtime: text }),
    z.strictObject({ unset: text }),
  ],
  { error: "must be { value: <literal> }, { runtime: <what the runtime supplies> } or { unset: <what leaving it out means> }" },
);
export type ConfigDefault = z.infer<typeof configDefaultSchema>;

const configFieldSchema = z.strictObject({
  name: identifier,
  type: text,
  optional: z.boolean().optional(),
  /**
   * Why `null` is a value this optional field checks (and refuses when the check does), not the field
   * left out: the reference SDK reads it as a value (`minSuccessful: null` as 0). Without it, an optional
   * field's `null` is read as left out, as the reference reads it (its default applies).
   */
  nullIsValue: text.optional(),
  check: checkSchema,
  default: configDefaultSchema.optional(),
  summary: text,
  description: text.optional(),
  /** How to fix a bad value; required, except for `check: duration` fields, which take the Duration rule's fix. */
  fix: text.optional(),
  /** A `check: duration` field's own longest total (see {@link durationMaxSchema}). */
  maxSeconds: durationMaxSchema.optional(),
});

export const configSchema = z.strictObject({
  name: identifier,
  typeParams: z.array(typeParamSchema).optional(),
  summary: text.optional(),
  description: text.optional(),
  exclusive: z.array(z.array(identifier).min(1)).optional(),
  fields: z.array(configFieldSchema).min(1),
  /** A self-contained TypeScript module showing the config in use (emitted as the TSDoc `@example`; type-checked by test/docs/tsdoc-examples.test.ts). */
  example: text.optional(),
});

/** One entry of a `checkpoints:` section: an update the operation sends. */
const checkpointSchema = z.strictObject({
  action: identifier,
  /** The update is for a child operation the SDK creates inside this one (waitForCallback's CALLBACK and STEP). */
  child: z.strictObject({ operationType: identifier, id: text }).optional(),
  awaited: text,
  when: text,
  /** OperationUpdate field paths the update carries (`Payload`, `StepOptions.NextAttemptDelaySeconds`). */
  fields: z.array(z.string().regex(/^[A-Z][A-Za-z]*(\.[A-Z][A-Za-z]*)?$/, "must be an OperationUpdate field path such as Payload or StepOptions.NextAttemptDelaySeconds")),
  /**
   * Option groups (`CallbackOptions`) sent even when every listed field in them is undefined; other
   * groups of optional fields are left out then (the reference SDK's behaviour per update).
   */
  alwaysSent: z.array(identifier).optional(),
});

/** An operation's checkpoint updates, in the order they are sent. */
const checkpointListSchema = z.array(checkpointSchema).min(1);

/**
 * An exported function other than a context operation (withRetry) whose arguments are checked by the
 * generated `checkArguments`: its parameters in the order they are checked, generated as the rule table
 * `<NAME>_ARGS_RULES` the function passes its arguments to. A param is required unless `optional`;
 * `expected` replaces the check's own words for a valid value (a nested config's "a … object").
 */
const functionArgsSchema = z.strictObject({
  name: identifier,
  summary: text,
  params: z
    .array(
      z.strictObject({
        name: identifier,
        check: checkSchema,
        optional: z.boolean().optional(),
        expected: text.optional(),
        /** How to fix a bad value; required, except for `check: duration` params, which take the Duration rule's fix. */
        fix: text.optional(),
      }),
    )
    .min(1),
});

/**
 * A shared file: configs several operations nest, the arguments of exported functions beside the
 * context operations (`functions:`), and checkpoint sections several operations send alike (an operation
 * names one with `sharedCheckpoints:` instead of repeating it).
 */
export const sharedFileSchema = z.strictObject({
  configs: z.array(configSchema).optional(),
  functions: z.array(functionArgsSchema).optional(),
  checkpoints: z.array(z.strictObject({ name: identifier, summary: text, entries: checkpointListSchema })).optional(),
});

const methodParamSchema = z.strictObject({
  name: identifier,
  type: text,
  optional: z.boolean().optional(),
  check: checkSchema,
  summary: text,
  fix: text.optional(),
});

const signatureSchema = z.strictObject({
  typeParams: z.array(typeParamSchema).optional(),
  params: z.array(methodParamSchema),
  returns: text,
});

export const operationFileSchema = z.strictObject({
  operation: identifier,
  group: z.enum(["context", "promise"]).optional(),
  summary: text,
  description: text.optional(),
  remarks: text.optional(),
  since: text.optional(),
  deprecated: text.optional(),
  operationType: identifier,
  subType: identifier,
  itemSubType: identifier.optional(),
  /**
   * What an unnamed item's child context is named: this prefix followed by the item's index
   * (`map-item-0`). Given with `itemSubType` (a batch operation names its items). The operation's texts
   * write it as `{itemNamePrefix}` (replaced when generating), never literally.
   */
  itemNamePrefix: text.optional(),
  reusesSubType: z.boolean().optional(),
  /**
   * The TerminationReason the invocation suspends with while an operation of this kind waits on the
   * service (a step's scheduled retry, a wait's timer, a callback, a chained invoke); absent for an
   * operation that never waits itself (a child context: its children do). Generated into
   * SUSPENSION_REASONS, by subtype.
   */
  suspendsWith: identifier.optional(),
  method: signatureSchema.extend({
    name: z.strictObject({ type: z.enum(["string", "string | undefined"]), summary: text }).optional(),
    discriminator: z.enum(["leading-string", "second-arg-string"]).optional(),
    alternatives: z.array(signatureSchema).optional(),
  }),
  config: configSchema.optional(),
  checkpoints: checkpointListSchema.optional(),
  /** The name of a shared checkpoint section (schema/shared/*.yaml, `checkpoints:`) used instead of \`checkpoints\`. */
  sharedCheckpoints: identifier.optional(),
  replay: z.array(z.strictObject({ status: text, behaviour: text })).min(1),
  errors: z.array(identifier),
  examples: z.array(z.strictObject({ title: text, code: text })).min(1),
});

const contextMemberSchema = z.strictObject({
  name: identifier,
  type: text,
  method: z.boolean().optional(),
  summary: text,
});

export const contextFileSchema = z.strictObject({
  context: z.strictObject({
    name: identifier,
    typeParams: z.array(typeParamSchema).optional(),
    summary: text,
    description: text.optional(),
    promiseGroup: z.strictObject({ property: identifier, interface: identifier, summary: text }),
    /** A self-contained TypeScript module showing the context in use (emitted as the TSDoc `@example`). */
    example: text.optional(),
    members: z.array(contextMemberSchema),
  }),
});

/** The name of a generated constant holding one status of the transition table. */
const statusConstant = z.string().regex(/^[A-Z][A-Z0-9_]*_STATUS$/, "must be an UPPER_SNAKE_CASE constant name ending in _STATUS");

/**
 * A field of the execution's configuration (`DurableExecutionConfig`, written by hand: see
 * `executionFileSchema`): its name, its type as the interface declares it, what it is, and the typed
 * value an unset field stands for.
 */
const executionConfigLeafSchema = z.strictObject({
  name: identifier,
  /** The TypeScript type the hand-written interface declares (test/execution-config.test.ts holds it to this). */
  type: text,
  summary: text,
  /** What leaving the field out stands for: a number, string or boolean, emitted in `<CONFIG>_DEFAULTS`. */
  default: z.strictObject({ value: z.union([z.boolean(), z.number(), z.string()]) }).optional(),
});

/**
 * What withDurableExecution checks of a value when it wraps the handler (`any`: nothing then), with the
 * texts of its message: `expected` (what a valid value is, when the check's own wording is not precise
 * enough) and `fix` (required unless the check is `any`).
 */
const wrapCheckSchema = z.strictObject({ check: checkSchema, expected: text.optional(), fix: text.optional() });

/**
 * A top-level field of the execution's configuration, with its wrap-time check; an array field may give
 * `items`, the rule each entry must pass (every index, a hole of a sparse array included); a settings
 * object (`pluginsConfig`) lists its own fields.
 */
const executionConfigFieldSchema = executionConfigLeafSchema
  .extend({
    ...wrapCheckSchema.shape,
    items: wrapCheckSchema.optional(),
    fields: z.array(executionConfigLeafSchema).min(1).optional(),
  })
  .refine((f) => f.default === undefined || f.fields === undefined, { message: "give a default or fields, not both (a settings object's defaults are its fields')" })
  .refine((f) => f.check === "any" || f.fix !== undefined, { message: "a checked field needs a fix (how to correct a bad value)", path: ["fix"] })
  .refine((f) => f.items === undefined || f.check === "array", { message: "items go with check: array", path: ["items"] })
  .refine((f) => f.items === undefined || f.items.check === "any" || f.items.fix !== undefined, { message: "a checked entry needs a fix (how to correct a bad value)", path: ["items", "fix"] });

/**
 * When withDurableExecution makes an invocation check, each a point of the runtime that calls the generated
 * function of the checks made then (`<config>Issue<When>`, in src/generated/validators.ts).
 */
export const INVOCATION_PHASES = {
  beforePlugins: "at every invocation, before the plugins load and before the execution's state is read",
  afterInvocationStart:
    "at every invocation, after the operations load and the plugins' onInvocationStart, as the reference does, so plugins see the failed invocation (onInvocationEnd)",
} as const;
export type InvocationPhase = keyof typeof INVOCATION_PHASES;

/**
 * A check withDurableExecution makes when the handler runs, not when it is wrapped (the reference's
 * timing: the invocation fails with the message instead of the wrap throwing):
 * - `fields`: the field paths it reads (`pluginsConfig.childOperationsDepth`);
 * - `check`: a check of the wrap-time vocabulary for one field (refused when the field is given, not
 *   undefined or null, and fails it), or `notBoth` for two fields (refused when both are given, truthy as
 *   the reference reads the clients; the first is the field at fault);
 * - `nullIsValue`: why the field's `null` is checked (and refused) as a value, not read as the field
 *   left out, as a config field's `nullIsValue` says (the reference refuses it, or reads it as a value);
 *   only with a check of one field;
 * - `message`: the DurableValidationError message (schema/errors.yaml) reported, with its fix;
 * - `params`: where each param of the message and of its fix comes from: `value`, the field's value as
 *   every validation message writes it (the generated describeReceived: "number -1", "an object with a");
 *   `default`, the field's typed default (`<CONFIG>_DEFAULTS`);
 * - `composedWith`: a DurableValidationError message of (problem, fix) the invocation fails with, given
 *   the message and its fix (problemAndFix); without it the message alone (the fix is `error.fix`);
 * - `when`: one of {@link INVOCATION_PHASES}.
 */
const invocationCheckSchema = z.strictObject({
  fields: z.array(z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)?$/, "must be a field or settings field path")).min(1),
  check: z.union([checkSchema, z.literal("notBoth")]),
  nullIsValue: text.optional(),
  message: identifier,
  params: z.record(identifier, z.enum(["value", "default"])).optional(),
  composedWith: identifier.optional(),
  when: z.enum(Object.keys(INVOCATION_PHASES) as [InvocationPhase, ...InvocationPhase[]]),
});

/**
 * What an event check refuses, each generated as plain code in `durableExecutionEventIssue` (the words are the
 * rule in that function's TSDoc).
 */
export const EVENT_CHECKS = {
  truthy: "present and truthy (missing, null, an empty string, 0 or false is refused)",
  arrayOrAbsent: "an array, or absent (null or left out)",
} as const;
export type EventCheck = keyof typeof EVENT_CHECKS;

/**
 * A check of the event withDurableExecution's handler is invoked with (made first at every invocation):
 * - `field`: its path in the event (`InitialExecutionState.Operations`), a field of the event's wire type;
 * - `check`: one of {@link EVENT_CHECKS};
 * - `message`: the DurableValidationError message (schema/errors.yaml) saying what is wrong, the problem the
 *   event section's `composedWith` is given;
 * - `params`: where each param of the message comes from: `path`, the field's path.
 */
const eventCheckSchema = z.strictObject({
  field: z.string().regex(/^[A-Za-z_$][\w$]*(\.[A-Za-z_$][\w$]*)*$/, "must be a field path of the event"),
  check: z.enum(Object.keys(EVENT_CHECKS) as [EventCheck, ...EventCheck[]]),
  message: identifier,
  params: z.record(identifier, z.enum(["path"])).optional(),
});

/**
 * schema/execution.yaml: the execution itself. `config`: the fields of the configuration
 * withDurableExecution takes and the typed defaults of the unset ones. Its interface stays hand-written
 * in `declaredIn` (its fields name runtime types, which generated code cannot import); generated from it are
 * the defaults (`<CONFIG>_DEFAULTS`) and the wrap-time validator (`validate<Config>` and
 * `<CONFIG>_RULES`, from the fields' checks), and a test holds the interface to this list and its types.
 * `invocationChecks`: the checks made when the handler runs instead (generated as one function per phase). `event`: the
 * checks of the invocation event (generated as one function). `checkpoints`: the
 * EXECUTION operation's own updates (no child updates: the execution's operations have files of their own).
 */
export const executionFileSchema = z.strictObject({
  execution: z.strictObject({
    summary: text,
    /** The OperationType of the execution's own operation (its updates carry it). */
    operationType: identifier,
    /** withDurableExecution's first argument: its wrap-time check (e.g. \`function\`) and the fix of a value that fails it. */
    handler: z.strictObject({ check: checkSchema, expected: text.optional(), fix: text }),
    config: z.strictObject({
      name: identifier,
      summary: text,
      declaredIn: text,
      /** What the config itself must be (\`config must be …\`) and how to fix a value that is not one: withDurableExecution refuses it when it wraps the handler; undefined (no config) is always accepted. */
      expected: text,
      fix: text,
      fields: z.array(executionConfigFieldSchema).min(1),
      invocationChecks: z.array(invocationCheckSchema).optional(),
    }),
    /**
     * The checks of the invocation event: `type`, the event's wire type; `composedWith`, the DurableValidationError
     * message of (problem) the event is refused with, whose fix is the error's; `checks`, in the order they are made.
     */
    event: z
      .strictObject({
        type: identifier,
        composedWith: identifier,
        checks: z.array(eventCheckSchema).min(1),
      })
      .optional(),
    checkpoints: z.array(checkpointSchema.omit({ child: true })).min(1),
  }),
});

/**
 * One field of an update's options that the service checks (transitions.yaml `options.checks`): its type and
 * bound, and the message the update is refused with, either `required` (the field must be there and valid;
 * the message's one param is the operation Id) or `invalid` (the field may be left out; the message's params
 * are the field's path and the operation Id).
 */
const updateOptionCheckSchema = z
  .strictObject({
    field: identifier,
    /** `number`: a finite number; `string`: a string. */
    type: z.enum(["number", "string"]),
    /** The least value (a number) or the least length (a string) accepted. */
    min: z.number().finite().optional(),
    required: identifier.optional(),
    invalid: identifier.optional(),
  })
  .refine((c) => (c.required === undefined) !== (c.invalid === undefined), { message: "give exactly one of `required` and `invalid`" });

/** schema/transitions.yaml: named status sets and the operation status transition table. */
export const transitionsFileSchema = z.strictObject({
  /** The service exception a checkpoint update breaking a rule of this file is refused with; `options` messages are its messages. */
  refusedWith: identifier.optional(),
  /**
   * The action that starts an operation (an OperationAction): the service creates a new operation in the
   * status this action's row leaves, and within one checkpoint only an operation whose first update there is
   * this action counts as started there (rows with `afterStartInBatch` may follow it; a later update may name
   * it as ParentId). Generated as OPERATION_START_ACTION.
   */
  startAction: identifier,
  statusSets: z.array(
    z.strictObject({
      name: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "must be an UPPER_SNAKE_CASE constant name"),
      summary: text,
      statuses: z.array(identifier).min(1),
    }),
  ),
  transitions: z
    .array(
      z.strictObject({
        type: identifier,
        action: identifier,
        /** Statuses the action is accepted in: OperationStatus values, `new` (no operation yet) or `any`. */
        from: z.array(identifier).min(1),
        to: identifier,
        rule: text,
        /**
         * The history event the service records for the update (absent: none). Its `operation:` in
         * history.yaml must be this type, and when history.yaml has an event for this type and `to`, that one.
         */
        event: identifier.optional(),
        /** The event recorded instead when the update carries an Error (a retry reports its attempt's outcome). */
        errorEvent: identifier.optional(),
        /** The update may follow the `startAction` update of the same operation in one checkpoint batch (one such pair per Id). */
        afterStartInBatch: z.literal(true).optional(),
        /** A generated constant holding `to`, for code that tests a stored status for what this action left. */
        toConstant: statusConstant.optional(),
        /**
         * The options the update carries, which the service checks: `field`, the OperationUpdate field
         * holding them; `required`, the message when the update has none (absent: they may be left out);
         * `checks`, the fields of the options checked, in order.
         */
        options: z
          .strictObject({
            field: identifier,
            required: identifier.optional(),
            checks: z.array(updateOptionCheckSchema).min(1),
          })
          .optional(),
      }),
    )
    .min(1),
  /**
   * What the service does to an operation by itself, with no checkpoint action: a timer falls due, the
   * callback API answers, a chained invoke's target ends. `event`: the history event it records, whose
   * `operation:` in history.yaml must be this type and `to`.
   */
  serviceTransitions: z
    .array(
      z.strictObject({
        name: identifier,
        summary: text,
        type: identifier,
        from: z.array(identifier).min(1),
        to: identifier,
        event: identifier.optional(),
        /** A generated constant holding `to`, for code that tests a stored status for what this change left. */
        toConstant: statusConstant.optional(),
      }),
    )
    .optional(),
});

const historyFieldSchema = z.strictObject({
  name: identifier,
  /** `string`, `number`, `boolean`, `Date`, a record of this file or a wire type (ErrorObject). */
  type: identifier,
  optional: z.boolean().optional(),
  summary: text.optional(),
});

/** schema/history.yaml: the execution-history events and the records their details use. */
export const historyFileSchema = z.strictObject({
  records: z.array(
    z
      .strictObject({
        name: identifier,
        summary: text,
        /** A payload envelope `{ Payload?: <type>; Truncated?: boolean }`. */
        envelope: identifier.optional(),
        alias: identifier.optional(),
        fields: z.array(historyFieldSchema).optional(),
      })
      .refine((r) => [r.envelope, r.alias, r.fields].filter((x) => x !== undefined).length === 1, {
        message: "give exactly one of `envelope`, `alias` and `fields`",
      }),
  ),
  /** Fields every event carries besides EventType and its details. */
  common: z.array(historyFieldSchema),
  events: z
    .array(
      z.strictObject({
        type: identifier,
        summary: text.optional(),
        /** The operation the event concerns (its OperationType) and the OperationStatus the event records for it. */
        operation: z.strictObject({ type: identifier, status: identifier }).optional(),
        fields: z.array(historyFieldSchema),
      }),
    )
    .min(1),
});

export type HistoryFile = z.infer<typeof historyFileSchema>;
export type TransitionsFile = z.infer<typeof transitionsFileSchema>;
export type EnumsFile = z.infer<typeof enumsFileSchema>;
export type TypesFile = z.infer<typeof typesFileSchema>;
export type ErrorsFile = z.infer<typeof errorsFileSchema>;
export type SharedFile = z.infer<typeof sharedFileSchema>;
export type FunctionArgsSpec = z.infer<typeof functionArgsSchema>;
export type OperationFile = z.infer<typeof operationFileSchema>;
export type ContextFile = z.infer<typeof contextFileSchema>;
export type ConfigSpec = z.infer<typeof configSchema>;
export type ExecutionFile = z.infer<typeof executionFileSchema>;

/**
 * The runtime side of a DurableContext: id allocation and execution modes (see
 * docs/guide/internals-replay.md#ids and #execution-modes), the context-usage guard
 * (docs/guide/internals-operations.md#shared-machinery), the replay-consistency check
 * (docs/guide/internals-replay.md#non-determinism), serdes and logger settings, and the user-facing
 * object built around the generated operation methods.
 */
import {
  fixDurableValidationErrorOperationNameTooLong,
  MAX_OPERATION_NAME_LENGTH,
  messageDurableValidationErrorOperationNameTooLong,
  messageNonDeterministicExecutionErrorOperationMismatch,
  messageTerminationContextUsage,
  OperationMethodsBase,
  OPERATIONS,
  NonDeterministicExecutionError,
  type AnySerdes,
  type DurableValidationError,
  type AnySerdesDeserializer,
  type DurableContext,
  type DurableLogger,
  type LambdaContext,
  type Operation,
  type OperationHandlerTable,
  type OperationName,
  STEP_SUCCEEDED_STATUS,
  OperationType,
  TerminationReason,
  type LoggerConfig,
  type SerdesConfig,
} from "../../generated/index.js";
import type { CheckpointManager } from "../checkpoint/checkpoint-manager.js";
import type { LifecycleState } from "../checkpoint/suspension.js";
import { currentScope, Mode, runInStore, type ActiveContext } from "../execution/async-context.js";
import { isCompleted, TERMINAL_STATUSES } from "../execution/operations-state.js";
import type { TerminationManager } from "../execution/termination.js";
import { makeRawId, rememberWireId, toWireId, wireIdAt } from "../ids.js";
import { createContextLogger, type ContextLogger } from "../logger/context-logger.js";
import { defaultSerdes } from "../serdes/default-serdes.js";
import { invalidInput } from "../duration.js";
import type { PluginRunner } from "../plugins/runner.js";
import type { OperationIdentity } from "../plugins/info.js";

// What `begin` compares with on every operation, read once here (a cold start runs begin unoptimised,
// where each `Mode.X` or `OperationType.X` is a property load).
const REPLAY = Mode.Replay;
const REPLAY_SUCCEEDED_CONTEXT = Mode.ReplaySucceededContext;
const CONTEXT_TYPE = OperationType.CONTEXT;

/** Facts shared by every context of one invocation. */
export interface ExecutionEnv {
  readonly arn: string;
  readonly checkpoints: CheckpointManager;
  readonly termination: TerminationManager;
  readonly lambdaContext: LambdaContext;
  readonly requestId: string;
  readonly tenantId?: string;
  /** The instrumentation plugins (undefined when none is registered: no hook work at all). */
  readonly plugin?: PluginRunner;
  /** Whether the invocation's UpdatedOperationIds lists this wire id. */
  updatedBetweenInvocations(wireId: string): boolean;
  /** The operation handlers (the runtime entry point installs them: this module cannot import them). */
  readonly handlers: OperationHandlerTable<InternalContext>;
}

export interface SerdesSettings {
  defaultSerdes: AnySerdes;
  defaultCallbackDeserializer?: AnySerdesDeserializer;
}

/** What an operation gets when it starts: its ids and what the service already stored for it. */
export interface OperationStart {
  rawId: string;
  wireId: string;
  /** Type and subtype on the wire (from the schema, or a child context's configured subtype). */
  type: OperationType;
  subType: string;
  /** ParentId to send (undefined at root). */
  parentWireId: string | undefined;
  name: string | undefined;
  stored: Operation | undefined;
  /** A name shown to plugins only, never checkpointed (waitForCallback's callback and submitter). */
  pluginName?: string;
  /** Its lifecycle state, kept by the suspension tracker (see checkpoint/suspension.ts). */
  lifecycle?: Exclude<LifecycleState, "COMPLETED">;
}

export interface BeginSpec {
  method: string;
  type: OperationType;
  subType: string;
  name: string | undefined;
  /** waitForCondition skips the replay-consistency check. */
  skipCheck?: boolean;
  /**
   * map/parallel: their items, each of whose names becomes its child context's Name. begin checks them
   * after the batch's own name, so one too long is refused before the batch starts.
   */
  items?: readonly { readonly name: string | undefined }[];
  /**
   * With `items`: how a too-long name's error names the item at `index` (its position in `items`) as
   * the user wrote it: the subject, and the field under the operation (the subject when left out).
   */
  itemName?: (index: number) => [subject: string, field?: string];
}

/** The specs of unnamed operations with no extras, one per operation (begin only reads a spec). */
const unnamedSpecs: Partial<Record<OperationName, Readonly<BeginSpec>>> = {};

/** What `begin` needs for a schema operation: its type and subtype come from the generated OPERATIONS table. */
export function operationSpec(operation: OperationName, name: string | undefined, extra?: { subType?: string; skipCheck?: boolean }): Readonly<BeginSpec> {
  if (name === undefined && extra === undefined) {
    const known = unnamedSpecs[operation];
    if (known !== undefined) return known;
  }
  const info = OPERATIONS[operation];
  const spec: BeginSpec = { method: operation, type: info.operationType, subType: extra?.subType ?? info.subType, name, skipCheck: extra?.skipCheck };
  if (name === undefined && extra === undefined) unnamedSpecs[operation] = spec;
  return spec;
}

/**
 * The error for a name over MAX_OPERATION_NAME_LENGTH given to `operation`: `subject` says which name
 * (the operation's own by default) and `field` is its path under the operation.
 */
function nameTooLong(operation: string, name: string, subject = "name", field = subject): DurableValidationError {
  const problem = messageDurableValidationErrorOperationNameTooLong(operation, subject, name.length, MAX_OPERATION_NAME_LENGTH);
  return invalidInput({ operation, field: `${operation}.${field}`, problem, fix: fixDurableValidationErrorOperationNameTooLong, received: name });
}

/** Whether the recorded operation is the one the code started: same type, name and subtype. */
function sameOperation(stored: Operation, spec: Readonly<BeginSpec>): boolean {
  return stored.Type === spec.type && stored.Name === spec.name && (stored.SubType ?? undefined) === spec.subType;
}

/** The operation as plugins identify it before the service stored anything. */
export function identityOf(op: OperationStart): OperationIdentity {
  return { id: op.wireId, name: op.pluginName ?? op.name, type: op.type, subType: op.subType, parentId: op.parentWireId };
}

export interface ChildOptions {
  mode: Mode;
  /** FLAT nesting: the context is not checkpointed and its operations are parented to this context. */
  virtual?: boolean;
}

/**
 * Whether the code running now replays: the mode of the active scope, or, in code outside every scope
 * (the root handler, see {@link InternalContext.runRoot}), the mode of the invocation's root context.
 */
const isReplayingIn = (root: InternalContext) => (): boolean => {
  const active = currentScope();
  return (active === undefined ? root.mode : active.mode()) !== Mode.Execution;
};

/**
 * The object handlers receive as `context`: the generated operation methods (on a shared prototype)
 * plus the members the runtime adds. Its logger is built on first use.
 */
class ContextApi extends OperationMethodsBase implements DurableContext {
  readonly lambdaContext: LambdaContext;
  readonly executionContext: { readonly durableExecutionArn: string };
  readonly #owner: InternalContext;

  constructor(owner: InternalContext) {
    super((operation, args) => owner.env.handlers[operation](owner, args));
    this.#owner = owner;
    this.lambdaContext = owner.env.lambdaContext;
    this.executionContext = { durableExecutionArn: owner.env.arn };
  }

  get logger() {
    return this.#owner.logging.logger;
  }

  configureLogger(config: LoggerConfig<DurableLogger>): void {
    this.#owner.logging.configureLogger(config);
  }

  configureSerdes(config: SerdesConfig): void {
    const serdes = this.#owner.serdes;
    if (config?.defaultSerdes !== undefined) serdes.defaultSerdes = config.defaultSerdes;
    if (config?.defaultCallbackDeserializer !== undefined) serdes.defaultCallbackDeserializer = config.defaultCallbackDeserializer;
  }
}

export class InternalContext {
  readonly env: ExecutionEnv;
  /** Raw id of this context's operation (undefined at root). */
  readonly prefix: string | undefined;
  /** The id the context-usage guard expects: `"root"` or the raw id. */
  readonly activeId: string;
  /** ParentId of operations created here. */
  readonly parentWireId: string | undefined;
  mode: Mode;
  /**
   * Remaining `pluginsConfig.childOperationsDepth` budget: a child context run from here keeps its
   * children (ReplayChildren) when its budget, one less than this, is at least 1.
   */
  readonly preserveDepth: number;
  counter = 0;
  serdes: SerdesSettings;
  readonly api: DurableContext;
  /** The async-local record of code running directly in this context. */
  readonly active: ActiveContext;
  /** The invocation's root context (this one at the root). */
  readonly root: InternalContext;
  #loggerInit: { logger: DurableLogger; modeAware: boolean; loggingContext: Parameters<typeof createContextLogger>[0]["loggingContext"] };
  #ownLogging: ContextLogger<DurableLogger> | undefined;

  constructor(
    env: ExecutionEnv,
    init: {
      /** The invocation's root context (undefined when creating the root). */
      root?: InternalContext;
      prefix?: string;
      /** The wire id of `prefix`. */
      wireId?: string;
      /** The child context operation's name: the operationName of what its code logs (as on the reference). */
      name?: string;
      parentWireId?: string;
      mode: Mode;
      preserveDepth?: number;
      serdes: SerdesSettings;
      logger: DurableLogger;
      modeAware: boolean;
      loggingContext: Parameters<typeof createContextLogger>[0]["loggingContext"];
    },
  ) {
    this.env = env;
    this.root = init.root ?? this;
    this.prefix = init.prefix;
    this.activeId = init.prefix ?? "root";
    this.parentWireId = init.parentWireId;
    this.mode = init.mode;
    this.preserveDepth = init.preserveDepth ?? 0;
    this.serdes = { ...init.serdes };
    this.active = {
      id: this.activeId,
      operationId: init.prefix ? (init.wireId ?? toWireId(init.prefix)) : undefined,
      operationName: init.name,
      mode: () => this.mode,
    };
    this.#loggerInit = { logger: init.logger, modeAware: init.modeAware, loggingContext: init.loggingContext };
    // Each child context hands its logger the logging context, as the reference's contexts do when
    // created (the root's is handed over where the invocation builds it).
    if (init.root && init.loggingContext) init.logger.configureDurableLoggingContext?.(init.loggingContext);
    this.api = new ContextApi(this);
  }

  /** The context's logger settings (configureLogger); created on first use. */
  get logging(): ContextLogger<DurableLogger> {
    this.#ownLogging ??= createContextLogger({ ...this.#loggerInit, isReplaying: isReplayingIn(this.root) });
    return this.#ownLogging;
  }

  /** The logger currently configured for this context, without building the replay-aware wrapper. */
  currentLogger(): DurableLogger {
    return this.#ownLogging ? this.#ownLogging.current() : this.#loggerInit.logger;
  }

  /** Creates the context of the child operation `op` (its raw and wire ids, from {@link begin}). */
  child(op: Pick<OperationStart, "rawId" | "wireId" | "name">, options: ChildOptions): InternalContext {
    return new InternalContext(this.env, {
      root: this.root,
      prefix: op.rawId,
      wireId: op.wireId,
      name: op.name,
      parentWireId: options.virtual ? this.parentWireId : op.wireId,
      mode: options.mode,
      preserveDepth: this.childPreserveDepth(options.virtual),
      serdes: this.serdes,
      logger: this.currentLogger(),
      modeAware: this.#ownLogging ? this.#ownLogging.isModeAware() : this.#loggerInit.modeAware,
      loggingContext: this.#loggerInit.loggingContext,
    });
  }

  /**
   * The budget of a child context run from here: one less than ours (a virtual context adds no node to
   * the operation tree, so it passes ours through). Infinity stays Infinity (Infinity - 1 is Infinity).
   */
  childPreserveDepth(virtual: boolean | undefined): number {
    if (virtual) return this.preserveDepth;
    return Math.max(0, this.preserveDepth - 1);
  }

  /** Runs `fn` with this context as the active one. */
  run<T>(fn: () => T): T {
    return runInStore(this.active, fn);
  }

  /**
   * Runs the root handler. Code outside every scope counts as the root's (the context-usage guard and
   * the replay-aware logger read a missing store so), so in the usual case — no scope active — the
   * handler runs with no store at all: entering one turns on Node's async hooks for the rest of the
   * process, which costs every promise a hook call, and an invocation that runs no step body (a replay)
   * then never pays for them. Inside another scope (a handler started from a step of another execution
   * in the same process) it enters the root's own store, so the outer scope does not leak in.
   */
  runRoot<T>(fn: () => T): T {
    return currentScope() === undefined ? fn() : runInStore(this.active, fn);
  }

  /**
   * Starts an operation: guard, mode bookkeeping, id allocation and the replay-consistency check.
   * Returns undefined when the operation must never settle (invocation ending, or a replay-only
   * context reached an unfinished operation).
   */
  begin(spec: Readonly<BeginSpec>): OperationStart | undefined;
  /**
   * With `orSucceeded`: a SUCCEEDED record is returned as it is, with no start record built (a step
   * with JSON serdes settles from it, and a long replay would build one per step only to drop it);
   * {@link startOf} builds one afterwards if needed.
   */
  begin(spec: Readonly<BeginSpec>, orSucceeded: true): OperationStart | Operation | undefined;
  begin(spec: Readonly<BeginSpec>, orSucceeded?: true): OperationStart | Operation | undefined {
    // Every named operation starts here: a name the service would refuse (failing the whole execution
    // at the checkpoint) is refused at the call instead, before anything is recorded: its own, then a
    // batch's items' names, each named as the user wrote it.
    const { name, items } = spec;
    if (name && name.length > MAX_OPERATION_NAME_LENGTH) throw nameTooLong(spec.method, name);
    if (items) {
      for (let index = 0; index < items.length; index++) {
        const itemName = items[index]!.name;
        if (itemName && itemName.length > MAX_OPERATION_NAME_LENGTH) throw nameTooLong(spec.method, itemName, ...spec.itemName!(index));
      }
    }
    const { checkpoints, termination } = this.env;
    if (termination.result) return undefined;
    // The id of the scope the current code runs in (code outside every scope is the root's) must be
    // this context's: the context-usage guard.
    const scopeId = currentScope()?.id ?? "root";
    if (scopeId !== this.activeId) {
      termination.terminate({ reason: TerminationReason.CONTEXT_VALIDATION_ERROR, message: messageTerminationContextUsage(spec.method, scopeId, this.activeId) });
      return undefined;
    }
    const position = this.counter + 1;
    const prefix = this.prefix;
    const rawId = makeRawId(prefix, position);
    const wireId = wireIdAt(prefix, position, rawId, checkpoints);
    const stored = checkpoints.getOperation(wireId);
    const completed = stored !== undefined && isCompleted(stored);
    const mode = this.mode;
    // Replaying a succeeded context's children (ReplayChildren), an operation it never finished stays
    // pending: its function returned without it. A TIMED_OUT callback or a TIMED_OUT or STOPPED invoke is
    // finished (the function saw it fail): it replays as in any replay, where the reference hangs.
    if (mode === REPLAY_SUCCEEDED_CONTEXT && stored && !TERMINAL_STATUSES.has(stored.Status!)) return undefined;
    // Replay switches to execution at the first operation the history does not finish: before one
    // it has no record of (unless its children are recorded), after one it records unfinished.
    let switchAfter = false;
    if (mode === REPLAY) {
      if (stored) switchAfter = !completed;
      else this.#switchUnlessChildrenRecorded(rawId);
    }
    this.counter = position;
    if (switchAfter) this.mode = Mode.Execution;
    if (stored?.Type && !spec.skipCheck && !sameOperation(stored, spec)) {
      this.#reportMismatch(stored, spec, rawId);
      return undefined;
    }
    // Updates carry the operation's wire Id with them; only a context's raw id is translated again
    // later (its items' records during a batch replay), and not when replayed from a finished result.
    if (!completed && spec.type === CONTEXT_TYPE) rememberWireId(rawId, wireId);
    return orSucceeded && stored?.Status === STEP_SUCCEEDED_STATUS ? stored : this.#record(spec, rawId, wireId, stored);
  }

  /** The start record begin hands out (one shape for every operation). */
  #record(spec: Readonly<BeginSpec>, rawId: string, wireId: string, stored: Operation | undefined): OperationStart {
    return { rawId, wireId, type: spec.type, subType: spec.subType, parentWireId: this.parentWireId, name: spec.name, stored, lifecycle: undefined };
  }

  /**
   * The start record of the operation that `begin(spec, true)` just answered with its SUCCEEDED record
   * `stored` (call it before the next operation starts: begin left the counter at its position).
   */
  startOf(spec: Readonly<BeginSpec>, stored: Operation): OperationStart {
    return this.#record(spec, makeRawId(this.prefix, this.counter), stored.Id!, stored);
  }

  /** Replay meets `rawId`, of which nothing is recorded: switch to execution now unless children of it are recorded. */
  #switchUnlessChildrenRecorded(rawId: string): void {
    if (!this.env.checkpoints.getOperation(toWireId(`${rawId}-1`))) this.mode = Mode.Execution;
  }

  /** Ends the invocation: the recorded operation differs from the one the code started (type, name or subtype). */
  #reportMismatch(stored: Operation, spec: Readonly<BeginSpec>, rawId: string): void {
    const [what, expected, got] =
      stored.Type !== spec.type
        ? (["type", stored.Type, spec.type] as const)
        : stored.Name !== spec.name
          ? (["name", stored.Name, spec.name] as const)
          : (["subtype", stored.SubType, spec.subType] as const);
    const error = new NonDeterministicExecutionError(messageNonDeterministicExecutionErrorOperationMismatch(what, rawId, expected, got));
    this.env.termination.terminate({ reason: TerminationReason.NON_DETERMINISM, message: error.message, error });
  }

  /** Re-runs the replay→execution switch after an operation observed a finished stored result. */
  switchIfNothingFollows(): void {
    if (this.mode !== Mode.Replay) return;
    const position = this.counter + 1;
    const next = makeRawId(this.prefix, position);
    const { checkpoints } = this.env;
    if (!checkpoints.getOperation(wireIdAt(this.prefix, position, next)) && !checkpoints.getOperation(toWireId(`${next}-1`))) this.mode = Mode.Execution;
  }
}

export { defaultSerdes };

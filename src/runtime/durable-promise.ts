/**
 * `DurablePromise`: the lazily-settled promise every durable operation returns.
 *
 * @module
 */
import type { DurablePromise as DurablePromiseContract } from "../generated/index.js";
import {
  messagePlainErrorDurablePromiseExecutorNotFunction,
  messagePlainErrorDurablePromiseIncompatibleReceiver,
  messagePlainErrorDurablePromiseSettledExecutorCalled,
} from "../generated/errors.js";

/** Marks DurablePromise instances, shared by every copy of this module loaded in the process. */
const BRAND: unique symbol = Symbol.for("durable-execution-sdk.DurablePromise");

// Internal state lives under symbol keys that the class does not declare, so that the class's instance
// type has only public members and stays mutually assignable with the generated `DurablePromise<T>`
// interface. (A WeakMap would do the same but costs far more garbage-collection work per operation.)
// The three slots sit on the instance itself, each instance setting them in the same order: one object
// per DurablePromise, which matters when a replay creates one per stored operation.
const EXECUTOR = Symbol("DurablePromise.executor");
const PROMISE = Symbol("DurablePromise.promise");
const VALUE = Symbol("DurablePromise.value");
interface Slots<T> {
  /** The executor until started; {@link SETTLED} when the result is {@link VALUE}. */
  [EXECUTOR]?: (() => PromiseLike<T> | T) | undefined;
  [PROMISE]?: Promise<T> | undefined;
  [VALUE]?: T | PromiseLike<T> | undefined;
}

/** The executor slot of a DurablePromise made by {@link settledDurablePromise}; never called. */
const SETTLED = (): never => {
  throw new TypeError(messagePlainErrorDurablePromiseSettledExecutorCalled);
};

function started<T>(owner: DurablePromise<T>): Promise<T> {
  const self = owner as Slots<T>;
  const running = self[PROMISE];
  if (running !== undefined) return running;
  const executor = self[EXECUTOR];
  if (executor === undefined) throw new TypeError(messagePlainErrorDurablePromiseIncompatibleReceiver);
  self[EXECUTOR] = undefined;
  let promise: Promise<T>;
  if (executor === SETTLED) {
    promise = Promise.resolve(self[VALUE] as T);
    self[VALUE] = undefined;
  } else {
    try {
      promise = Promise.resolve(executor());
    } catch (error) {
      promise = Promise.reject(error);
    }
  }
  self[PROMISE] = promise;
  return promise;
}

/**
 * A `Promise`-compatible wrapper around an executor that runs only when the result is first asked for
 * — by `then`, `catch`, `finally` or `await` — and whose outcome is then cached: later calls reuse the
 * same underlying promise and never run the executor again.
 *
 * Durable operations do their work eagerly and put only the "wait for the outcome" part in the executor,
 * so whether a DurablePromise has been awaited ({@link DurablePromise.isExecuted}) tells the runtime
 * whether anyone is waiting for the operation.
 *
 * Differences from a plain `new Promise(...)`: the executor takes no resolve/reject callbacks (it returns
 * a value or a promise), and a synchronous throw from it becomes a rejection.
 *
 * `instanceof DurablePromise` recognises instances created by any copy of this package (the check
 * looks for a process-wide brand, not the prototype chain); subclasses keep ordinary `instanceof`.
 *
 * @example
 * ```ts
 * const p = new DurablePromise(async () => 42);
 * p.isExecuted;  // false — nothing ran yet
 * await p;       // 42
 * p.isExecuted;  // true
 * ```
 */
export class DurablePromise<T> implements Promise<T> {
  /** @param executor - Produces the result; called at most once, on first `then`/`catch`/`finally`. */
  constructor(executor: () => PromiseLike<T> | T) {
    if (typeof executor !== "function") {
      throw new TypeError(messagePlainErrorDurablePromiseExecutorNotFunction);
    }
    const self = this as Slots<T>;
    self[EXECUTOR] = executor;
    self[PROMISE] = undefined;
    self[VALUE] = undefined;
  }

  /** Starts the executor if needed, then behaves like `Promise.prototype.then`. */
  then<TResult1 = T, TResult2 = never>(
    onfulfilled?: ((value: T) => TResult1 | PromiseLike<TResult1>) | undefined | null,
    onrejected?: ((reason: any) => TResult2 | PromiseLike<TResult2>) | undefined | null,
  ): Promise<TResult1 | TResult2> {
    return started(this).then(onfulfilled, onrejected);
  }

  /** Starts the executor if needed, then behaves like `Promise.prototype.catch`. */
  catch<TResult = never>(
    onrejected?: ((reason: any) => TResult | PromiseLike<TResult>) | undefined | null,
  ): Promise<T | TResult> {
    return started(this).catch(onrejected);
  }

  /** Starts the executor if needed, then behaves like `Promise.prototype.finally`. */
  finally(onfinally?: (() => void) | undefined | null): Promise<T> {
    return started(this).finally(onfinally);
  }

  /** True once `then`, `catch`, `finally` or `await` has started the executor. */
  get isExecuted(): boolean {
    return (this as Slots<T>)[PROMISE] !== undefined;
  }

  /** `"DurablePromise"`, so `Object.prototype.toString` shows `[object DurablePromise]`. */
  get [Symbol.toStringTag](): string {
    return "DurablePromise";
  }

  /**
   * Brand-based `instanceof` for `DurablePromise` itself (works across duplicate package copies);
   * subclasses fall back to the ordinary prototype-chain check.
   */
  static [Symbol.hasInstance](value: unknown): boolean {
    if (this !== DurablePromise) return Function.prototype[Symbol.hasInstance].call(this, value);
    return (
      (typeof value === "object" || typeof value === "function") &&
      value !== null &&
      (value as { [BRAND]?: unknown })[BRAND] === true
    );
  }
}

Object.defineProperty(DurablePromise.prototype, BRAND, { value: true });

/**
 * A DurablePromise whose result is already known (an operation replayed from its stored result) or
 * already on its way (a promise that runs anyway): it behaves as `new DurablePromise(() => value)` —
 * nothing runs before `then`/`await`, `isExecuted` turns true then — without a closure per promise.
 */
export function settledDurablePromise<T>(value: T | PromiseLike<T>): DurablePromise<T> {
  const promise = new DurablePromise<T>(SETTLED);
  (promise as Slots<T>)[VALUE] = value;
  return promise;
}

/** True when `value` is a DurablePromise from any copy of this package. */
export function isDurablePromise<T = unknown>(value: unknown): value is DurablePromise<T> {
  return value instanceof DurablePromise;
}

// Compile-time guarantee that the class and the generated interface stay mutually assignable.
type Assignable<From, To> = [From] extends [To] ? true : false;
const classToContract: Assignable<DurablePromise<string>, DurablePromiseContract<string>> = true;
const contractToClass: Assignable<DurablePromiseContract<string>, DurablePromise<string>> = true;
void classToContract;
void contractToClass;

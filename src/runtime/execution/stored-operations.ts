/**
 * The invocation's operations by wire Id ("stepData"): the initial state, then every checkpoint
 * response's. See docs/guide/internals-replay.md.
 */
import type { Operation, WireOperation } from "../../generated/index.js";
import { normaliseOperation } from "./operations-state.js";

/**
 * How many entries past the expected position an in-order look-up checks before indexing everything:
 * the EXECUTION operation leads the list, and a few entries replay skips (the operations of a child
 * context listed with its children, replayed from the context's own result) may lie between two
 * look-ups. A small number keeps a look-up that will miss anyway cheap.
 */
const IN_ORDER_WINDOW = 8;

/**
 * A `Map` of wire Id → Operation whose initial entries are indexed only when something needs the index.
 *
 * Replay asks for the stored operations in the order the service lists them (a context's operations
 * are created, checkpointed and listed in counter order), so {@link get} first compares the Id of the
 * entry just visited (the repeated look-ups of one operation) and of the next few entries not yet
 * visited: a replay that walks the history in order reads each entry once, normalises it then, and
 * never hashes 10 000 keys into a table up front. Any other read — a look-up that misses those
 * positions (an operation not stored, a look-up out of order), `size`, `has`, iteration, or a write —
 * indexes every entry first (in list order, the later of two entries with one Id winning, as a
 * Map built entry by entry would), after which this is a plain Map.
 *
 * Ids in one execution's state are distinct (each is the hash of a distinct raw id); the in-order
 * look-up relies on that: it answers with the entry at the list position.
 */
export class StoredOperations extends Map<string, Operation> {
  /** The initial state in list order (normalised up to `next`), until it is indexed. */
  #pending: WireOperation[] | undefined;
  /** Position of the next entry of `#pending` an in-order look-up expects. */
  #next = 0;

  /** @param initial - The initial state in the service's order; this object keeps (and normalises in place) the array. */
  constructor(initial: WireOperation[]) {
    super();
    this.#pending = initial.length > 0 ? initial : undefined;
  }

  /** The first entry of the initial state (the EXECUTION operation), without indexing. */
  first(): Operation | undefined {
    const pending = this.#pending;
    if (pending === undefined) return super.values().next().value;
    const op = pending[0];
    if (!op?.Id) return this.values().next().value;
    return this.#visit(pending, 0);
  }

  /**
   * True when the initial state holds at most one operation (the EXECUTION one): this is the
   * execution's first invocation. Counts distinct Ids without indexing.
   */
  isFirstInvocation(): boolean {
    const pending = this.#pending;
    if (pending === undefined) return super.size <= 1;
    let id: string | undefined;
    for (const op of pending) {
      if (!op?.Id) continue;
      if (id === undefined) id = op.Id;
      else if (op.Id !== id) return false;
    }
    return true;
  }

  override get(wireId: string): Operation | undefined {
    const pending = this.#pending;
    if (pending === undefined) return super.get(wireId);
    const next = this.#next;
    if (next > 0 && pending[next - 1]?.Id === wireId) return pending[next - 1] as Operation;
    const end = Math.min(pending.length, next + IN_ORDER_WINDOW);
    for (let index = next; index < end; index++) {
      if (pending[index]?.Id === wireId) {
        this.#next = index + 1;
        return this.#visit(pending, index);
      }
    }
    this.#indexed();
    return super.get(wireId);
  }

  override has(wireId: string): boolean {
    this.#indexed();
    return super.has(wireId);
  }

  override set(wireId: string, op: Operation): this {
    // Once indexed (a checkpoint response writes, so the usual case), no call besides Map's own.
    if (this.#pending !== undefined) this.#indexed();
    return super.set(wireId, op);
  }

  override delete(wireId: string): boolean {
    // Once indexed (a checkpoint response writes, so the usual case), no call besides Map's own.
    if (this.#pending !== undefined) this.#indexed();
    return super.delete(wireId);
  }

  override clear(): void {
    this.#pending = undefined;
    super.clear();
  }

  override get size(): number {
    this.#indexed();
    return super.size;
  }

  override forEach(callback: (value: Operation, key: string, map: Map<string, Operation>) => void, thisArg?: unknown): void {
    this.#indexed();
    super.forEach(callback, thisArg);
  }

  override keys(): MapIterator<string> {
    this.#indexed();
    return super.keys();
  }

  override values(): MapIterator<Operation> {
    this.#indexed();
    return super.values();
  }

  override entries(): MapIterator<[string, Operation]> {
    this.#indexed();
    return super.entries();
  }

  override [Symbol.iterator](): MapIterator<[string, Operation]> {
    return this.entries();
  }

  /** Normalises entry `index` in place (once: a normalised entry normalises to itself) and returns it. */
  #visit(pending: WireOperation[], index: number): Operation {
    const op = normaliseOperation(pending[index]!);
    pending[index] = op;
    return op;
  }

  /** Indexes the initial entries (all of them, in list order) unless done; from then on this is a plain Map. */
  #indexed(): void {
    const pending = this.#pending;
    if (pending === undefined) return;
    this.#pending = undefined;
    for (const op of pending) if (op?.Id) super.set(op.Id, normaliseOperation(op));
  }
}

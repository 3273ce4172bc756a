/**
 * What the test runner knows about one run: an index of the execution's operations (start order,
 * by name, by parent) and their history events, fed by the service's history listener, plus the
 * session that holds the test's `waitForData` promises.
 */
import type { Operation } from "../generated/index.js";
import { ExecutionStatus } from "../local/execution-record.js";
import type { HistoryEvent } from "../local/history.js";
import type { LocalDurableService } from "../local/local-durable-service.js";
import { cloneOperation } from "../local/state-query.js";

/** How a lookup finds its operation. */
export type Selector =
  | { readonly kind: "id"; readonly id: string }
  | { readonly kind: "name"; readonly name: string; readonly index: number }
  | { readonly kind: "index"; readonly index: number };

export function describeSelector(selector: Selector): string {
  switch (selector.kind) {
    case "id":
      return `with id "${selector.id}"`;
    case "name":
      return selector.index === 0 ? `named "${selector.name}"` : `named "${selector.name}" (occurrence ${selector.index})`;
    case "index":
      return `at index ${selector.index}`;
  }
}

/** Something that can be waited for: the session re-checks it after every change. */
export interface Waiter {
  /** The run the waiter is about (fixed), or undefined to follow the session's current run. */
  readonly view: RunView | undefined;
  /** True once satisfied. */
  check(): boolean;
  resolve(): void;
  /** Called when the run ended without satisfying the waiter. */
  fail(view: RunView): void;
}

/**
 * The state shared by a runner's lookups until `reset()`: the current run and the pending
 * `waitForData` promises.
 */
export class RunnerSession {
  view: RunView | undefined;
  private readonly waiters = new Set<Waiter>();

  /** Registers a waiter, settling it at once when possible. */
  add(waiter: Waiter): void {
    if (waiter.check()) {
      waiter.resolve();
      return;
    }
    const view = waiter.view ?? this.view;
    if (view?.finished) {
      waiter.fail(view);
      return;
    }
    this.waiters.add(waiter);
    view?.wake();
  }

  /** Re-checks every waiter (after new operation data arrived). */
  recheck(): void {
    if (this.waiters.size === 0) return;
    for (const waiter of [...this.waiters]) {
      if (waiter.check()) {
        this.waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  /** Waiters of `view` that are not satisfied yet: the test is waiting for the execution to progress. */
  hasPendingWaiters(view: RunView): boolean {
    for (const waiter of this.waiters) if ((waiter.view ?? this.view) === view) return true;
    return false;
  }

  /** The run ended: settle what it satisfied and reject the rest of its waiters. */
  finish(view: RunView): void {
    this.recheck();
    for (const waiter of [...this.waiters]) {
      if ((waiter.view ?? this.view) !== view) continue;
      this.waiters.delete(waiter);
      waiter.fail(view);
    }
  }
}

/** The index of one run's main execution. */
export class RunView {
  arn: string | undefined;
  finished = false;
  /** Bumped by every history event of any execution of the run's service (and by test actions). */
  changes = 0;
  /** The test awaited (or chained on) run()'s promise. */
  awaited = false;
  /** Set when the run was aborted (teardownTestEnvironment). */
  abortError: Error | undefined;

  /**
   * Operations the test acted on or waited for (waitForData resolved, a callback sent): a callback
   * among them, or under one (waitForCallback), keeps its deadlines on real time under skipTime.
   */
  private readonly engaged = new Set<string>();

  private readonly order: string[] = [];
  private readonly byName = new Map<string, string[]>();
  private readonly byParent = new Map<string, string[]>();
  private readonly eventsById = new Map<string, HistoryEvent[]>();
  private readonly allEvents: HistoryEvent[] = [];
  private wakeUp: (() => void) | undefined;

  constructor(
    readonly service: LocalDurableService,
    readonly session: RunnerSession,
  ) {}

  /** Takes one history event of the service (events of other executions only count as changes). */
  onEvent(arn: string, event: HistoryEvent): void {
    this.changes++;
    this.arn ??= arn;
    if (arn === this.arn) {
      this.allEvents.push(event);
      const id = event.Id;
      if (id !== undefined) {
        let events = this.eventsById.get(id);
        if (!events) {
          this.eventsById.set(id, (events = []));
          this.order.push(id);
          if (event.Name !== undefined) push(this.byName, event.Name, id);
          if (event.ParentId !== undefined) push(this.byParent, event.ParentId, id);
        }
        events.push(event);
      }
      this.session.recheck();
    }
    this.wake();
  }

  /** Records that the test waited for or acted on operation `id`. */
  engage(id: string): void {
    this.engaged.add(id);
  }

  /** Whether the test waited for or acted on operation `id` or its parent. */
  isEngaged(id: string): boolean {
    if (this.engaged.has(id)) return true;
    const parent = this.peek(id)?.ParentId;
    return parent !== undefined && this.engaged.has(parent);
  }

  /** Resolves when the test acts (sends a callback, waits for data, awaits the run, skips time). */
  nextAction(): Promise<void> {
    return new Promise<void>((resolve) => (this.wakeUp = resolve));
  }

  /** Ends the run: its service stops and run() rejects with `error`. */
  abort(error: Error): void {
    this.abortError ??= error;
    this.service.close();
    this.wake();
  }

  wake(): void {
    const wakeUp = this.wakeUp;
    this.wakeUp = undefined;
    wakeUp?.();
  }

  /** The id a selector designates now, if that operation exists. */
  resolve(selector: Selector): string | undefined {
    switch (selector.kind) {
      case "id":
        return this.eventsById.has(selector.id) ? selector.id : undefined;
      case "name":
        return this.byName.get(selector.name)?.at(selector.index);
      case "index":
        return this.order.at(selector.index);
    }
  }

  /** A copy of the operation as the service holds it now. */
  operation(id: string): Operation | undefined {
    const op = this.arn === undefined ? undefined : this.service.store.findRecord(this.arn)?.get(id)?.op;
    return op && cloneOperation(op);
  }

  /** Live status and type without copying (for waiters, which check often). */
  peek(id: string): Readonly<Operation> | undefined {
    return this.arn === undefined ? undefined : this.service.store.findRecord(this.arn)?.get(id)?.op;
  }

  eventsOf(id: string): HistoryEvent[] {
    return [...(this.eventsById.get(id) ?? [])];
  }

  childrenOf(id: string): string[] {
    return [...(this.byParent.get(id) ?? [])];
  }

  /** Ids of every non-EXECUTION operation in start order. */
  operationIds(): string[] {
    return [...this.order];
  }

  historyEvents(): HistoryEvent[] {
    return [...this.allEvents];
  }

  /** The main execution's status (RUNNING until it finished). */
  status(): ExecutionStatus {
    return this.arn === undefined ? ExecutionStatus.RUNNING : this.service.getExecution(this.arn).Status;
  }
}

function push(map: Map<string, string[]>, key: string, value: string): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

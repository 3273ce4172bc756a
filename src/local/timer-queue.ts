/**
 * A min-heap of timers ordered by due time, then by creation order. Cancelling is O(1): the entry
 * is flagged and skipped when it reaches the top.
 */

export interface TimerEntry<T> {
  readonly due: number;
  readonly seq: number;
  readonly payload: T;
  cancelled: boolean;
}

export class TimerQueue<T> {
  private readonly heap: TimerEntry<T>[] = [];
  private nextSeq = 0;
  private live = 0;

  /** Number of timers that are neither fired nor cancelled. */
  get size(): number {
    return this.live;
  }

  schedule(due: number, payload: T): TimerEntry<T> {
    const entry: TimerEntry<T> = { due, seq: this.nextSeq++, payload, cancelled: false };
    this.heap.push(entry);
    this.siftUp(this.heap.length - 1);
    this.live++;
    return entry;
  }

  cancel(entry: TimerEntry<T> | undefined): void {
    if (entry && !entry.cancelled) {
      entry.cancelled = true;
      this.live--;
    }
  }

  /** The earliest live timer, without removing it. */
  peek(): TimerEntry<T> | undefined {
    this.dropCancelled();
    return this.heap[0];
  }

  /** Every live timer, in no particular order. */
  liveEntries(): TimerEntry<T>[] {
    return this.heap.filter((entry) => !entry.cancelled);
  }

  /** Removes and returns the earliest live timer if it is due at `now`. */
  popDue(now: number): TimerEntry<T> | undefined {
    const top = this.peek();
    if (!top || top.due > now) return undefined;
    this.popTop();
    top.cancelled = true;
    this.live--;
    return top;
  }

  private dropCancelled(): void {
    while (this.heap.length > 0 && this.heap[0].cancelled) this.popTop();
  }

  private popTop(): void {
    const last = this.heap.pop()!;
    if (this.heap.length > 0) {
      this.heap[0] = last;
      this.siftDown(0);
    }
  }

  private less(a: TimerEntry<T>, b: TimerEntry<T>): boolean {
    return a.due < b.due || (a.due === b.due && a.seq < b.seq);
  }

  private siftUp(index: number): void {
    const heap = this.heap;
    let i = index;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  private siftDown(index: number): void {
    const heap = this.heap;
    let i = index;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = i;
      if (left < heap.length && this.less(heap[left], heap[smallest])) smallest = left;
      if (right < heap.length && this.less(heap[right], heap[smallest])) smallest = right;
      if (smallest === i) return;
      [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
      i = smallest;
    }
  }
}

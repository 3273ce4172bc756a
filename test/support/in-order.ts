/**
 * Makes chosen batch items finish strictly in index order, without relying on timers: an item waits
 * until the previous sequenced item is done, then one more macrotask (by then the previous item has
 * settled in the batch, since that takes only microtasks once its function returned).
 */
export class InOrder {
  private readonly done: Array<() => void> = [];
  private readonly finished: Promise<void>[] = [];

  /** `sequenced[i]` says whether item i takes part; the others neither wait nor are waited for. */
  constructor(private readonly sequenced: readonly boolean[]) {
    for (let i = 0; i < sequenced.length; i++) this.finished.push(new Promise<void>((resolve) => this.done.push(resolve)));
  }

  /** Waits for the previous sequenced item to be done. */
  async turn(index: number): Promise<void> {
    for (let i = index - 1; i >= 0; i--) {
      if (!this.sequenced[i]) continue;
      await this.finished[i];
      break;
    }
    await new Promise((resolve) => setImmediate(resolve));
  }

  /** Runs `body` as item `index`'s turn: after the previous item, and marks this one done when its promise settles. */
  async run<T>(index: number, body: () => Promise<T>): Promise<T> {
    try {
      return await body();
    } finally {
      this.done[index]!();
    }
  }
}

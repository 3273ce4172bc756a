/**
 * Running independent pieces of benchmark work a few at a time: `npm run bench:reliability` (its
 * concurrent executions) and `npm run bench:instructions` (`--jobs` Valgrind processes).
 */

/** Runs `fn` over `items` with at most `limit` at once; the results are in the items' order. */
export async function pool<T, R>(items: readonly T[], limit: number, fn: (item: T, index: number) => Promise<R>): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      results[index] = await fn(items[index]!, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return results;
}

/**
 * The statistics of the benchmark scripts (bench/stats.ts): the median they report, and the bootstrap
 * interval bench:cold prints beside each target's ratio.
 */
import { describe, expect, it } from "vitest";
import { median, ratioInterval } from "../../bench/stats.js";

describe("median", () => {
  it("takes the middle value, the upper middle for an even count, without reordering its input", () => {
    const values = [5, 1, 3];
    expect(median(values)).toBe(3);
    expect(values).toEqual([5, 1, 3]);
    expect(median([4, 1, 3, 2])).toBe(3);
    expect(median([7])).toBe(7);
  });
});

describe("ratioInterval", () => {
  const spread = (center: number, width: number, n = 21) => Array.from({ length: n }, (_, i) => center + width * ((i * 7) % n) / (n - 1) - width / 2);

  it("is exact when neither SDK's samples vary", () => {
    expect(ratioInterval([2, 2, 2], [10, 10, 10])).toEqual([0.2, 0.2]);
  });

  it("contains the ratio of the medians, and widens with the samples' spread", () => {
    const ours = spread(20, 4);
    const reference = spread(80, 16);
    const [low, high] = ratioInterval(ours, reference);
    const point = median(ours) / median(reference);
    expect(low).toBeLessThanOrEqual(point);
    expect(high).toBeGreaterThanOrEqual(point);
    expect(low).toBeGreaterThan(0.2);
    expect(high).toBeLessThan(0.3);
    const [wideLow, wideHigh] = ratioInterval(spread(20, 12), spread(80, 48));
    expect(wideHigh - wideLow).toBeGreaterThan(high - low);
  });

  it("gives the same interval for the same samples (seeded), and an interval around 1 for one distribution against itself", () => {
    const samples = spread(50, 20);
    expect(ratioInterval(samples, samples)).toEqual(ratioInterval(samples, samples));
    const [low, high] = ratioInterval(samples, [...samples].reverse());
    expect(low).toBeLessThan(1);
    expect(high).toBeGreaterThan(1);
  });

  it("refuses empty sample lists", () => {
    expect(() => ratioInterval([], [1])).toThrow(/at least one sample/);
  });
});

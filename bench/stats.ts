/** Small statistics the benchmark scripts share. */

/** The middle value (the upper one of the two middles for an even count). */
export function median(values: readonly number[]): number {
  return [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;
}

/**
 * How far the ratio of medians `median(ours) / median(reference)` could move by chance: its 5th and
 * 95th percentiles over `resamples` bootstrap resamples (each SDK's samples drawn again with
 * replacement, independently). The generator is seeded, so the same samples always give the same
 * interval. A target whose upper bound is within its limit holds with room; one whose interval
 * straddles the limit sits at the line, whatever a single run's point estimate says.
 */
export function ratioInterval(ours: readonly number[], reference: readonly number[], resamples = 2000): [low: number, high: number] {
  if (ours.length === 0 || reference.length === 0) throw new Error("ratioInterval needs at least one sample of each");
  let seed = 0x2545f491;
  // xorshift32: enough for resampling indexes, and the same sequence every run.
  const random = () => {
    seed ^= seed << 13;
    seed ^= seed >>> 17;
    seed ^= seed << 5;
    return (seed >>> 0) / 0x1_0000_0000;
  };
  const resampledMedian = (values: readonly number[]) => median(Array.from(values, () => values[Math.floor(random() * values.length)]!));
  const ratios = Array.from({ length: resamples }, () => resampledMedian(ours) / resampledMedian(reference)).sort((a, b) => a - b);
  return [ratios[Math.floor(0.05 * (resamples - 1))]!, ratios[Math.ceil(0.95 * (resamples - 1))]!];
}

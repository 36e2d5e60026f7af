/** The median of a non-empty list of numbers. */
export function median(values: number[]): number {
  if (values.length === 0) {
    throw new Error('median: expected at least one value, got an empty list');
  }
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

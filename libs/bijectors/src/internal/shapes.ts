/** Shape helpers shared by the shape-changing bijectors. */

export function product(shape: readonly number[]): number {
  return shape.reduce((p, d) => p * d, 1);
}

export function shapeString(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`;
}

/** Checks that `perm` is a permutation of 0..n-1 (n = perm.length), naming owner and parameter. */
export function checkPermutation(owner: string, name: string, perm: readonly number[]): void {
  const n = perm.length;
  const seen = new Array<boolean>(n).fill(false);
  for (const p of perm) {
    if (!Number.isInteger(p) || p < 0 || p >= n || seen[p]) {
      throw new Error(`${owner}: parameter '${name}' must be a permutation of 0..${n - 1}, got [${perm.join(', ')}]`);
    }
    seen[p] = true;
  }
}

/** The inverse permutation: inv[perm[i]] = i. */
export function invertPermutation(perm: readonly number[]): number[] {
  const inv = new Array<number>(perm.length);
  perm.forEach((p, i) => (inv[p] = i));
  return inv;
}

/** n such that n (n + 1) / 2 = m, or undefined. */
export function triangularSide(m: number): number | undefined {
  const n = Math.round(Math.sqrt(0.25 + 2 * m) - 0.5);
  return (n * (n + 1)) / 2 === m ? n : undefined;
}

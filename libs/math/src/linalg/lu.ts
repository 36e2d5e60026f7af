/**
 * LU decomposition with partial pivoting of one n x n matrix, P A = L U, in float64, done in
 * place: on return `a` holds U on and above the diagonal and L's multipliers below it, `perm[i]`
 * is the row of A that became row i, and `sign` is det(P). `singular` is true when a pivot is 0.
 */
export interface LuResult {
  perm: Int32Array;
  sign: number;
  singular: boolean;
}

export function luInPlace(a: Float64Array, n: number): LuResult {
  const perm = new Int32Array(n);
  for (let i = 0; i < n; i++) perm[i] = i;
  let sign = 1;
  let singular = false;
  for (let col = 0; col < n; col++) {
    let pivotRow = col;
    let best = Math.abs(a[col * n + col]);
    for (let r = col + 1; r < n; r++) {
      const v = Math.abs(a[r * n + col]);
      if (v > best) {
        best = v;
        pivotRow = r;
      }
    }
    if (!(best > 0)) {
      singular = true;
      continue;
    }
    if (pivotRow !== col) {
      for (let c = 0; c < n; c++) {
        const t = a[col * n + c];
        a[col * n + c] = a[pivotRow * n + c];
        a[pivotRow * n + c] = t;
      }
      const p = perm[col];
      perm[col] = perm[pivotRow];
      perm[pivotRow] = p;
      sign = -sign;
    }
    const pivot = a[col * n + col];
    for (let r = col + 1; r < n; r++) {
      const factor = a[r * n + col] / pivot;
      a[r * n + col] = factor;
      if (factor !== 0) {
        for (let c = col + 1; c < n; c++) a[r * n + c] -= factor * a[col * n + c];
      }
    }
  }
  return {perm, sign, singular};
}

/** Inverse of A from its in-place LU factors (see luInPlace), written row-major into `out`. */
export function luInverse(lu: Float64Array, perm: Int32Array, n: number, out: Float64Array): void {
  const column = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    // Solve L U x = P e_j.
    for (let i = 0; i < n; i++) column[i] = perm[i] === j ? 1 : 0;
    for (let i = 0; i < n; i++) {
      let s = column[i];
      for (let k = 0; k < i; k++) s -= lu[i * n + k] * column[k];
      column[i] = s;
    }
    for (let i = n - 1; i >= 0; i--) {
      let s = column[i];
      for (let k = i + 1; k < n; k++) s -= lu[i * n + k] * column[k];
      column[i] = s / lu[i * n + i];
    }
    for (let i = 0; i < n; i++) out[i * n + j] = column[i];
  }
}

import type {ExecutionContext} from 'ava';

/** Asserts |got - want| <= atol + rtol |want| elementwise, naming the first offending element. */
export function assertClose(t: ExecutionContext, got: ArrayLike<number>, want: ArrayLike<number>, tol: {atol?: number; rtol?: number}, what: string): void {
  t.is(got.length, want.length, `${what}: length`);
  const atol = tol.atol ?? 0;
  const rtol = tol.rtol ?? 0;
  for (let i = 0; i < want.length; i++) {
    const ok = Number.isNaN(want[i]) ? Number.isNaN(got[i]) : Math.abs(got[i] - want[i]) <= atol + rtol * Math.abs(want[i]);
    if (!ok) {
      t.fail(`${what}[${i}]: got ${got[i]}, want ${want[i]} (atol ${atol}, rtol ${rtol})`);
      return;
    }
  }
  t.pass();
}

/** Fixture arrays store empty bins as null; read them as NaN. */
export function nullsToNaN(xs: (number | null)[]): number[] {
  return xs.map((x) => (x === null ? NaN : x));
}

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {besselI0e, besselI1e} from './bessel';
import {assertNoLeak, assertUlp, elementwiseGradient, loadFixture, onEachBackend} from './internal/testing';

// float64 series / Hankel expansion (relative error ~1e-16) rounded once to float32: <= 0.5 ulp,
// tested at 2 ulp. The derivatives subtract two nearly equal terms for large |x| (losing
// log10(2|x|) of float64's 16 digits, still far below float32 resolution), also at 2 ulp.
const MAX_ULP = 2;

for (const [name, fixture, fn] of [
  ['besselI0e', 'bessel_i0e', besselI0e],
  ['besselI1e', 'bessel_i1e', besselI1e],
] as const) {
  test.serial(`${name} matches mpmath in value and gradient on cpu and wasm`, async (t) => {
    const fx = loadFixture(fixture);
    await onEachBackend((backend) => {
      const y = tf.tidy(() => fn(fx.x).dataSync());
      assertUlp(t, `${name} ${backend}`, y, fx.y, MAX_ULP, {x: fx.x});
      const dy = elementwiseGradient(fn, fx.x);
      assertUlp(t, `${name}' ${backend}`, dy, fx.dy, MAX_ULP, {x: fx.x});
    });
  });
}

test.serial('parity, values at 0 and infinity, and no leaks', (t) => {
  t.deepEqual(Array.from(tf.tidy(() => besselI0e([0, Infinity, -Infinity, NaN]).dataSync())), [1, 0, 0, NaN]);
  t.deepEqual(Array.from(tf.tidy(() => besselI1e([0, Infinity, -Infinity]).dataSync())), [0, 0, 0]);
  const [p, m] = tf.tidy(() => [besselI1e([3.5, 40]).dataSync(), besselI1e([-3.5, -40]).dataSync()]);
  t.deepEqual(Array.from(m), Array.from(p).map((v) => -v));
  const x = tf.tensor2d([
    [0.1, 2],
    [30, -4],
  ]);
  t.deepEqual(tf.tidy(() => besselI0e(x).shape), [2, 2]);
  for (const fn of [besselI0e, besselI1e]) {
    assertNoLeak(t, fn.name, () => fn(x));
    assertNoLeak(t, `${fn.name} gradient`, () => tf.grad((v: tf.Tensor) => tf.sum(fn(v)))(x));
  }
  x.dispose();
});

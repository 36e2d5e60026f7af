import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {erfcx, logerfc, logerfcx} from './erfc';
import {assertNoLeak, assertUlp, elementwiseGradient, loadFixture, onEachBackend} from './internal/testing';

// float64 kernels (series, Laplace continued fraction, asymptotic sums for x >= 50 so the
// derivatives do not cancel) rounded once to float32: <= 0.5 ulp, tested at 2 ulp over
// x in [-26, 1e30] against mpmath at 60 digits.
const MAX_ULP = 2;

for (const [name, fn] of [
  ['erfcx', erfcx],
  ['logerfc', logerfc],
  ['logerfcx', logerfcx],
] as const) {
  test.serial(`${name} matches mpmath in value and gradient on cpu and wasm`, async (t) => {
    const fx = loadFixture(name);
    await onEachBackend((backend) => {
      const y = tf.tidy(() => fn(fx.x).dataSync());
      assertUlp(t, `${name} ${backend}`, y, fx.y, MAX_ULP, {x: fx.x});
      const dy = elementwiseGradient(fn, fx.x);
      assertUlp(t, `${name}' ${backend}`, dy, fx.dy, MAX_ULP, {x: fx.x});
    });
  });
}

test.serial('limits and leaks', (t) => {
  t.deepEqual(Array.from(tf.tidy(() => erfcx([Infinity, -Infinity, 0, NaN]).dataSync())), [0, Infinity, 1, NaN]);
  t.deepEqual(Array.from(tf.tidy(() => logerfc([Infinity, -Infinity]).dataSync())), [-Infinity, Math.fround(Math.LN2)]);
  const x = tf.tensor1d([-2, 0.5, 70]);
  for (const fn of [erfcx, logerfc, logerfcx]) {
    assertNoLeak(t, fn.name, () => fn(x));
    assertNoLeak(t, `${fn.name} gradient`, () => tf.grad((v: tf.Tensor) => tf.sum(fn(v)))(x));
  }
  x.dispose();
});

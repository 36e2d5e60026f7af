import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {reduceLogSumExp, reduceWeightedLogSumExp} from './reduce_log_sum_exp';
import {assertClose, assertNoLeak, onEachBackend} from './internal/testing';

/** float64 reference: log|sum w exp(x)| and its sign, via the max shift. */
function reference(x: number[], w?: number[]): [number, number] {
  const m = Math.max(...x.map((v, i) => v + Math.log(Math.abs(w ? w[i] : 1))));
  const shift = Number.isFinite(m) ? m : 0;
  const s = x.reduce((acc, v, i) => acc + (w ? w[i] : 1) * Math.exp(v - shift), 0);
  return [Math.log(Math.abs(s)) + shift, Math.sign(s)];
}

// The reduction is float32 tf ops: exp, sum and log each add ~1 ulp relative to the terms; with
// the max shift, terms are <= 1 and the sum of n terms errs by ~n ulp of the sum, so for sums of
// up to 4 terms a 1e-6 relative plus 1e-6 absolute tolerance (about 8 ulp) holds; cancellation
// with negative weights is tested on a case whose result keeps its leading digits.
const RTOL = 1e-6;
const ATOL = 1e-6;

test.serial('reduceLogSumExp over all axes, one axis and with keepDims, without overflow', async (t) => {
  const rows = [
    [1000, 1000, 999, 0],
    [-1000, -1001, -1e4, -Infinity],
    [0.5, -0.5, 1.5, 2.5],
  ];
  await onEachBackend((backend) => {
    const x = tf.tensor2d(rows);
    const perRow = reduceLogSumExp(x, 1);
    assertClose(t, `rows ${backend}`, perRow.dataSync(), rows.map((r) => reference(r)[0]), RTOL, ATOL, {});
    const kept = reduceLogSumExp(x, -1, true);
    t.deepEqual(kept.shape, [3, 1]);
    const all = reduceLogSumExp(x);
    t.deepEqual(all.shape, []);
    assertClose(t, `all ${backend}`, all.dataSync(), [reference(rows.flat())[0]], RTOL, ATOL, {});
    const cols = reduceLogSumExp(x, [0]);
    t.deepEqual(cols.shape, [4]);
    tf.dispose([x, perRow, kept, all, cols]);
  });
});

test.serial('an empty reduction is -inf with sign 0 on every backend', async (t) => {
  await onEachBackend((backend) => {
    t.deepEqual(Array.from(tf.tidy(() => reduceLogSumExp(tf.zeros([0])).dataSync())), [-Infinity], backend);
    const [lse, sign] = reduceWeightedLogSumExp(tf.zeros([2, 0]), {axis: 1, keepDims: true, returnSign: true});
    t.deepEqual(lse.shape, [2, 1]);
    t.deepEqual(Array.from(lse.dataSync()), [-Infinity, -Infinity]);
    t.deepEqual(Array.from(sign.dataSync()), [0, 0]);
    tf.dispose([lse, sign]);
  });
});

test.serial('all -inf gives -inf, +inf gives +inf, NaN propagates', (t) => {
  const y = tf.tidy(() =>
    reduceLogSumExp(
      [
        [-Infinity, -Infinity],
        [Infinity, 0],
        [NaN, 1],
      ],
      1,
    ).dataSync(),
  );
  t.deepEqual(Array.from(y), [-Infinity, Infinity, NaN]);
});

test.serial('weights: TFP reduce_weighted_logsumexp semantics, with sign', async (t) => {
  const x = [2, 1, 0.5];
  const w = [1, -3, 0.25];
  await onEachBackend((backend) => {
    const [lse, sign] = reduceWeightedLogSumExp(x, {weights: w, returnSign: true});
    const [refLse, refSign] = reference(x, w);
    assertClose(t, `weighted ${backend}`, lse.dataSync(), [refLse], RTOL, ATOL, {});
    t.is(sign.dataSync()[0], refSign);
    tf.dispose([lse, sign]);
    const plain = tf.tidy(() => reduceLogSumExp(x, 0, false, [2, 2, 2]).dataSync()[0]);
    t.true(Math.abs(plain - (reference(x)[0] + Math.log(2))) < 1e-6);
    // Weights broadcast against x: a [2] weight row over a [3, 2] input.
    const b = tf.tidy(() => reduceWeightedLogSumExp([[0, 1], [2, 3], [4, 5]], {weights: [1, 0], axis: 1}).dataSync());
    assertClose(t, `broadcast weights ${backend}`, b, [0, 2, 4], RTOL, ATOL, {});
  });
});

test.serial('gradient is softmax(x) (times weights) and ignores the max shift', async (t) => {
  const x = [3, -1, 0.5, 2];
  const w = [1, 2, 0.5, 1];
  const z = x.reduce((acc, v, i) => acc + w[i] * Math.exp(v), 0);
  await onEachBackend((backend) => {
    const g = tf.tidy(() => tf.grad((v: tf.Tensor) => reduceLogSumExp(v, 0, false, w))(tf.tensor1d(x)).dataSync());
    assertClose(t, `gradient ${backend}`, g, x.map((v, i) => (w[i] * Math.exp(v)) / z), 1e-6, 1e-7, {x});
  });
});

test.serial('bad axes and shapes give clear errors; nothing leaks', (t) => {
  t.throws(() => reduceLogSumExp([[1, 2]], 3), {message: /axis|Axis/});
  t.throws(() => reduceWeightedLogSumExp([1, 2, 3], {weights: [1, 2]}), {
    message: /reduceWeightedLogSumExp: arguments cannot be broadcast together \(x: \[3\], weights: \[2\]\)/,
  });
  const x = tf.tensor2d([
    [1, 2],
    [3, 4],
  ]);
  assertNoLeak(t, 'reduceLogSumExp', () => reduceLogSumExp(x, 1));
  assertNoLeak(t, 'weighted with sign', () => reduceWeightedLogSumExp(x, {weights: [1, -1], returnSign: true}));
  assertNoLeak(t, 'gradient', () => tf.grad((v: tf.Tensor) => reduceLogSumExp(v))(x));
  x.dispose();
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {compileValueAndGrads} from '@tfjs-probability/backend';
import {digamma, lgamma} from '../gamma';
import {onEachBackend} from './testing';
import '../index';

/**
 * A Gamma(concentration, rate) log-likelihood of fixed data, per chain, in log-parameters:
 *   sum_i a log b + (a - 1) log x_i - b x_i - lgamma(a),  a = exp(logA), b = exp(logB),
 * plus a digamma term (d/da of lgamma(a), an arbitrary smooth penalty) so that TfpLgamma,
 * TfpDigamma and (through the gradient) TfpPolygamma are all recorded and compiled.
 */
function target(logA: tf.Tensor, logB: tf.Tensor): tf.Tensor {
  const data = tf.tensor1d([0.5, 1.2, 2.2, 0.9, 3.1, 1.7]);
  const a = tf.expandDims(tf.exp(logA), 1);
  const b = tf.expandDims(tf.exp(logB), 1);
  const terms = tf.sub(tf.add(tf.mul(a, tf.log(b)), tf.mul(tf.sub(a, 1), tf.log(data))), tf.add(tf.mul(b, data), lgamma(a)));
  return tf.sub(tf.sum(terms, 1), tf.mul(0.1, tf.square(digamma(tf.squeeze(a, [1])))));
}

test.serial('special-function kernels compile: lgamma and digamma in a log-likelihood match tfjs', async (t) => {
  await onEachBackend((backend) => {
    const before = tf.memory().numTensors;
    const points = [
      [tf.tensor1d([0.3, -0.5, 1.2]), tf.tensor1d([0.1, 0.4, -0.7])],
      [tf.tensor1d([1.1, 0.2, -1.3]), tf.tensor1d([-0.2, 0.9, 0.3])],
    ];
    const compiled = compileValueAndGrads(target, points[0]);
    for (const kernel of ['TfpLgamma', 'TfpDigamma', 'TfpPolygamma']) {
      t.true(compiled.kernelNames.includes(kernel), `${backend}: ${kernel} recorded`);
    }
    for (const at of points) {
      const {value, grads} = tf.valueAndGrads(target)(at);
      const want = [value, ...grads].map((x) => x.dataSync());
      tf.dispose([value, ...grads]);
      const got = compiled.evaluate(at.map((x) => x.dataSync()));
      // Both evaluate the special functions in float64; tfjs rounds each kernel's result to float32
      // and sums six terms per chain: relative agreement 1e-5 of max(1, |tfjs|).
      [got.value, ...got.grads].forEach((g, o) => {
        g.forEach((v, k) => {
          const w = want[o][k];
          t.true(Math.abs(v - w) <= 1e-5 * Math.max(1, Math.abs(w)), `${backend}: output ${o}[${k}] ${v} vs tfjs ${w}`);
        });
      });
    }
    points.forEach((p) => tf.dispose(p));
    t.is(tf.memory().numTensors, before, `${backend}: no leaks`);
  });
});

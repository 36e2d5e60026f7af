import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Normal} from '@tfjs-probability/distributions';
import {expectation} from './expectation';
import {assertNoLeak, meanAndSe} from '../internal/testing';

test.before(async () => {
  await init();
});

/**
 * K independent replicas q_k = N(mu_k, sigma_k), n draws each (samples [n, K]); returns the value and
 * the gradient of sum_k E_{q_k}[x^2] with respect to mu and sigma, i.e. K iid gradient estimates.
 */
function replicatedGradients(useReparameterization: boolean, seed: number) {
  const K = 400;
  const n = 200;
  const mu = tf.tidy(() => tf.variable(tf.fill([K], 0.8)));
  const sigma = tf.tidy(() => tf.variable(tf.fill([K], 1.5)));
  const out = tf.tidy(() => {
    const {value, grads} = tf.variableGrads(() => {
      const q = new Normal({loc: mu, scale: sigma});
      const samples = q.sample(n, seed);
      const e = expectation({f: (x) => tf.square(x), samples, logProb: (x) => q.logProb(x), useReparameterization});
      return tf.sum(e) as tf.Scalar;
    }, [mu, sigma]);
    return {value: value.dataSync()[0] / K, dmu: grads[mu.name].dataSync(), dsigma: grads[sigma.name].dataSync()};
  });
  tf.dispose([mu, sigma]);
  return out;
}

test('expectation of x^2 under N(mu, sigma): value and gradients (2 mu, 2 sigma) for both estimators, within 5 MC se', (t) => {
  for (const reparameterized of [true, false]) {
    const r = assertNoLeak(t, () => replicatedGradients(reparameterized, reparameterized ? 1 : 2));
    const label = reparameterized ? 'reparameterization' : 'score function';
    // E[x^2] = mu^2 + sigma^2 = 0.64 + 2.25; per-replica sd of the mean of 200 draws ~ 0.27, 400 replicas.
    t.true(Math.abs(r.value - 2.89) < 5 * 0.27 / Math.sqrt(400), `${label}: value ${r.value}`);
    const dmu = meanAndSe(r.dmu);
    const dsigma = meanAndSe(r.dsigma);
    t.true(Math.abs(dmu.mean - 1.6) < 5 * dmu.se, `${label}: d/dmu ${dmu.mean} +- ${dmu.se}, exact 1.6`);
    t.true(Math.abs(dsigma.mean - 3) < 5 * dsigma.se, `${label}: d/dsigma ${dsigma.mean} +- ${dsigma.se}, exact 3`);
    // Sharpness: the bias a wrong estimator would have (e.g. both paths summed: 2x) is far outside.
    t.true(dmu.se < 0.1 && dsigma.se < 0.15, `${label}: standard errors ${dmu.se}, ${dsigma.se}`);
  }
});

test('without reparameterization the gradient does not flow through the samples (score function only)', (t) => {
  // f(x) = x: grad_mu E[x] = 1, which the score term mean x (x - mu) / sigma^2 estimates alone; a
  // pathwise term leaking through the (reparameterised) samples would add exactly 1 more.
  const mu = tf.tidy(() => tf.variable(tf.scalar(0.3)));
  const grads = tf.tidy(() => {
    const {grads: g} = tf.variableGrads(() => {
      const q = new Normal({loc: mu, scale: 1});
      const samples = q.sample(20000, 5);
      return expectation({f: (x) => x, samples, logProb: (x) => q.logProb(x), useReparameterization: false}) as tf.Scalar;
    }, [mu]);
    return g[mu.name].dataSync()[0];
  });
  // Score term: E[(mu + z) z] = 1, se = sd((mu + z) z) / sqrt(n) = 1.45 / 141 ~ 0.01.
  t.true(Math.abs(grads - 1) < 0.05, `gradient ${grads}`);
  mu.dispose();
});

test('structured samples, axis and keepDims; bad input errors', (t) => {
  assertNoLeak(t, () => {
    const a = tf.tensor2d([[1, 2], [3, 4], [5, 6]]);
    const b = tf.tensor2d([[0, 1], [0, 1], [0, 1]]);
    const e = expectation({f: ([x, y]) => tf.add(x, y), samples: [a, b], axis: 1, keepDims: true});
    t.deepEqual(e.shape, [3, 1]);
    t.deepEqual(Array.from(e.dataSync()), [2, 4, 6]);
    const o = expectation({f: ({x}) => x, samples: {x: a}});
    t.deepEqual(Array.from(o.dataSync()), [3, 4]);
    tf.dispose([a, b, e, o]);
  });
  const x = tf.zeros([3]);
  t.throws(() => expectation({f: (s) => s, samples: x, useReparameterization: false}), {
    message: /expectation: logProb \(a function of the samples\) is required when useReparameterization is false/,
  });
  t.throws(() => expectation({f: 3 as unknown as (s: tf.Tensor) => tf.Tensor, samples: x}), {message: /expectation: f must be a function/});
  x.dispose();
});

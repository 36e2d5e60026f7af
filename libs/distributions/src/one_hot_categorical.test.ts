import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {OneHotCategorical} from './one_hot_categorical';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {assertFrequencies, loadFixtureNonFinite} from './internal/discrete_testing';
import type {CategoricalCase} from './categorical.test';

const fixture = loadFixtureNonFinite<{cases: CategoricalCase[]; kl: {a: number[]; b: number[]; kl: number}[]}>('categorical');

test.before(async () => {
  await init();
});

const eye = (k: number) => Array.from({length: k}, (_, i) => Array.from({length: k}, (_, j) => (i === j ? 1 : 0)));

// Tolerances as for Categorical: log_softmax of float32 logits up to |50| (atol 2e-5), logs of float32
// probabilities (rtol 2e-6); moments are float32 products of probabilities (atol 1e-7).
test('logProb, mean, covariance, mode and entropy match scipy.stats.multinomial(1, p)', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = c.kind === 'logits' ? new OneHotCategorical({logits: c.value}) : new OneHotCategorical({probs: c.value});
      const K = c.p.length;
      const label = `${c.kind}=[${c.value}]`;
      t.deepEqual(d.eventShape, [K]);
      tf.tidy(() => {
        assertClose(t, d.logProb(eye(K)), c.oneHotLogPmf, {rtol: 2e-6, atol: 2e-5}, `logProb ${label}`);
        assertClose(t, d.mean(), c.p, {rtol: 2e-5, atol: 1e-7}, `mean ${label}`);
        assertClose(t, d.variance(), c.p.map((p) => p * (1 - p)), {rtol: 2e-5, atol: 1e-7}, `variance ${label}`);
        assertClose(t, d.covariance(), c.cov.flat(), {rtol: 2e-5, atol: 1e-7}, `covariance ${label}`);
        assertClose(t, d.entropy(), c.oneHotEntropy, {rtol: 1e-5, atol: 2e-6}, `entropy ${label}`);
        assertClose(t, d.mode(), eye(K)[c.mode], {rtol: 0, atol: 0}, `mode ${label}`);
      });
      d.dispose();
    });
  }
});

test('the pmf sums to 1 over the K one-hot vectors', (t) => {
  const d = new OneHotCategorical({logits: [[2, -1, 0.3], [40, -40, 0]]});
  tf.tidy(() => {
    const total = tf.sum(tf.exp(d.logProb(tf.reshape(tf.tensor(eye(3)), [3, 1, 3]))), 0);
    assertClose(t, total, [1, 1], {rtol: 0, atol: 5e-7});
  });
  d.dispose();
});

test('samples are one-hot int32 vectors with category frequencies matching the pmf', (t) => {
  const p = [0.1, 0.6, 0.3];
  const d = new OneHotCategorical({probs: p});
  const n = 20000;
  tf.tidy(() => {
    const x = d.sample(n, 21);
    t.is(x.dtype, 'int32');
    t.deepEqual(x.shape, [n, 3]);
    assertClose(t, tf.sum(x, -1), 1, {rtol: 0, atol: 0}, 'one-hot rows');
    assertFrequencies(t, tf.argMax(x, -1).dataSync(), (k) => p[k], [0, 1, 2]);
  });
  // Componentwise mean p and variance p (1 - p) within 5 standard errors.
  assertSampleMoments(t, d, {n, seed: 22});
  d.dispose();
});

test('shapes: event [K], x broadcasts against the batch', (t) => {
  assertNoLeak(t, () => {
    const d = new OneHotCategorical({logits: [[0, 1, 2, 3], [1, 1, 1, 1]]});
    t.deepEqual(d.batchShape, [2]);
    tf.tidy(() => {
      t.deepEqual(d.sample([3, 5], 1).shape, [3, 5, 2, 4]);
      t.deepEqual(d.logProb([0, 0, 1, 0]).shape, [2]);
      t.deepEqual(d.logProb(tf.zeros([6, 1, 4])).shape, [6, 2]);
      t.deepEqual(d.covariance().shape, [2, 4, 4]);
      t.deepEqual(d.mode().shape, [2, 4]);
    });
    d.dispose();
  });
});

test('KL(OneHotCategorical || OneHotCategorical) matches scipy.stats.entropy(p, q)', (t) => {
  for (const c of fixture.kl) {
    assertNoLeak(t, () => {
      const a = new OneHotCategorical({probs: c.a});
      const b = new OneHotCategorical({logits: c.b.map(Math.log)});
      tf.tidy(() => assertClose(t, klDivergence(a, b), c.kl, {rtol: 1e-5, atol: 1e-6}, `KL [${c.a}] [${c.b}]`));
      a.dispose();
      b.dispose();
    });
  }
});

test('bad inputs give errors naming OneHotCategorical, the parameter or x and the value', (t) => {
  t.throws(() => new OneHotCategorical({probs: [0.5, 0.25]}), {message: /OneHotCategorical: parameter 'probs' must sum to 1 over its last axis; received a sum of 0.75/});
  t.throws(() => new OneHotCategorical({logits: [0, 1], probs: [0.5, 0.5]}), {message: /OneHotCategorical: give exactly one of 'logits' and 'probs'; received both/});
  const d = new OneHotCategorical({logits: [0, 0, 0], validateArgs: true});
  t.throws(() => d.logProb([1, 0]), {message: /OneHotCategorical: x must have last dimension 3 \(the number of categories\); received shape \[2\]/});
  t.throws(() => d.logProb([[1, 0, 0], [1, 1, 0]]), {message: /x must be one-hot vectors \(validateArgs\); received \[1,1,0\] at row 1/});
  d.dispose();
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Distribution, klDivergence, Normal} from '@tfjs-probability/distributions';
import {DeferredDistribution} from './deferred_distribution';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

function makeNormal(loc0: number[], scale0: number[]) {
  const loc = tf.tidy(() => tf.variable(tf.tensor1d(loc0)));
  // raw = softplus^-1(scale) = log(expm1(scale)).
  const raw = tf.tidy(() => tf.variable(tf.tensor1d(scale0.map((s) => Math.log(Math.expm1(s))))));
  const d = new DeferredDistribution({build: () => new Normal({loc, scale: tf.softplus(raw)}), trainableVariables: [loc, raw]});
  return {d, loc, raw};
}

test('logProb and samples differentiate with respect to the variables (analytic gradients)', (t) => {
  const {d, loc, raw} = makeNormal([0.5, -1], [1.5, 0.7]);
  t.deepEqual(d.batchShape, [2]);
  t.deepEqual(d.eventShape, []);
  t.is(d.reparameterizationType, 'FULLY_REPARAMETERIZED');
  assertNoLeak(t, () => {
    const x = [0.2, 1.3];
    const {value, grads} = tf.variableGrads(() => tf.sum(d.logProb(x)) as tf.Scalar, [loc, raw]);
    const mu = [0.5, -1];
    const s = [1.5, 0.7];
    // d/dloc = (x - mu) / s^2; d/draw = ((x - mu)^2 / s^3 - 1 / s) * sigmoid(raw), sigmoid(raw) = 1 - exp(-s).
    const dloc = x.map((xi, i) => (xi - mu[i]) / s[i] ** 2);
    const draw = x.map((xi, i) => ((xi - mu[i]) ** 2 / s[i] ** 3 - 1 / s[i]) * (1 - Math.exp(-s[i])));
    // float32 arithmetic on O(1) values.
    assertClose(t, grads[loc.name].dataSync(), dloc, {rtol: 1e-5, atol: 1e-6}, 'd logp / d loc');
    assertClose(t, grads[raw.name].dataSync(), draw, {rtol: 1e-5, atol: 1e-6}, 'd logp / d raw');
    // Reparameterised sample: d x / d loc = 1 per element.
    const {value: sv, grads: sg} = tf.variableGrads(() => tf.sum(d.sample([3], 4)) as tf.Scalar, [loc]);
    assertClose(t, sg[loc.name].dataSync(), [3, 3], {atol: 1e-6}, 'd sample / d loc');
    tf.dispose([value, sv, ...Object.values(grads), ...Object.values(sg)]);
  });
  d.dispose();
  t.true(loc.isDisposed && raw.isDisposed, 'dispose frees the variables');
});

test('methods follow the variables; seeds reproduce; KL through the registry matches the closed form', (t) => {
  const {d, loc, raw} = makeNormal([0.5], [2]);
  assertNoLeak(t, () => {
    const a = d.sample([4], 9);
    const b = d.sample([4], 9);
    t.deepEqual(a.shape, [4, 1]);
    t.deepEqual(Array.from(a.dataSync()), Array.from(b.dataSync()));
    tf.tidy(() => {
      loc.assign(tf.tensor1d([3]));
      raw.assign(tf.tensor1d([Math.log(Math.expm1(0.5))]));
    });
    const m = d.mean();
    const s = d.stddev();
    assertClose(t, [m.dataSync()[0], s.dataSync()[0]], [3, 0.5], {rtol: 1e-6}, 'mean and stddev after assign');
    const prior = new Normal({loc: 0, scale: 1});
    const kl = klDivergence(d, prior);
    const klRev = klDivergence(prior, d);
    // KL(N(3, 0.5) || N(0, 1)) = log(1 / 0.5) + (0.25 + 9) / 2 - 1/2; reverse: log 0.5 + (1 + 9) / (2 * 0.25) - 1/2.
    assertClose(t, [kl.dataSync()[0], klRev.dataSync()[0]], [Math.log(2) + 9.25 / 2 - 0.5, Math.log(0.5) + 10 / 0.5 - 0.5], {rtol: 1e-5}, 'KL');
    for (const stat of [d.entropy(), d.variance(), d.mode(), d.cdf(3), d.logProb(1), d.prob(1), d.quantile(0.5), d.covariance()]) stat.dispose();
    tf.dispose([a, b, m, s, kl, klRev]);
    prior.dispose();
  });
  d.dispose();
});

test('bad input: build not a function or not returning a Distribution, variables not tf.Variables', (t) => {
  t.throws(() => new DeferredDistribution({build: 3 as unknown as () => Distribution, trainableVariables: []}), {
    message: /DeferredDistribution: build must be a function returning a Distribution; received 3/,
  });
  t.throws(() => new DeferredDistribution({build: () => 7 as unknown as Distribution, trainableVariables: []}), {
    message: /DeferredDistribution: build returned 7; expected a Distribution/,
  });
  const x = tf.zeros([1]);
  t.throws(() => new DeferredDistribution({build: () => new Normal({loc: 0, scale: 1}), trainableVariables: [x as tf.Variable]}), {
    message: /DeferredDistribution: trainableVariables must be an array of tf.Variable/,
  });
  x.dispose();
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {init} from '@tfjs-probability/backend';
import {Gamma, JointDistributionNamed, JointDistributionSequential, Normal, Poisson, Sample} from '@tfjs-probability/distributions';
import {buildPinnedSurrogatePosterior, PinnedJointDistribution} from './build_pinned_surrogate_posterior';
import {fitSurrogatePosterior} from './fit_surrogate_posterior';
import {JointValues} from './joint_surrogate_posterior';
import {assertClose, assertNoLeak, meanAndSe} from './internal/testing';

test.before(async () => {
  await init();
});

const B = 16;

/** Adam to get there, then small-step SGD to settle (see fit_surrogate_posterior.test.ts). */
function fit(pinned: PinnedJointDistribution<JointValues>, q: Parameters<typeof fitSurrogatePosterior>[0]['surrogatePosterior'], seed: number): void {
  const fast = tf.train.adam(0.1);
  const slow = tf.train.sgd(0.01);
  tf.dispose([
    fitSurrogatePosterior({targetLogProbFn: pinned, surrogatePosterior: q, optimizer: fast, numSteps: 80, sampleSize: 20, seed}),
    fitSurrogatePosterior({targetLogProbFn: pinned, surrogatePosterior: q, optimizer: slow, numSteps: 120, sampleSize: 20, seed: seed + 1}),
  ]);
  fast.dispose();
  slow.dispose();
}

test('pinned model -> surrogate in one call -> fit: exact normal-normal posterior (16 replicas, within 5 se)', (t) => {
  const y = [1.2, 0.4, 2.1, 1.7, 0.9, 1.4, 0.2, 1.9, 1.1, 1.5];
  const model = new JointDistributionNamed({
    model: {
      mu: new Normal({loc: 0, scale: 2}),
      y: ({mu}: {mu: tf.Tensor}) => new Sample({distribution: new Normal({loc: mu, scale: 1}), sampleShape: [y.length]}),
    },
  });
  const pinned = model.experimentalPin({y});
  const q = buildPinnedSurrogatePosterior(pinned, {batchShape: [B], initialUnconstrainedLoc: {mu: 0}, initialUnconstrainedScale: 1});
  t.deepEqual(q.eventShape, {mu: []});
  fit(pinned, q, 1);
  const precision = 1 / 4 + y.length;
  const exact = {mean: y.reduce((a, b) => a + b, 0) / precision, sd: 1 / Math.sqrt(precision)};
  const loc = meanAndSe(tf.tidy(() => q.base.mean().dataSync()));
  const scale = meanAndSe(tf.tidy(() => q.base.stddev().dataSync()));
  t.log(`mu: loc ${loc.mean} +- ${loc.se} vs ${exact.mean}; scale ${scale.mean} +- ${scale.se} vs ${exact.sd}`);
  t.true(Math.abs(loc.mean - exact.mean) < 5 * loc.se, 'posterior mean');
  t.true(Math.abs(scale.mean - exact.sd) < 5 * scale.se, 'posterior sd');
  q.dispose();
  pinned.dispose();
});

interface GammaFixture {
  loc: number;
  scale: number;
  mean: number;
}

test('constrained part: gamma-Poisson posterior through the default event-space bijector matches the KL-optimal softplus-normal', (t) => {
  const ref = JSON.parse(fs.readFileSync(path.join(__dirname, '__fixtures__', 'softplus_normal_gamma.json'), 'utf8')) as GammaFixture;
  const counts = [3, 5, 4, 6, 2];
  const model = new JointDistributionSequential({
    model: [new Gamma({concentration: 2, rate: 1}), (rate: tf.Tensor) => new Sample({distribution: new Poisson({rate}), sampleShape: [counts.length]})],
  });
  const pinned = model.experimentalPin([undefined, counts]);
  const q = buildPinnedSurrogatePosterior(pinned, {batchShape: [B], initialUnconstrainedLoc: [1], initialUnconstrainedScale: 1});
  fit(pinned, q, 3);
  const [rate] = q.sample(200, 4);
  t.true(Array.from(rate.dataSync()).every((v) => v > 0), 'samples in the support (0, inf)');
  rate.dispose();
  // The surrogate's unconstrained normal against the optimum of KL(q || Gamma(22, 6)) by quadrature.
  const loc = meanAndSe(tf.tidy(() => q.base.mean().dataSync()));
  const scale = meanAndSe(tf.tidy(() => q.base.stddev().dataSync()));
  t.log(`z: loc ${loc.mean} +- ${loc.se} vs ${ref.loc}; scale ${scale.mean} +- ${scale.se} vs ${ref.scale}`);
  t.true(Math.abs(loc.mean - ref.loc) < 5 * loc.se, 'unconstrained loc');
  t.true(Math.abs(scale.mean - ref.scale) < 5 * scale.se, 'unconstrained scale');
  q.dispose();
  pinned.dispose();
});

test('the pinned surrogate density is the base density at softplus^-1 plus the log-Jacobian; no leaks; errors', (t) => {
  const model = new JointDistributionSequential({
    model: [new Gamma({concentration: 2, rate: 1}), (rate: tf.Tensor) => new Poisson({rate})],
  });
  const pinned = model.experimentalPin([undefined, 3]);
  assertNoLeak(t, () => {
    const q = buildPinnedSurrogatePosterior(pinned, {initialUnconstrainedLoc: [0.5], initialUnconstrainedScale: 0.8});
    const lp = tf.tidy(() => q.logProb([tf.tensor1d([0.3, 2.5])]));
    // z = log(expm1(r)) ~ N(0.5, 0.8); log|dz/dr| = -log(1 - exp(-r)).
    const expected = [0.3, 2.5].map((r) => {
      const z = Math.log(Math.expm1(r));
      return -0.5 * ((z - 0.5) / 0.8) ** 2 - Math.log(0.8) - 0.5 * Math.log(2 * Math.PI) - Math.log1p(-Math.exp(-r));
    });
    assertClose(t, lp.dataSync(), expected, {rtol: 1e-5, atol: 1e-6}, 'logProb');
    lp.dispose();
    q.dispose();
  });
  t.throws(() => buildPinnedSurrogatePosterior({} as PinnedJointDistribution<JointValues>), {
    message: /buildPinnedSurrogatePosterior: expected a pinned joint distribution \(model.experimentalPin\(...\)\)/,
  });
  t.throws(() => buildPinnedSurrogatePosterior(pinned, {operators: 'full' as 'diag'}), {message: /operators must be 'diag' or 'tril'; received full/});
  pinned.dispose();
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {JointDistributionSequential, Normal, Poisson} from '@tfjs-probability/distributions';
import {klForward, klReverse} from './csiszar_functions';
import {DeferredDistribution} from './deferred_distribution';
import {monteCarloVariationalLoss} from './monte_carlo_variational_loss';
import {assertNoLeak, meanAndSe} from './internal/testing';

test.before(async () => {
  await init();
});

const P = {loc: 1, scale: 2};
const target = (z: tf.Tensor) => tf.tidy(() => new Normal(P).logProb(z));

/** K replicas of q = N(mu, sigma) as trainable variables (batch shape [K]). */
function replicas(K: number, mu: number, sigma: number) {
  const loc = tf.tidy(() => tf.variable(tf.fill([K], mu)));
  const scale = tf.tidy(() => tf.variable(tf.fill([K], sigma)));
  const q = new DeferredDistribution({build: () => new Normal({loc, scale}), trainableVariables: [loc, scale]});
  return {q, loc, scale};
}

test('klReverse loss estimates KL(q || p) and klForward loss KL(p || q) (normalised p), within 5 MC se', (t) => {
  const {q} = replicas(400, 0.3, 1.5);
  assertNoLeak(t, () => {
    for (const [f, exact, label] of [
      // KL(N(0.3, 1.5) || N(1, 2)) = log(2 / 1.5) + (1.5^2 + 0.7^2) / 8 - 1/2.
      [(l: tf.Tensor) => klReverse(l), Math.log(2 / 1.5) + (2.25 + 0.49) / 8 - 0.5, 'reverse'],
      // KL(N(1, 2) || N(0.3, 1.5)) = log(1.5 / 2) + (4 + 0.49) / (2 * 2.25) - 1/2.
      [(l: tf.Tensor) => klForward(l), Math.log(0.75) + 4.49 / 4.5 - 0.5, 'forward'],
    ] as const) {
      const loss = monteCarloVariationalLoss({targetLogProbFn: target, surrogatePosterior: q, sampleSize: 50, discrepancyFn: f, seed: 3});
      t.deepEqual(loss.shape, [400], 'one loss per batch member');
      const {mean, se} = meanAndSe(loss.dataSync());
      loss.dispose();
      t.true(Math.abs(mean - exact) < 5 * se, `${label}: ${mean} +- ${se}, exact ${exact}`);
    }
  });
  q.dispose();
});

test('both gradient estimators are unbiased for d KL(q || p) / d(mu, sigma): (mu - 1) / 4 and sigma / 4 - 1 / sigma', (t) => {
  for (const gradientEstimator of ['reparameterization', 'scoreFunction'] as const) {
    const {q, loc, scale} = replicas(300, 0.3, 1.5);
    assertNoLeak(t, () => {
      const {value, grads} = tf.variableGrads(
        () => tf.sum(monteCarloVariationalLoss({targetLogProbFn: target, surrogatePosterior: q, sampleSize: 40, gradientEstimator, seed: 8})) as tf.Scalar,
        [loc, scale],
      );
      const dmu = meanAndSe(grads[loc.name].dataSync());
      const dsigma = meanAndSe(grads[scale.name].dataSync());
      const exactMu = (0.3 - 1) / 4;
      const exactSigma = 1.5 / 4 - 1 / 1.5;
      t.true(Math.abs(dmu.mean - exactMu) < 5 * dmu.se, `${gradientEstimator} d/dmu ${dmu.mean} +- ${dmu.se}, exact ${exactMu}`);
      t.true(Math.abs(dsigma.mean - exactSigma) < 5 * dsigma.se, `${gradientEstimator} d/dsigma ${dsigma.mean} +- ${dsigma.se}, exact ${exactSigma}`);
      t.true(dmu.se < 0.05 && dsigma.se < 0.05, `${gradientEstimator}: se ${dmu.se}, ${dsigma.se} small enough to be sharp`);
      tf.dispose([value, ...Object.values(grads)]);
    });
    q.dispose();
  }
});

test('importance sampling: exact for q = posterior (logu constant), and a tighter bound than sampleSize draws alone', (t) => {
  const c = 2.5;
  // Unnormalised target exp(c) N(1, 2): with q = N(1, 2), logu = c for every draw and the loss is -c.
  const q = new Normal(P);
  const shifted = (z: tf.Tensor) => tf.tidy(() => tf.add(new Normal(P).logProb(z), c));
  assertNoLeak(t, () => {
    const exact = monteCarloVariationalLoss({targetLogProbFn: shifted, surrogatePosterior: q, sampleSize: 3, importanceSampleSize: 5, seed: 1});
    t.true(Math.abs(exact.dataSync()[0] + c) < 1e-5, `loss ${exact.dataSync()[0]}`);
    exact.dispose();
    // For q != p the importance-weighted (K = 10) loss is smaller than the K = 1 one: -E log mean_k w_k <= -E log w.
    const q2 = new Normal({loc: 0, scale: 1});
    const l1 = monteCarloVariationalLoss({targetLogProbFn: shifted, surrogatePosterior: q2, sampleSize: 10000, seed: 2});
    const l10 = monteCarloVariationalLoss({targetLogProbFn: shifted, surrogatePosterior: q2, sampleSize: 400, importanceSampleSize: 10, seed: 2});
    // -c + KL(N(0,1) || N(1,2)) = -2.5 + 0.443; sd(logu) < 0.6, so 10000 draws give se < 0.006 (0.03 = 5 se).
    // The K = 10 bound lies between that and -c.
    const kl = Math.log(2) + 2 / 8 - 0.5;
    t.true(Math.abs(l1.dataSync()[0] - (kl - c)) < 0.03, `K=1 loss ${l1.dataSync()[0]}`);
    t.true(l10.dataSync()[0] < l1.dataSync()[0] - 0.2 && l10.dataSync()[0] > -c - 0.02, `K=10 loss ${l10.dataSync()[0]}`);
    tf.dispose([l1, l10]);
    q2.dispose();
  });
  q.dispose();
});

test('bad input: sample sizes, target shapes, estimators', (t) => {
  const q = new Normal({loc: 0, scale: 1});
  const ok = (z: tf.Tensor) => new Normal({loc: 0, scale: 1}).logProb(z);
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: ok, surrogatePosterior: q, sampleSize: 0}), {
    message: /monteCarloVariationalLoss: sampleSize must be a positive integer; received 0/,
  });
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: ok, surrogatePosterior: q, sampleSize: 2.5}), {
    message: /sampleSize must be a positive integer; received 2.5/,
  });
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: ok, surrogatePosterior: q, importanceSampleSize: -1}), {
    message: /importanceSampleSize must be a positive integer; received -1/,
  });
  const before = tf.memory().numTensors;
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: (z: tf.Tensor) => tf.sum(ok(z)), surrogatePosterior: q, sampleSize: 4}), {
    message: /targetLogProbFn returned shape \[\] for samples of sample shape \[4\]; expected one log density per draw, shape \[4\]/,
  });
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: (z: tf.Tensor) => tf.stack([ok(z), ok(z)], 1), surrogatePosterior: q, sampleSize: 4}), {
    message: /targetLogProbFn returned shape \[4, 2\]/,
  });
  t.is(tf.memory().numTensors, before, 'errors do not leak');
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: ok, surrogatePosterior: q, gradientEstimator: 'vimco' as 'scoreFunction'}), {
    message: /gradientEstimator must be 'reparameterization' or 'scoreFunction'; received vimco/,
  });
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: ok, surrogatePosterior: q, gradientEstimator: 'scoreFunction', importanceSampleSize: 2}), {
    message: /importanceSampleSize > 1 is supported only with the 'reparameterization' estimator/,
  });
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: ok, surrogatePosterior: {} as Normal}), {
    message: /surrogatePosterior must be a distribution \(with sample and logProb\)/,
  });
  q.dispose();
});

test('a tfd.JointDistribution surrogate: reparameterised unless a part is not (then score function by default)', (t) => {
  const loc = tf.tidy(() => tf.variable(tf.scalar(0.5)));
  const smooth = new JointDistributionSequential({
    model: [new DeferredDistribution({build: () => new Normal({loc, scale: 1}), trainableVariables: [loc]}), new Normal({loc: 0, scale: 1})],
  });
  const mixed = new JointDistributionSequential({
    model: [new DeferredDistribution({build: () => new Normal({loc, scale: 1}), trainableVariables: [loc]}), new Poisson({rate: 2})],
  });
  // Target N(a; 2, 1) N(b; 0, 1): d KL / d loc = loc - 2 for q's first part N(loc, 1).
  const target = (a: tf.Tensor, b: tf.Tensor) => tf.add(new Normal({loc: 2, scale: 1}).logProb(a), new Normal({loc: 0, scale: 1}).logProb(b));
  assertNoLeak(t, () => {
    for (const [q, label] of [[smooth, 'reparameterized'], [mixed, 'score function']] as const) {
      const {value, grads} = tf.variableGrads(
        () => monteCarloVariationalLoss({targetLogProbFn: target, surrogatePosterior: q, sampleSize: 4000, seed: 9}) as tf.Scalar,
        [loc],
      );
      // sd of a per-draw gradient <= ~3 for both estimators here: 4000 draws give se < 0.05.
      const g = grads[loc.name].dataSync()[0];
      t.true(Math.abs(g - (0.5 - 2)) < 0.25, `${label}: gradient ${g}, exact -1.5`);
      tf.dispose([value, ...Object.values(grads)]);
    }
  });
  t.throws(() => monteCarloVariationalLoss({targetLogProbFn: target, surrogatePosterior: mixed, gradientEstimator: 'reparameterization'}), {
    message: /gradientEstimator 'reparameterization' needs a fully reparameterized surrogatePosterior/,
  });
  loc.dispose();
});

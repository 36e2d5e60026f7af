import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {init} from '@tfjs-probability/backend';
import {Exp, GumbelCDF, Invert, KumaraswamyCDF} from '@tfjs-probability/bijectors';
import {Gumbel, Kumaraswamy, LogNormal, Normal, TransformedDistribution, Uniform} from '@tfjs-probability/distributions';
import {bivariateCorrelationTril, GaussianCopulaTriL, sampleCorrelation, WarpedGaussianCopula} from './gaussian_copula';

interface Fixture {
  rho: number;
  u: number[][];
  copulaLogProb: number[];
  x: number[][];
  warpedLogProb: number[];
  kumaraswamyLogProb: number[];
}
const fixture = JSON.parse(fs.readFileSync(path.join(__dirname, '__fixtures__', 'copula.json'), 'utf8')) as Fixture;

function close(t: import('ava').ExecutionContext, actual: tf.Tensor, expected: number[], rtol: number, atol: number, label: string) {
  const a = Array.from(actual.dataSync());
  a.forEach((v, i) => t.true(Math.abs(v - expected[i]) <= atol + rtol * Math.abs(expected[i]), `${label}[${i}]: ${v} vs ${expected[i]}`));
}

const marginals = () => [
  new Invert({bijector: new KumaraswamyCDF({concentration1: 2, concentration0: 3})}),
  new Invert({bijector: new GumbelCDF({loc: 1, scale: 2})}),
];

test.before(async () => {
  await init();
});

// Tolerances: Phi^-1 at u = 0.001 loses ~1e-4 relative in float32 (the tail of ndtri amplifies
// the rounding of u), and log-densities here are O(1)-O(10): rtol 1e-3, atol 1e-3.
test('the Gaussian copula density matches scipy (N(Phi^-1(u); R) / prod phi(Phi^-1(u_i)))', (t) => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const copula = new GaussianCopulaTriL({scaleTril: bivariateCorrelationTril(fixture.rho)});
    t.deepEqual(copula.eventShape, [2]);
    close(t, copula.logProb(fixture.u), fixture.copulaLogProb, 1e-3, 1e-3, 'copula');
  });
  t.is(tf.memory().numTensors, before);
});

test('copula samples have uniform marginals and the Gaussian rank correlation', (t) => {
  const n = 40000;
  tf.tidy(() => {
    const copula = new GaussianCopulaTriL({scaleTril: bivariateCorrelationTril(0.7)});
    const u = copula.sample(n, 5);
    const mean = Array.from(u.mean(0).dataSync());
    const variance = Array.from(tf.moments(u, 0).variance.dataSync());
    // Uniform(0, 1): mean 1/2 with se sqrt(1/12/n); variance 1/12 with se sqrt((1/80 - 1/144)/n).
    mean.forEach((m) => t.true(Math.abs(m - 0.5) < 5 * Math.sqrt(1 / 12 / n), `mean ${m}`));
    variance.forEach((v) => t.true(Math.abs(v - 1 / 12) < 5 * Math.sqrt((1 / 80 - 1 / 144) / n), `variance ${v}`));
    // Pearson correlation of the uniforms is Spearman's rho of the copula, (6/pi) asin(rho/2);
    // its standard error is below 1/sqrt(n).
    const spearman = (6 / Math.PI) * Math.asin(0.35);
    t.true(Math.abs(sampleCorrelation(u) - spearman) < 5 / Math.sqrt(n), `correlation ${sampleCorrelation(u)}`);
  });
});

test('the copula with Kumaraswamy and Gumbel marginals matches scipy and its marginals', (t) => {
  const before = tf.memory().numTensors;
  tf.tidy(() => {
    const warped = new WarpedGaussianCopula({scaleTril: bivariateCorrelationTril(fixture.rho), marginalBijectors: marginals()});
    close(t, warped.logProb(fixture.x), fixture.warpedLogProb, 1e-3, 1e-3, 'warped');
    const n = 20000;
    const x = warped.sample(n, 9);
    const kumaraswamy = new Kumaraswamy({concentration1: 2, concentration0: 3});
    const gumbel = new Gumbel({loc: 1, scale: 2});
    const means = x.mean(0).dataSync();
    [kumaraswamy, gumbel].forEach((marginal, i) => {
      const se = Math.sqrt(marginal.variance().dataSync()[0] / n);
      t.true(Math.abs(means[i] - marginal.mean().dataSync()[0]) < 5 * se, `marginal ${i} mean ${means[i]}`);
    });
  });
  t.is(tf.memory().numTensors, before);
});

test('LogNormal and Kumaraswamy built as TransformedDistributions equal the direct ones', (t) => {
  tf.tidy(() => {
    const viaExp = new TransformedDistribution({distribution: new Normal({loc: 0.5, scale: 0.8}), bijector: new Exp()});
    const direct = new LogNormal({loc: 0.5, scale: 0.8});
    const y = [0.05, 0.3, 1.7, 4, 30];
    close(t, viaExp.logProb(y), Array.from(direct.logProb(y).dataSync()), 1e-5, 1e-5, 'lognormal');
    const viaCdf = new TransformedDistribution({
      distribution: new Uniform({low: 0, high: 1}),
      bijector: new Invert({bijector: new KumaraswamyCDF({concentration1: 2, concentration0: 3})}),
    });
    const z = fixture.x.map((row) => row[0]);
    close(t, viaCdf.logProb(z), fixture.kumaraswamyLogProb, 1e-4, 1e-5, 'kumaraswamy vs formula');
    close(t, viaCdf.logProb(z), Array.from(new Kumaraswamy({concentration1: 2, concentration0: 3}).logProb(z).dataSync()), 1e-4, 1e-5, 'kumaraswamy vs direct');
    const n = 20000;
    const se = Math.sqrt(new Kumaraswamy({concentration1: 2, concentration0: 3}).variance().dataSync()[0] / n);
    const exact = new Kumaraswamy({concentration1: 2, concentration0: 3}).mean().dataSync()[0];
    t.true(Math.abs(viaCdf.sample(n, 3).mean().dataSync()[0] - exact) < 5 * se);
  });
});

test('bad arguments are named', (t) => {
  t.throws(() => new WarpedGaussianCopula({scaleTril: bivariateCorrelationTril(0.2), marginalBijectors: marginals().slice(0, 1)}), {
    message: /'marginalBijectors' must hold one bijector per coordinate \(2\); received 1/,
  });
  t.throws(() => bivariateCorrelationTril(1), {message: /rho must be in \(-1, 1\); received 1/});
});

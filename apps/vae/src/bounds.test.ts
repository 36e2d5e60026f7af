import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {restoreGlobalRandom, seedGlobalRandom} from '@tfjs-probability/app-bayesian-cnn';
import {bounds, negativeElboLoss} from './bounds';
import {buildVae, Vae} from './model';

// A VAE small enough to integrate exactly: a one-dimensional latent z and 2x2 binary images. Its
// encoder gives q(z|x) = N(mu(x), sigma(x)^2) (MultivariateNormalTriL with eventSize 1:
// sigma = softplus(p) + 1e-5), its decoder p(x|z) = prod_j Bernoulli(x_j; sigmoid(f_j(z))). The
// references are computed here in float64 from the layers' weights, by a direct dense forward pass
// and trapezoid quadrature over z on [-12, 12] (step 1e-3; the integrands are smooth and the tails
// beyond 12 are below e^-70):
//   log p(x)           = log int N(z; 0, 1) p(x|z) dz
//   E_q[log p(x|z)]    = int q(z|x) log p(x|z) dz,  and its variance under q
//   KL[q || N(0, 1)]   = (sigma^2 + mu^2 - 1) / 2 - log sigma
// The code under test gets there by another road: tfjs layers, the distributions' logProb,
// klDivergence between MultivariateNormalTriL and MultivariateNormalDiag, and Monte Carlo draws.

const PIXELS = 4;
const PATTERNS = [
  [0, 0, 0, 0],
  [1, 0, 0, 1],
  [1, 1, 1, 0],
  [1, 1, 1, 1],
];

test.before(async () => {
  await init();
});

interface Dense {
  kernel: number[][];
  bias: number[];
}

function denseWeights(model: tf.LayersModel): Dense[] {
  return model.layers
    .filter((l) => l.getClassName() === 'Dense')
    .map((l) => {
      const [k, b] = l.getWeights();
      return {kernel: k.arraySync() as number[][], bias: Array.from(b.dataSync())};
    });
}

/** A dense stack in float64: relu between layers, none after the last. */
function forward(layers: Dense[], input: number[]): number[] {
  let h = input;
  layers.forEach((layer, i) => {
    const out = layer.bias.map((b, j) => b + h.reduce((s, v, r) => s + v * layer.kernel[r][j], 0));
    h = i < layers.length - 1 ? out.map((v) => Math.max(0, v)) : out;
  });
  return h;
}

const softplus = (v: number) => Math.max(v, 0) + Math.log1p(Math.exp(-Math.abs(v)));
const logNormal = (z: number, mu: number, sigma: number) => -0.5 * ((z - mu) / sigma) ** 2 - Math.log(sigma) - 0.5 * Math.log(2 * Math.PI);

/** Exact references for one image x of the tiny model. */
function reference(model: Vae, x: number[]) {
  const [mu, p] = forward(denseWeights(model.encoder), x);
  const sigma = softplus(p) + 1e-5;
  const decoder = denseWeights(model.decoder);
  const logLik = (z: number) => forward(decoder, [z]).reduce((s, logit, j) => s + x[j] * logit - softplus(logit), 0);
  const step = 1e-3;
  let marginal = 0;
  let mean = 0;
  let second = 0;
  let weightSquare = 0;
  for (let i = 0; i <= 24000; i++) {
    const z = -12 + i * step;
    const w = i === 0 || i === 24000 ? step / 2 : step;
    const ll = logLik(z);
    marginal += w * Math.exp(logNormal(z, 0, 1) + ll);
    const q = Math.exp(logNormal(z, mu, sigma));
    mean += w * q * ll;
    second += w * q * ll * ll;
    weightSquare += (w * Math.exp(2 * (logNormal(z, 0, 1) + ll))) / q;
  }
  const kl = (sigma * sigma + mu * mu - 1) / 2 - Math.log(sigma);
  return {relativeWeightVariance: weightSquare / (marginal * marginal) - 1, logPx: Math.log(marginal), expectedLogLik: mean, logLikSd: Math.sqrt(Math.max(0, second - mean * mean)), kl};
}

/**
 * The tiny VAE at its seeded initial weights, except that q(z|x) is made broad (sigma about 1.6,
 * mu within about +-0.3): a proposal wider than p(z|x) keeps the importance weights' variance
 * small, so that IWAE_k is near log p(x) at moderate k and the test can be tight.
 */
function tinyVae(): Vae {
  seedGlobalRandom(11);
  const model = buildVae({imageShape: [2, 2, 1], latentDim: 1, hiddenUnits: [5]});
  restoreGlobalRandom();
  const layer = model.encoder.getLayer('posterior_params');
  const kernel = layer.getWeights()[0]; // the variable itself, not a copy
  const broad = [tf.mul(kernel, 0.2), tf.tensor1d([0, 1.4])];
  layer.setWeights(broad);
  tf.dispose(broad);
  return model;
}

test('-ELBO and -IWAE of a fixed model match the exact integrals; -log p(x) <= -IWAE_k <= -ELBO', (t) => {
  const model = tinyVae();
  const k = 2000;
  const x = tf.tensor4d(PATTERNS.flat(), [PATTERNS.length, 2, 2, 1]);
  const before = tf.memory().numTensors;
  const b = bounds(model, x, k, 5);
  const negElbo = Array.from(b.negativeElbo.dataSync());
  const negIwae = Array.from(b.negativeIwae.dataSync());
  tf.dispose([b.negativeElbo, b.negativeIwae]);
  t.is(tf.memory().numTensors, before, 'bounds frees what it makes');
  PATTERNS.forEach((pattern, i) => {
    const ref = reference(model, pattern);
    const refNegElbo = ref.kl - ref.expectedLogLik;
    // -ELBO = KL - mean_k log p(x|z_k): Monte Carlo in the mean only, standard error sd / sqrt(k);
    // 5 standard errors plus float32 rounding of sums of ~5 terms of size ~3 (1e-4 relative).
    const tolerance = (5 * ref.logLikSd) / Math.sqrt(k) + 1e-4 * Math.abs(refNegElbo) + 1e-4;
    t.true(Math.abs(negElbo[i] - refNegElbo) < tolerance, `x=${pattern}: -ELBO ${negElbo[i]} vs exact ${refNegElbo} (tol ${tolerance})`);
    // The exact gap -ELBO - (-log p(x)) is KL[q(z|x) || p(z|x)] >= 0.
    t.true(refNegElbo >= -ref.logPx, `x=${pattern}: exact -ELBO ${refNegElbo} >= -log p(x) ${-ref.logPx}`);
    // -IWAE_k from the same draws is <= their own ELBO estimate (log-mean-exp >= mean-log).
    t.true(negIwae[i] <= negElbo[i] + tolerance, `x=${pattern}: -IWAE ${negIwae[i]} <= -ELBO ${negElbo[i]}`);
    // With v = Var_q(w)/p(x)^2 (by quadrature), -IWAE_k - (-log p(x)) has bias about v/(2k) and standard
    // deviation about sqrt(v/k) (delta method); allow the bias plus 5 standard deviations.
    const v = ref.relativeWeightVariance;
    const iwaeTolerance = v / (2 * k) + 5 * Math.sqrt(v / k) + 1e-4 * Math.abs(ref.logPx) + 1e-4;
    t.true(v < 1, `x=${pattern}: relative weight variance ${v}`);
    t.true(Math.abs(negIwae[i] + ref.logPx) < iwaeTolerance, `x=${pattern}: -IWAE_k ${negIwae[i]} vs -log p(x) ${-ref.logPx} (tol ${iwaeTolerance})`);
    // ... and the bound is tighter than the ELBO by more than its error here.
    t.true(refNegElbo - -ref.logPx > 2 * iwaeTolerance, `x=${pattern}: ELBO gap ${refNegElbo + ref.logPx}`);
  });
  x.dispose();
  model.vae.dispose();
});

test('IWAE_k tightens as k grows (k = 1 is the one-sample ELBO)', (t) => {
  const model = tinyVae();
  const x = tf.tensor4d(PATTERNS.flat(), [PATTERNS.length, 2, 2, 1]);
  const mean = (k: number) => {
    const xs = tf.tile(x, [100, 1, 1, 1]);
    const b = bounds(model, xs, k, 9);
    const value = tf.tidy(() => tf.mean(b.negativeIwae).dataSync()[0]);
    tf.dispose([xs, b.negativeElbo, b.negativeIwae]);
    return value;
  };
  const [one, ten, hundred] = [mean(1), mean(10), mean(100)];
  const exact = PATTERNS.map((p) => -reference(model, p).logPx).reduce((a, b) => a + b, 0) / PATTERNS.length;
  t.true(one > ten && ten > hundred && hundred > exact - 0.01, `-IWAE: k=1 ${one}, 10 ${ten}, 100 ${hundred}, exact ${exact}`);
  t.throws(() => bounds(model, x, 0, 1), {message: /k \(importance samples\) must be a positive integer; received 0/});
  x.dispose();
  model.vae.dispose();
});

test('the training loss is the one-sample -ELBO: its KL is the exact KL averaged over the batch', (t) => {
  const model = tinyVae();
  const copies = 400;
  const x = tf.tile(tf.tensor4d(PATTERNS.flat(), [PATTERNS.length, 2, 2, 1]), [copies, 1, 1, 1]);
  const refs = PATTERNS.map((p) => reference(model, p));
  seedGlobalRandom(3);
  const before = tf.memory().numTensors;
  const [loss, nll, kl] = tf.tidy(() => {
    const parts = negativeElboLoss(model, x, false);
    return [parts.loss, parts.nll, parts.kl].map((v) => v.dataSync()[0]);
  });
  restoreGlobalRandom();
  t.is(tf.memory().numTensors, before);
  const meanOf = (f: (r: (typeof refs)[number]) => number) => refs.map(f).reduce((a, b) => a + b, 0) / refs.length;
  // Closed form on both sides: float32 rounding only.
  const exactKl = meanOf((r) => r.kl);
  t.true(Math.abs(kl - exactKl) < 1e-4 * Math.max(1, exactKl), `KL ${kl} vs ${exactKl}`);
  // One draw per row, 1600 rows: standard error sqrt(mean sd^2 / 1600); 5 of them.
  const se = Math.sqrt(meanOf((r) => r.logLikSd ** 2) / (copies * PATTERNS.length));
  const exactNll = -meanOf((r) => r.expectedLogLik);
  t.true(Math.abs(nll - exactNll) < 5 * se + 1e-4, `reconstruction ${nll} vs ${exactNll} (se ${se})`);
  t.true(Math.abs(loss - (nll + kl)) < 1e-4);
  x.dispose();
  model.vae.dispose();
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Independent, Normal} from '@tfjs-probability/distributions';
import {DistributionLambda} from './distribution_lambda';
import {distributionOf, negLogLik} from './distribution_layer';
import {IndependentBernoulli} from './independent_bernoulli';
import {IndependentNormal} from './independent_normal';
import {IndependentPoisson} from './independent_poisson';
import {registerLayerFunction} from './internal/registry';
import {assertClose, softplus} from './internal/testing';
import {KLDivergenceAddLoss} from './kl_divergence_add_loss';
import {KLDivergenceRegularizer} from './kl_divergence_regularizer';
import {MultivariateNormalTriL} from './multivariate_normal_tril';
import {OneHotCategorical} from './one_hot_categorical';
import {predictDistribution} from './predict_distribution';
import {VariableLayer} from './variable_layer';
import {CategoricalMixtureOfOneHotCategorical} from './categorical_mixture_of_one_hot_categorical';
import {MixtureNormal} from './mixture_normal';
import {IndependentLogistic} from './independent_logistic';
import {MixtureLogistic} from './mixture_logistic';
import {MixtureSameFamily} from './mixture_same_family';

test.before(async () => {
  await init();
});

const LOG_2PI = Math.log(2 * Math.PI);
const logFactorial = (k: number): number => (k <= 1 ? 0 : Math.log(k) + logFactorial(k - 1));

test('paramsSize as TFP', (t) => {
  t.is(IndependentNormal.paramsSize([2, 3]), 12);
  t.is(IndependentNormal.paramsSize(), 2);
  t.is(IndependentBernoulli.paramsSize([2, 3]), 6);
  t.is(IndependentPoisson.paramsSize(4), 4);
  t.is(OneHotCategorical.paramsSize(5), 5);
  t.is(MultivariateNormalTriL.paramsSize(3), 9);
  t.throws(() => IndependentNormal.paramsSize([2, 0]), {message: /IndependentNormal.paramsSize: eventShape must be a positive integer or a list of them; received \[2,0\]/});
});

// Each layer's log-probability against the density written out in float64 from the same params
// (float32 rounding of sums of a few terms of size <= 10: rtol 1e-5, atol 1e-5).
test('Independent layers map params to TFP parameterisations (log-probabilities in float64)', (t) => {
  tf.tidy(() => {
    const params = [[0.3, -1.2, 0.5, 2.0], [-0.7, 0.1, -2.5, 0.0]];
    const y = [[0.5, -1], [1, 0]];
    const p = tf.tensor2d(params);
    const normal = new IndependentNormal({eventShape: [2]}).apply(p) as tf.Tensor;
    t.deepEqual(normal.shape, [2, 2]);
    const expectedNormal = params.map((row, b) =>
      [0, 1].reduce((acc, i) => {
        const s = softplus(row[2 + i]);
        return acc - 0.5 * ((y[b][i] - row[i]) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI;
      }, 0),
    );
    assertClose(t, distributionOf(normal).logProb(y), expectedNormal, {rtol: 1e-5, atol: 1e-5}, 'IndependentNormal');

    const bernoulli = new IndependentBernoulli({eventShape: [4]}).apply(p) as tf.Tensor;
    const yb = [[1, 0, 1, 1], [0, 0, 1, 0]];
    const expectedBernoulli = params.map((row, b) => row.reduce((acc, l, i) => acc + yb[b][i] * l - softplus(l), 0));
    assertClose(t, distributionOf(bernoulli).logProb(yb), expectedBernoulli, {rtol: 1e-5, atol: 1e-5}, 'IndependentBernoulli');

    const poisson = new IndependentPoisson({eventShape: [2, 2]}).apply(p) as tf.Tensor;
    t.deepEqual(poisson.shape, [2, 2, 2]);
    const counts = [[[0, 3], [1, 7]], [[2, 0], [0, 1]]];
    const expectedPoisson = params.map((row, b) =>
      row.reduce((acc, l, i) => {
        const k = counts[b][Math.floor(i / 2)][i % 2];
        return acc + k * l - Math.exp(l) - logFactorial(k);
      }, 0),
    );
    assertClose(t, distributionOf(poisson).logProb(counts), expectedPoisson, {rtol: 1e-5, atol: 1e-5}, 'IndependentPoisson');

    const categorical = new OneHotCategorical({eventSize: 4}).apply(p) as tf.Tensor;
    const onehot = [[0, 0, 1, 0], [1, 0, 0, 0]];
    const expectedCategorical = params.map((row, b) => {
      const lse = Math.log(row.reduce((acc, l) => acc + Math.exp(l), 0));
      return row[onehot[b].indexOf(1)] - lse;
    });
    assertClose(t, distributionOf(categorical).logProb(onehot), expectedCategorical, {rtol: 1e-5, atol: 1e-5}, 'OneHotCategorical');
    t.deepEqual(Array.from(tf.sum(categorical, -1).dataSync()), [1, 1], 'a one-hot sample');

    // Zero off-diagonal params: scaleTril = (softplus(d) + 1e-5) on the diagonal.
    const mvnParams = tf.tensor2d([[0.5, -0.5, 0, 0, 0]]);
    const mvn = new MultivariateNormalTriL({eventSize: 2}).apply(mvnParams) as tf.Tensor;
    const sd = softplus(0) + 1e-5;
    const point = [1, 0.25];
    const expectedMvn = -LOG_2PI - 2 * Math.log(sd) - 0.5 * ((point[0] - 0.5) ** 2 + (point[1] + 0.5) ** 2) / sd ** 2;
    assertClose(t, distributionOf(mvn).logProb([point]), [expectedMvn], {rtol: 1e-5, atol: 1e-5}, 'MultivariateNormalTriL');
  });
});

test('symbolic output shapes', (t) => {
  const shapeOf = (layer: tf.layers.Layer, inputShape: number[]) =>
    tf.sequential({layers: [tf.layers.inputLayer({inputShape}), layer]}).outputs[0].shape;
  t.deepEqual(shapeOf(new IndependentNormal({eventShape: [2, 3]}), [12]), [null, 2, 3]);
  t.deepEqual(shapeOf(new OneHotCategorical({eventSize: 3}), [3]), [null, 3]);
  t.deepEqual(shapeOf(new MultivariateNormalTriL({eventSize: 2}), [5]), [null, 2]);
  const lambda = new DistributionLambda({
    makeDistributionFn: (p) => new Normal({loc: p, scale: 1}),
    convertToTensorFn: (d) => d.sample(3),
  });
  t.deepEqual(shapeOf(lambda, [4]), [3, null, 4], 'probed: unknown batch where the probes differ');
});

test('DistributionLambda trains with compile + fit and loss (y, rv) => -rv.logProb(y)', async (t) => {
  // y = 2x + N(0, 0.3^2): the learned scale converges to 0.3 (tolerance 0.05, ~4 SE of the
  // 512-point scale estimate, 0.3 / sqrt(2 * 512) ~ 0.01, plus optimisation slack).
  const makeNormal = registerLayerFunction('test.normalFromTwo', (p: tf.Tensor) =>
    new Normal({loc: tf.slice(p, [0, 0], [-1, 1]), scale: tf.add(1e-3, tf.softplus(tf.slice(p, [0, 1], [-1, 1])))}),
  );
  const model = tf.sequential({
    layers: [
      tf.layers.dense({units: 2, inputShape: [1], kernelInitializer: tf.initializers.glorotUniform({seed: 1})}),
      new DistributionLambda({makeDistributionFn: makeNormal, seed: 1}),
    ],
  });
  model.compile({optimizer: tf.train.adam(0.05), loss: (y: tf.Tensor, rv: tf.Tensor) => tf.neg(distributionOf(rv).logProb(y))});
  const x = tf.randomUniform([512, 1], -1, 1, 'float32', 1);
  const y = tf.add(tf.mul(x, 2), tf.mul(0.3, tf.randomNormal([512, 1], 0, 1, 'float32', 2)));
  const history = await model.fit(x, y, {epochs: 40, batchSize: 64, verbose: 0});
  const losses = history.history.loss as number[];
  t.true(losses[losses.length - 1] < losses[0] - 1, `loss ${losses[0]} -> ${losses[losses.length - 1]}`);
  const [mean, sd] = tf.tidy(() => {
    const d = predictDistribution(model, tf.tensor2d([[0.5]]));
    return [d.mean().dataSync()[0], d.stddev().dataSync()[0]];
  });
  t.true(Math.abs(mean - 1) < 0.1, `mean at x = 0.5: ${mean}`);
  t.true(Math.abs(sd - 0.3) < 0.05, `scale ${sd}`);
  tf.dispose([x, y]);
});

test('KLDivergenceAddLoss: exact and Monte Carlo KL, weighted and summed', (t) => {
  tf.tidy(() => {
    registerLayerFunction('test.stdNormal2', () => new Independent({distribution: new Normal({loc: tf.zeros([2]), scale: 1}), reinterpretedBatchNdims: 1}));
    const params = [[0.5, -1, 0.2, -0.4], [0, 0.3, 1.5, -2]];
    const p = tf.tensor2d(params);
    const z = new IndependentNormal({eventShape: [2], seed: 3}).apply(p) as tf.Tensor;
    const exact = new KLDivergenceAddLoss({distributionB: 'test.stdNormal2', useExactKl: true, weight: 0.5});
    const passed = exact.apply(z) as tf.Tensor;
    t.deepEqual(passed.arraySync(), z.arraySync(), 'pass-through');
    t.is(distributionOf(passed), distributionOf(z), 'the distribution follows the tensor');
    // KL(N(m, s) || N(0, 1)) summed over events and batch, times the weight.
    let kl = 0;
    for (const row of params) {
      for (const i of [0, 1]) {
        const s = softplus(row[2 + i]);
        kl += Math.log(1 / s) + (s * s + row[i] ** 2) / 2 - 0.5;
      }
    }
    assertClose(t, exact.calculateLosses()[0], 0.5 * kl, {rtol: 1e-5}, 'exact KL');
    // Monte Carlo (TFP's default): mean over all axes of log q(z) - log p(z) at the layer's sample z.
    const mc = new KLDivergenceAddLoss({distributionB: 'test.stdNormal2', weight: 2});
    mc.apply(z);
    const zs = z.arraySync() as number[][];
    let ratio = 0;
    zs.forEach((zb, b) =>
      [0, 1].forEach((i) => {
        const s = softplus(params[b][2 + i]);
        ratio += (-0.5 * ((zb[i] - params[b][i]) / s) ** 2 - Math.log(s) + 0.5 * zb[i] ** 2) / zs.length;
      }),
    );
    assertClose(t, mc.calculateLosses()[0], 2 * ratio, {rtol: 1e-5, atol: 1e-6}, 'MC KL');
  });
});

test('KLDivergenceRegularizer as a distribution layer activityRegularizer joins the training loss', async (t) => {
  registerLayerFunction('test.stdNormal1', () => new Independent({distribution: new Normal({loc: tf.zeros([1]), scale: 1}), reinterpretedBatchNdims: 1}));
  const regularizer = new KLDivergenceRegularizer({distributionB: 'test.stdNormal1', useExactKl: true, weight: 0.1});
  const layer = new IndependentNormal({eventShape: [1], activityRegularizer: regularizer, convertToTensorFn: 'mean'});
  const model = tf.sequential({layers: [tf.layers.dense({units: 2, inputShape: [1], kernelInitializer: 'ones'}), layer]});
  model.compile({optimizer: tf.train.sgd(0), loss: 'meanSquaredError'});
  const x = tf.tensor2d([[0.5], [-1]]);
  const y = tf.tensor2d([[0], [1]]);
  const history = await model.fit(x, y, {epochs: 1, batchSize: 2, verbose: 0});
  // Dense with kernel ones, bias zeros: params [x, x]; loc = x, scale = softplus(x).
  const xs = [0.5, -1];
  const mse = (0.5 ** 2 + (-1 - 1) ** 2) / 2;
  const kl = xs.reduce((acc, v) => acc + Math.log(1 / softplus(v)) + (softplus(v) ** 2 + v * v) / 2 - 0.5, 0);
  assertClose(t, history.history.loss[0] as number, mse + 0.1 * kl, {rtol: 1e-5});
  tf.dispose([x, y]);
});

test('VariableLayer returns activation(v) whatever the input, and trains', async (t) => {
  const layer = new VariableLayer({shape: [2], initializer: 'ones', activation: 'softplus'});
  const model = tf.sequential({layers: [tf.layers.inputLayer({inputShape: [3]}), layer]});
  const out = model.predict(tf.zeros([4, 3])) as tf.Tensor;
  assertClose(t, out, [softplus(1), softplus(1)], {rtol: 1e-6});
  t.deepEqual(out.shape, [2]);
  t.is(layer.trainableWeights.length, 1);
  out.dispose();
  t.throws(() => new VariableLayer({shape: [0], name: 'v0'}), {message: /VariableLayer 'v0': shape must be a positive integer or a list of them; received \[0\]/});
});

test.serial('no leaks across fit epochs, predictions and predictive distributions', async (t) => {
  const model = tf.sequential({
    layers: [tf.layers.dense({units: IndependentNormal.paramsSize(1), inputShape: [2]}), new IndependentNormal({eventShape: [1]})],
  });
  model.compile({optimizer: tf.train.sgd(0.01), loss: negLogLik});
  const x = tf.randomNormal([32, 2]);
  const y = tf.randomNormal([32, 1]);
  await model.fit(x, y, {epochs: 1, batchSize: 8, verbose: 0});
  const before = tf.memory().numTensors;
  await model.fit(x, y, {epochs: 2, batchSize: 8, verbose: 0});
  tf.dispose(model.predict(x));
  tf.tidy(() => {
    const d = predictDistribution(model, x);
    return [d.mean(), d.stddev()];
  }).forEach((v) => v.dispose());
  t.is(tf.memory().numTensors, before);
  tf.dispose([x, y]);
});

test('bad input: wrong params size, plain tensors, non-distribution outputs', (t) => {
  tf.tidy(() => {
    t.throws(() => new IndependentNormal({eventShape: [3], name: 'normal3'}).apply(tf.zeros([2, 5])), {
      message: /IndependentNormal 'normal3': expected params with last dim 6 \(paramsSize of eventShape \[3\]\); received shape \[2,5\]/,
    });
    t.throws(() => new MultivariateNormalTriL({eventSize: 2, name: 'mvn'}).apply(tf.zeros([2, 4])), {
      message: /MultivariateNormalTriL 'mvn': expected params with last dim 5 \(paramsSize\(2\)\); received shape \[2,4\]/,
    });
    t.throws(() => distributionOf(tf.zeros([2])), {message: /distributionOf: the tensor of shape \[2\] is not the output of a distribution layer/});
    t.throws(() => new KLDivergenceAddLoss({distributionB: 'test.stdNormal2', name: 'kl'}).apply(tf.zeros([2, 2])), {
      message: /not the output of a distribution layer/,
    });
    const lambda = new DistributionLambda({makeDistributionFn: (() => 3) as unknown as () => Normal, name: 'bad'});
    t.throws(() => lambda.apply(tf.zeros([1])), {message: /DistributionLambda 'bad': makeDistributionFn must return a Distribution; received 3/});
  });
  const plain = tf.sequential({layers: [tf.layers.dense({units: 1, inputShape: [1], name: 'plain_dense'})]});
  t.throws(() => predictDistribution(plain, tf.zeros([1, 1])), {
    message: /predictDistribution: the output of model '.*' comes from Dense 'plain_dense'; expected a distribution layer/,
  });
});

test('mixture layers: MixtureNormal, MixtureSameFamily and CategoricalMixtureOfOneHotCategorical densities in float64', (t) => {
  t.is(MixtureNormal.paramsSize(3, [2]), 3 + 3 * 4);
  t.is(MixtureSameFamily.paramsSize(2, 5), 12);
  t.is(CategoricalMixtureOfOneHotCategorical.paramsSize(4, 3), 3 + 12);
  tf.tidy(() => {
    // K = 2 components of scalar normals: params [logit1, logit2, loc1, rawScale1, loc2, rawScale2].
    const params = [[0.2, -0.5, -1, 0.3, 2, -0.4], [1.5, 0, 0.5, 0, -0.5, 1]];
    const y = [[0.3], [-0.2]];
    const expected = params.map((p, b) => {
      const lse = Math.log(Math.exp(p[0]) + Math.exp(p[1]));
      const dens = [0, 1].map((k) => {
        const loc = p[2 + 2 * k];
        const s = softplus(p[3 + 2 * k]);
        return Math.exp(p[k] - lse - 0.5 * ((y[b][0] - loc) / s) ** 2 - Math.log(s) - 0.5 * LOG_2PI);
      });
      return Math.log(dens[0] + dens[1]);
    });
    const p = tf.tensor2d(params);
    const mixture = new MixtureNormal({numComponents: 2, eventShape: [1]}).apply(p) as tf.Tensor;
    t.deepEqual(mixture.shape, [2, 1]);
    assertClose(t, distributionOf(mixture).logProb(y), expected, {rtol: 1e-5, atol: 1e-5}, 'MixtureNormal');
    const generic = new MixtureSameFamily({numComponents: 2, componentLayer: new IndependentNormal({eventShape: [1]})}).apply(p) as tf.Tensor;
    assertClose(t, distributionOf(generic).logProb(y), expected, {rtol: 1e-5, atol: 1e-5}, 'MixtureSameFamily');

    // K = 2 mixtures of 3-class one-hot categoricals.
    const cp = [[0.3, -0.3, 1, 0, -1, -2, 0.5, 0.5]];
    const onehot = [[0, 1, 0]];
    const logSoftmax = (v: number[]) => {
      const lse = Math.log(v.reduce((acc, x) => acc + Math.exp(x), 0));
      return v.map((x) => x - lse);
    };
    const w = logSoftmax(cp[0].slice(0, 2));
    const c1 = logSoftmax(cp[0].slice(2, 5));
    const c2 = logSoftmax(cp[0].slice(5, 8));
    const expectedCat = Math.log(Math.exp(w[0] + c1[1]) + Math.exp(w[1] + c2[1]));
    const cat = new CategoricalMixtureOfOneHotCategorical({eventSize: 3, numComponents: 2}).apply(tf.tensor2d(cp)) as tf.Tensor;
    assertClose(t, distributionOf(cat).logProb(onehot), [expectedCat], {rtol: 1e-5, atol: 1e-5}, 'CategoricalMixtureOfOneHotCategorical');
  });
  t.throws(() => tf.tidy(() => {
    new MixtureNormal({numComponents: 2, eventShape: [1], name: 'mix'}).apply(tf.zeros([1, 5]));
  }), {
    message: /MixtureNormal 'mix': expected params with last dim K \+ K \* componentParamsSize \(K = 2\); received shape \[1,5\]/,
  });
});

test('IndependentLogistic and MixtureLogistic densities in float64', (t) => {
  t.is(IndependentLogistic.paramsSize([2, 2]), 8);
  t.is(MixtureLogistic.paramsSize(2, [1]), 2 + 2 * 2);
  // log p(y) = -z - log s - 2 log(1 + exp(-z)), z = (y - loc) / s.
  const logistic = (y: number, loc: number, s: number) => {
    const z = (y - loc) / s;
    return -z - Math.log(s) - 2 * Math.log1p(Math.exp(-z));
  };
  tf.tidy(() => {
    const params = [[0.3, -1.2, 0.5, 2.0], [-0.7, 0.1, -2.5, 0.0]];
    const y = [[0.5, -1], [1, 0]];
    const out = new IndependentLogistic({eventShape: [2]}).apply(tf.tensor2d(params)) as tf.Tensor;
    const expected = params.map((row, b) => [0, 1].reduce((acc, i) => acc + logistic(y[b][i], row[i], softplus(row[2 + i])), 0));
    assertClose(t, distributionOf(out).logProb(y), expected, {rtol: 1e-5, atol: 1e-5}, 'IndependentLogistic');
    const mp = [[0.2, -0.5, -1, 0.3, 2, -0.4]];
    const lse = Math.log(Math.exp(0.2) + Math.exp(-0.5));
    const mixtureExpected = Math.log(
      Math.exp(0.2 - lse + logistic(0.3, -1, softplus(0.3))) + Math.exp(-0.5 - lse + logistic(0.3, 2, softplus(-0.4))),
    );
    const mixture = new MixtureLogistic({numComponents: 2, eventShape: [1]}).apply(tf.tensor2d(mp)) as tf.Tensor;
    assertClose(t, distributionOf(mixture).logProb([[0.3]]), [mixtureExpected], {rtol: 1e-5, atol: 1e-5}, 'MixtureLogistic');
  });
});

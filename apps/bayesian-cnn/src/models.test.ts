import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {buildBayesianCnn, setPosteriorScales} from './models';

test.before(async () => {
  await init();
});

const scaleWeights = (model: tf.LayersModel) => model.weights.filter((w) => w.originalName.endsWith('_posterior_untransformed_scale'));

test('posteriorInitScale sets every kernel posterior standard deviation (eps + softplus(u))', (t) => {
  const before = tf.memory().numTensors;
  const model = buildBayesianCnn('lenet', {inputShape: [28, 28, 1], numClasses: 10, klWeight: 1e-4, posteriorInitScale: 1e-3});
  const weights = scaleWeights(model);
  t.is(weights.length, 5, 'three Flipout convolutions and two Flipout dense layers');
  for (const w of weights) {
    const scales = tf.tidy(() => tf.add(2 ** -23, tf.softplus(w.read())).dataSync());
    // float32: softplus(log(expm1(1e-3))) round-trips to a few ulps of 1e-3.
    t.true(scales.every((s) => Math.abs(s - 1e-3) < 1e-8), `${w.name}: ${scales[0]}`);
  }
  model.dispose();
  t.is(tf.memory().numTensors, before);
});

test('without posteriorInitScale the posterior keeps TFP default (softplus(N(-3, 0.1)), about 0.05)', (t) => {
  const model = buildBayesianCnn('lenet', {inputShape: [28, 28, 1], numClasses: 10, klWeight: 1e-4});
  const mean = tf.tidy(() => tf.mean(tf.softplus(scaleWeights(model)[0].read())).dataSync()[0]);
  t.true(Math.abs(mean - Math.log1p(Math.exp(-3))) < 0.005, `mean scale ${mean}`);
  model.dispose();
});

test('setPosteriorScales names a bad scale and a model without posteriors', (t) => {
  const model = buildBayesianCnn('lenet', {inputShape: [28, 28, 1], numClasses: 10, klWeight: 1e-4});
  t.throws(() => setPosteriorScales(model, 0), {message: /posteriorInitScale must be a finite number above 2\^-23; received 0/});
  model.dispose();
  const plain = tf.sequential({layers: [tf.layers.dense({units: 2, inputShape: [3]})]});
  t.throws(() => setPosteriorScales(plain, 0.01), {message: /has no posterior scale weights/});
  plain.dispose();
});

import * as tf from '@tensorflow/tfjs';
import {init, type BackendName} from '@tfjs-probability/backend';
import {referenceCnn} from '@tfjs-probability/app-reference-cnn';
import {conv2dFlipout, denseFlipout} from '@tfjs-probability/layers';
import type {StepTimings} from './cnn_bench';

/**
 * The reference CNN with every weight layer Bayesian: Conv2DFlipout / DenseFlipout (mean-field
 * normal posteriors, KL to N(0, 1) in the loss), same shapes, Adam, softmax cross-entropy.
 */
export function flipoutReferenceCnn(klWeight: number): tf.LayersModel {
  const model = tf.sequential({
    layers: [
      conv2dFlipout({inputShape: [28, 28, 1], filters: 32, kernelSize: 3, activation: 'relu', klWeight, seed: 1}),
      tf.layers.maxPooling2d({poolSize: 2}),
      conv2dFlipout({filters: 64, kernelSize: 3, activation: 'relu', klWeight, seed: 2}),
      tf.layers.maxPooling2d({poolSize: 2}),
      tf.layers.flatten(),
      denseFlipout({units: 128, activation: 'relu', klWeight, seed: 3}),
      denseFlipout({units: 10, klWeight, seed: 4}),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(1e-3),
    loss: (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits),
    metrics: ['categoricalAccuracy'],
  });
  return model;
}

/** ms per `trainOnBatch` of the deterministic and of the Flipout reference CNN, alternated per round. */
export async function timeFlipoutVersusDeterministic(
  backend: BackendName,
  options: {batchSize: number; steps: number; warmup: number; rounds: number},
): Promise<{deterministic: StepTimings; flipout: StepTimings}> {
  await init({backend});
  const xs = tf.randomUniform([options.batchSize, 28, 28, 1], 0, 1, 'float32', 1);
  const ys = tf.tidy(() => tf.oneHot(tf.randomUniform([options.batchSize], 0, 10, 'int32', 2) as tf.Tensor1D, 10).toFloat());
  const deterministic: StepTimings = {label: `deterministic (tfjs ${backend})`, stepMs: []};
  const flipout: StepTimings = {label: `Conv2DFlipout + DenseFlipout (tfjs ${backend})`, stepMs: []};
  const time = async (model: tf.LayersModel, into: StepTimings) => {
    for (let step = 0; step < options.warmup + options.steps; step++) {
      const started = performance.now();
      await model.trainOnBatch(xs, ys);
      if (step >= options.warmup) into.stepMs.push(performance.now() - started);
    }
  };
  const models = [referenceCnn({seed: 1}), flipoutReferenceCnn(1 / 60000)];
  try {
    for (let round = 0; round < options.rounds; round++) {
      await time(models[0], deterministic);
      await time(models[1], flipout);
    }
  } finally {
    models.forEach((m) => m.dispose());
    tf.dispose([xs, ys]);
  }
  return {deterministic, flipout};
}

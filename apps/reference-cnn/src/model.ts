import * as tf from '@tensorflow/tfjs';

export interface ReferenceCnnOptions {
  inputShape?: [number, number, number];
  numClasses?: number;
  /** Seeds the weight initialisers, so two models built with one seed start equal. */
  seed?: number;
  learningRate?: number;
}

/**
 * The project's reference CNN: conv 3x3x32 relu, maxpool 2, conv 3x3x64 relu, maxpool 2,
 * dense 128 relu, dense 10 (logits), compiled with Adam and softmax cross-entropy.
 */
export function referenceCnn(options: ReferenceCnnOptions = {}): tf.Sequential {
  const seed = options.seed ?? 0;
  const init = (offset: number) => tf.initializers.glorotUniform({seed: seed * 16 + offset});
  const model = tf.sequential({
    layers: [
      tf.layers.conv2d({
        inputShape: options.inputShape ?? [28, 28, 1],
        filters: 32,
        kernelSize: 3,
        activation: 'relu',
        kernelInitializer: init(1),
      }),
      tf.layers.maxPooling2d({poolSize: 2}),
      tf.layers.conv2d({filters: 64, kernelSize: 3, activation: 'relu', kernelInitializer: init(2)}),
      tf.layers.maxPooling2d({poolSize: 2}),
      tf.layers.flatten(),
      tf.layers.dense({units: 128, activation: 'relu', kernelInitializer: init(3)}),
      tf.layers.dense({units: options.numClasses ?? 10, kernelInitializer: init(4)}),
    ],
  });
  model.compile({
    optimizer: tf.train.adam(options.learningRate ?? 1e-3),
    loss: (labels: tf.Tensor, logits: tf.Tensor) => tf.losses.softmaxCrossEntropy(labels, logits),
    metrics: ['categoricalAccuracy'],
  });
  return model;
}

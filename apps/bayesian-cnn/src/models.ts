import * as tf from '@tensorflow/tfjs';
import {conv2dFlipout, denseFlipout, util} from '@tfjs-probability/layers';

const {FLOAT32_EPS} = util;

/** The architectures `train --model` offers. */
export const ARCHITECTURES = ['lenet', 'vgg', 'resnet'] as const;
export type Architecture = (typeof ARCHITECTURES)[number];

export interface BayesianCnnOptions {
  inputShape: [number, number, number];
  numClasses: number;
  /** Weight of every layer's KL term, 1 / N for the per-example negative ELBO. */
  klWeight: number;
  /**
   * Initial standard deviation of every kernel posterior; default TFP's, softplus(N(-3, 0.1)),
   * about 0.05. A smaller start (1e-3) lets the means fit before the KL term widens the posterior.
   */
  posteriorInitScale?: number;
}

type FlipoutConv = Parameters<typeof conv2dFlipout>[0];

/**
 * A Bayesian CNN whose every weight layer is a Flipout layer with a mean-field normal posterior
 * and a standard normal prior (TFP's defaults); the output is logits. 'lenet' is LeNet-5 as in
 * TFP's bayesian_neural_network example (with LeCun's 'valid' third convolution); 'vgg' and 'resnet' are small VGG- and ResNet-style
 * networks in the spirit of TFP's CIFAR-10 example.
 */
export function buildBayesianCnn(architecture: Architecture, options: BayesianCnnOptions): tf.LayersModel {
  const {klWeight} = options;
  const conv = (args: Omit<FlipoutConv, 'klWeight'>) => conv2dFlipout({klWeight, ...args});
  const input = tf.input({shape: options.inputShape});
  let x: tf.SymbolicTensor;
  switch (architecture) {
    case 'lenet': {
      x = conv({filters: 6, kernelSize: 5, padding: 'same', activation: 'relu'}).apply(input) as tf.SymbolicTensor;
      x = tf.layers.maxPooling2d({poolSize: 2, strides: 2, padding: 'same'}).apply(x) as tf.SymbolicTensor;
      x = conv({filters: 16, kernelSize: 5, padding: 'same', activation: 'relu'}).apply(x) as tf.SymbolicTensor;
      x = tf.layers.maxPooling2d({poolSize: 2, strides: 2, padding: 'same'}).apply(x) as tf.SymbolicTensor;
      // 'valid' as in LeCun's LeNet-5: 120 maps of 3x3 (28x28 inputs) rather than 7x7 keeps the
      // dense layer at 90k weights instead of 490k, whose KL would swamp small data sets.
      x = conv({filters: 120, kernelSize: 5, padding: 'valid', activation: 'relu'}).apply(x) as tf.SymbolicTensor;
      x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
      x = denseFlipout({units: 84, activation: 'relu', klWeight}).apply(x) as tf.SymbolicTensor;
      break;
    }
    case 'vgg': {
      x = input;
      for (const filters of [32, 64, 128]) {
        x = conv({filters, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(x) as tf.SymbolicTensor;
        x = conv({filters, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(x) as tf.SymbolicTensor;
        x = tf.layers.maxPooling2d({poolSize: 2, strides: 2, padding: 'same'}).apply(x) as tf.SymbolicTensor;
      }
      x = tf.layers.flatten().apply(x) as tf.SymbolicTensor;
      x = denseFlipout({units: 256, activation: 'relu', klWeight}).apply(x) as tf.SymbolicTensor;
      break;
    }
    case 'resnet': {
      x = conv({filters: 32, kernelSize: 3, padding: 'same', activation: 'relu'}).apply(input) as tf.SymbolicTensor;
      for (const [filters, strides] of [[32, 1], [64, 2], [128, 2]] as const) {
        x = residualBlock(x, filters, strides, conv);
      }
      x = tf.layers.globalAveragePooling2d({}).apply(x) as tf.SymbolicTensor;
      break;
    }
    default:
      throw new Error(`Unknown architecture '${String(architecture)}'; valid: ${ARCHITECTURES.join(', ')}`);
  }
  const logits = denseFlipout({units: options.numClasses, klWeight}).apply(x) as tf.SymbolicTensor;
  const model = tf.model({inputs: input, outputs: logits, name: `bayesian_${architecture}`});
  if (options.posteriorInitScale !== undefined) setPosteriorScales(model, options.posteriorInitScale);
  return model;
}

/**
 * Sets every mean-field posterior's standard deviation to `scale`: its unconstrained weight u
 * (scale = eps + softplus(u)) becomes softplus^{-1}(scale - eps).
 */
export function setPosteriorScales(model: tf.LayersModel, scale: number): void {
  if (!(scale > FLOAT32_EPS) || !Number.isFinite(scale)) {
    throw new Error(`posteriorInitScale must be a finite number above 2^-23; received ${scale}`);
  }
  const untransformed = Math.log(Math.expm1(scale - FLOAT32_EPS));
  const weights = model.weights.filter((w) => w.originalName.endsWith('_posterior_untransformed_scale'));
  if (weights.length === 0) throw new Error(`setPosteriorScales: model ${model.name} has no posterior scale weights`);
  for (const w of weights) {
    const value = tf.fill(w.shape as number[], untransformed);
    w.write(value);
    value.dispose();
  }
}

/** Two Flipout 3x3 convolutions with batch norm and an identity (or 1x1 Flipout projection) shortcut. */
function residualBlock(
  x: tf.SymbolicTensor,
  filters: number,
  strides: number,
  conv: (args: Omit<FlipoutConv, 'klWeight'>) => tf.layers.Layer,
): tf.SymbolicTensor {
  let y = conv({filters, kernelSize: 3, strides, padding: 'same'}).apply(x) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({}).apply(y) as tf.SymbolicTensor;
  y = tf.layers.activation({activation: 'relu'}).apply(y) as tf.SymbolicTensor;
  y = conv({filters, kernelSize: 3, padding: 'same'}).apply(y) as tf.SymbolicTensor;
  y = tf.layers.batchNormalization({}).apply(y) as tf.SymbolicTensor;
  const channels = x.shape[x.shape.length - 1];
  const shortcut =
    strides === 1 && channels === filters
      ? x
      : (conv({filters, kernelSize: 1, strides, padding: 'same'}).apply(x) as tf.SymbolicTensor);
  const sum = tf.layers.add().apply([y, shortcut]) as tf.SymbolicTensor;
  return tf.layers.activation({activation: 'relu'}).apply(sum) as tf.SymbolicTensor;
}

/** Sum of the KL terms the Flipout layers contribute (already weighted by klWeight). */
export function klLoss(model: tf.LayersModel): tf.Scalar {
  const terms = model.calculateLosses();
  return (terms.length === 0 ? tf.scalar(0) : tf.addN(terms)) as tf.Scalar;
}

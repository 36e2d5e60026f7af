import * as tf from '@tensorflow/tfjs';

/** tfjs-layers' `LayerArgs` (name, inputShape, batchInputShape, trainable, ...). */
export type LayerArgs = NonNullable<ConstructorParameters<typeof tf.layers.Layer>[0]>;

/** A layer's `call` kwargs. */
export type Kwargs = Record<string, unknown>;

/** tfjs-layers' serialisable config dictionary. */
export type LayerConfig = tf.serialization.ConfigDict;

/** The single tensor of a one-input layer; `owner` names the layer in the error. */
export function singleTensor(owner: string, inputs: tf.Tensor | tf.Tensor[]): tf.Tensor {
  if (Array.isArray(inputs)) {
    if (inputs.length !== 1) throw new Error(`${owner}: expected one input tensor; received ${inputs.length}`);
    return inputs[0];
  }
  return inputs;
}

/** The single shape of a one-input layer. */
export function singleShape(owner: string, inputShape: tf.Shape | tf.Shape[]): tf.Shape {
  if (inputShape.length > 0 && Array.isArray(inputShape[0])) {
    const shapes = inputShape as tf.Shape[];
    if (shapes.length !== 1) throw new Error(`${owner}: expected one input; received ${shapes.length} input shapes`);
    return shapes[0];
  }
  return inputShape as tf.Shape;
}

/** +1/-1 with equal probability (TFP's `random_rademacher`). */
export function randomRademacher(shape: number[], seed?: number): tf.Tensor {
  return tf.tidy(() => tf.sub(tf.mul(tf.floor(tf.mul(tf.randomUniform(shape, 0, 1, 'float32', seed), 2)), 2), 1));
}

/** tfjs-layers' `Initializer` (not exported by name from @tensorflow/tfjs). */
export type Initializer = Exclude<NonNullable<Parameters<typeof tf.layers.dense>[0]['kernelInitializer']>, string>;

import * as tf from '@tensorflow/tfjs';

/** The tfjs-layers activation names the probabilistic layers accept (serialised by name). */
export type ActivationIdentifier =
  | 'linear'
  | 'relu'
  | 'relu6'
  | 'elu'
  | 'selu'
  | 'sigmoid'
  | 'hardSigmoid'
  | 'tanh'
  | 'softmax'
  | 'softplus'
  | 'softsign'
  | 'swish'
  | 'mish'
  | 'gelu';

const ACTIVATIONS: Record<ActivationIdentifier, (x: tf.Tensor) => tf.Tensor> = {
  linear: (x) => x,
  relu: (x) => tf.relu(x),
  relu6: (x) => tf.relu6(x),
  elu: (x) => tf.elu(x),
  selu: (x) => tf.selu(x),
  sigmoid: (x) => tf.sigmoid(x),
  hardSigmoid: (x) => tf.clipByValue(tf.add(tf.mul(0.2, x), 0.5), 0, 1),
  tanh: (x) => tf.tanh(x),
  softmax: (x) => tf.softmax(x),
  softplus: (x) => tf.softplus(x),
  softsign: (x) => tf.div(x, tf.add(tf.abs(x), 1)),
  swish: (x) => tf.mul(x, tf.sigmoid(x)),
  mish: (x) => tf.mul(x, tf.tanh(tf.softplus(x))),
  gelu: (x) => tf.mul(tf.mul(0.5, x), tf.add(1, tf.erf(tf.div(x, Math.SQRT2)))),
};

/** Looks up an activation by its tfjs-layers name; `owner` names the layer in the error. */
export function getActivation(owner: string, name: string | undefined): (x: tf.Tensor) => tf.Tensor {
  const key = (name ?? 'linear') as ActivationIdentifier;
  const fn = ACTIVATIONS[key];
  if (fn === undefined) {
    throw new Error(`${owner}: unknown activation '${name}'; expected one of ${Object.keys(ACTIVATIONS).join(', ')}`);
  }
  return fn;
}

import * as tf from '@tensorflow/tfjs';
import {klDivergence} from '@tfjs-probability/distributions';
import {distributionOf, KLDivergenceAddLoss, predictDistribution} from '@tfjs-probability/layers';
import {standardNormalPrior, Vae} from './model';

/**
 * Runs the layers of a Sequential model one by one on x. (`model.apply` runs inside a `tf.tidy` that
 * frees every intermediate tensor, including the parameters of a distribution layer's output, so
 * the attached distribution could not be used afterwards.) Call inside `tf.tidy` / `tf.variableGrads`.
 */
export function runLayers(model: tf.LayersModel, x: tf.Tensor, training: boolean): tf.Tensor {
  return model.layers.reduce((h, layer) => layer.apply(h, {training}) as tf.Tensor, x);
}

/**
 * The training objective on a batch x of n images, from one forward pass through the encoder
 * (z ~ q(z|x), reparameterized by its MultivariateNormalTriL layer) and the decoder:
 *   negative ELBO per example = mean_i[-log p(x_i|z_i)] + (1/n) sum_i KL[q(z|x_i) || p(z)],
 * where the KL is the encoder's KLDivergenceAddLoss (closed form, summed over the batch).
 * Call inside `tf.tidy` / `tf.variableGrads`.
 */
export function negativeElboLoss(model: Vae, x: tf.Tensor, training: boolean): {loss: tf.Scalar; nll: tf.Scalar; kl: tf.Scalar} {
  const z = runLayers(model.encoder, x, training);
  const likelihood = distributionOf(runLayers(model.decoder, z, training));
  const nll = tf.neg(tf.mean(likelihood.logProb(x))) as tf.Scalar;
  const klLayers = model.encoder.layers.filter((l) => l instanceof KLDivergenceAddLoss);
  if (klLayers.length !== 1) {
    throw new Error(`VAE: encoder '${model.encoder.name}' has ${klLayers.length} KLDivergenceAddLoss layers; expected one`);
  }
  const kl = tf.div(tf.addN(klLayers[0].calculateLosses()), x.shape[0]) as tf.Scalar;
  return {loss: tf.add(nll, kl) as tf.Scalar, nll, kl};
}

/** Per-example bounds on -log p(x), in nats. */
export interface Bounds {
  /** -ELBO = -mean_k log p(x|z_k) + KL[q(z|x) || p(z)] (closed-form KL, z_k ~ q(z|x)). */
  negativeElbo: tf.Tensor1D;
  /** -IWAE_k = -log (1/k) sum_k p(x, z_k) / q(z_k|x), from the same k draws. */
  negativeIwae: tf.Tensor1D;
}

/**
 * The ELBO and the importance-weighted bound of Burda et al. (2016) for a batch x of images, with k
 * draws z_k ~ q(z|x) per image. With log w_k = log p(x|z_k) + log p(z_k) - log q(z_k|x),
 * IWAE_k = logSumExp_k(log w_k) - log k >= mean_k log w_k, and E[IWAE_k] rises to log p(x) as k grows.
 */
export function bounds(model: Vae, x: tf.Tensor, k: number, seed: number): Bounds {
  if (!Number.isInteger(k) || k < 1) {
    throw new Error(`bounds: k (importance samples) must be a positive integer; received ${k}`);
  }
  return tf.tidy(() => {
    const n = x.shape[0];
    const q = predictDistribution(model.encoder, x);
    const latentDim = q.eventShape[0];
    const prior = standardNormalPrior(latentDim);
    const z = q.sample([k], seed); // [k, n, d]
    const logQ = q.logProb(z); // [k, n]
    const logPz = prior.logProb(z);
    const likelihood = predictDistribution(model.decoder, tf.reshape(z, [k * n, latentDim]));
    const xs = tf.reshape(tf.tile(tf.expandDims(x, 0), [k, ...x.shape.map(() => 1)]), [k * n, ...x.shape.slice(1)]);
    const logPx = tf.reshape(likelihood.logProb(xs), [k, n]);
    const kl = klDivergence(q, prior);
    const negativeElbo = tf.sub(kl, tf.mean(logPx, 0)) as tf.Tensor1D;
    const logW = tf.add(logPx, tf.sub(logPz, logQ));
    const negativeIwae = tf.neg(tf.sub(tf.logSumExp(logW, 0), Math.log(k))) as tf.Tensor1D;
    return {negativeElbo, negativeIwae};
  });
}

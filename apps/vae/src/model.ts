import * as tf from '@tensorflow/tfjs';
import {Distribution, MultivariateNormalDiag} from '@tfjs-probability/distributions';
import {
  independentBernoulli,
  IndependentBernoulli,
  klDivergenceAddLoss,
  multivariateNormalTriL,
  MultivariateNormalTriL,
  registerLayerFunction,
} from '@tfjs-probability/layers';

export interface VaeOptions {
  /** [height, width, channels] of the images. */
  imageShape: [number, number, number];
  /** Dimension of the latent code z. */
  latentDim: number;
  /** Units of the encoder's hidden dense layers; the decoder mirrors them. */
  hiddenUnits: number[];
}

/** The three models of a VAE: `vae` is decoder(encoder(x)), sharing their layers. */
export interface Vae {
  encoder: tf.LayersModel;
  decoder: tf.LayersModel;
  vae: tf.LayersModel;
}

/** The registered name of the standard normal prior of a latent space of size `latentDim`. */
export function priorName(latentDim: number): string {
  return `vaeStandardNormalPrior${latentDim}`;
}

/** p(z) = N(0, I_latentDim), as the MultivariateNormalDiag TFP's VAE example uses. */
export function standardNormalPrior(latentDim: number): Distribution {
  return new MultivariateNormalDiag({loc: tf.zeros([latentDim])});
}

/**
 * Registers the prior maker under `priorName(latentDim)`, so that the encoder's KL layer can be
 * saved (its config records the name) and loaded again.
 */
export function registerPrior(latentDim: number): string {
  if (!Number.isInteger(latentDim) || latentDim < 1) {
    throw new Error(`VAE: latentDim must be a positive integer; received ${latentDim}`);
  }
  const name = priorName(latentDim);
  registerLayerFunction(name, () => standardNormalPrior(latentDim));
  return name;
}

/**
 * A VAE after TFP's `vae` example, with dense networks:
 *   encoder: x -> flatten -> dense(h_1, relu) ... -> MultivariateNormalTriL q(z|x)
 *            -> KLDivergenceAddLoss(KL[q(z|x) || N(0, I)], closed form, summed over the batch)
 *   decoder: z -> dense(h_k, relu) ... -> dense(prod(imageShape)) logits -> IndependentBernoulli p(x|z)
 * `vae` nests the two, so that one model saves and loads both (`splitVae` finds them again).
 * The encoder's output tensor is a reparameterized sample z ~ q(z|x); the decoder's is the
 * Bernoulli means (the distribution itself is attached, see `distributionOf`).
 */
export function buildVae(options: VaeOptions): Vae {
  const {imageShape, latentDim, hiddenUnits} = options;
  if (hiddenUnits.length === 0 || hiddenUnits.some((u) => !Number.isInteger(u) || u < 1)) {
    throw new Error(`VAE: hiddenUnits must be a non-empty list of positive integers; received [${hiddenUnits}]`);
  }
  const prior = registerPrior(latentDim);
  const pixels = imageShape.reduce((a, b) => a * b, 1);

  const encoder = tf.sequential({name: 'encoder'});
  encoder.add(tf.layers.flatten({inputShape: imageShape}));
  for (const units of hiddenUnits) encoder.add(tf.layers.dense({units, activation: 'relu'}));
  encoder.add(tf.layers.dense({units: MultivariateNormalTriL.paramsSize(latentDim), name: 'posterior_params'}));
  encoder.add(multivariateNormalTriL({eventSize: latentDim, name: 'posterior'}));
  encoder.add(klDivergenceAddLoss({distributionB: prior, useExactKl: true, name: 'kl_to_prior'}));

  const decoder = tf.sequential({name: 'decoder'});
  [...hiddenUnits].reverse().forEach((units, i) =>
    decoder.add(tf.layers.dense(i === 0 ? {units, activation: 'relu', inputShape: [latentDim]} : {units, activation: 'relu'})),
  );
  decoder.add(tf.layers.dense({units: IndependentBernoulli.paramsSize(pixels), name: 'logits'}));
  decoder.add(independentBernoulli({eventShape: imageShape, convertToTensorFn: 'mean', name: 'likelihood'}));

  const input = tf.input({shape: imageShape, name: 'images'});
  const output = decoder.apply(encoder.apply(input)) as tf.SymbolicTensor;
  const vae = tf.model({inputs: input, outputs: output, name: 'vae'});
  return {encoder, decoder, vae};
}

/** The encoder and decoder of a VAE built by `buildVae` (or loaded from its saved form). */
export function splitVae(vae: tf.LayersModel): Vae {
  const find = (name: string): tf.LayersModel => {
    const layer = vae.layers.find((l) => l.name === name);
    if (!(layer instanceof tf.LayersModel)) {
      throw new Error(`VAE: model '${vae.name}' has no nested model '${name}'; expected one built by buildVae`);
    }
    return layer;
  };
  return {encoder: find('encoder'), decoder: find('decoder'), vae};
}

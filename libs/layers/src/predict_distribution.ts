import * as tf from '@tensorflow/tfjs';
import {Distribution} from '@tfjs-probability/distributions';
import {DistributionLayer} from './distribution_layer';
import {KLDivergenceAddLoss} from './kl_divergence_add_loss';

const paramsModels = new WeakMap<tf.LayersModel, {layer: DistributionLayer; params: tf.LayersModel | undefined}>();

function symbolicInput(layer: tf.layers.Layer): tf.SymbolicTensor {
  const input = layer.input;
  if (Array.isArray(input)) {
    throw new Error(`predictDistribution: layer '${layer.name}' has ${input.length} inputs; expected one`);
  }
  return input;
}

/** The distribution layer behind the model's (single) output, through pass-through KL layers. */
function outputDistributionLayer(model: tf.LayersModel): {layer: DistributionLayer; params: tf.LayersModel | undefined} {
  const cached = paramsModels.get(model);
  if (cached !== undefined) return cached;
  if (model.outputs.length !== 1) {
    throw new Error(`predictDistribution: model '${model.name}' has ${model.outputs.length} outputs; expected one`);
  }
  let layer = model.outputs[0].sourceLayer as tf.layers.Layer;
  while (layer instanceof KLDivergenceAddLoss) layer = symbolicInput(layer).sourceLayer as tf.layers.Layer;
  if (!(layer instanceof DistributionLayer)) {
    throw new Error(
      `predictDistribution: the output of model '${model.name}' comes from ${layer.getClassName()} '${layer.name}'; ` +
        'expected a distribution layer (DistributionLambda, IndependentNormal, ...)',
    );
  }
  const paramsTensor = symbolicInput(layer);
  const params = model.inputs.includes(paramsTensor) ? undefined : tf.model({inputs: model.inputs, outputs: paramsTensor});
  const entry = {layer, params};
  paramsModels.set(model, entry);
  return entry;
}

/**
 * The predictive distribution of a model whose output layer is a distribution layer, for inputs x:
 * the layers before it run as in `predict` (variational layers draw their weights once), then the
 * layer builds its distribution from the params. (`model.predict` returns only the output tensor:
 * tfjs-layers frees a model's intermediate tensors, including the distribution's parameters.) The
 * distribution's tensors live in the caller's scope: call inside `tf.tidy` and return what you keep,
 * e.g. `tf.tidy(() => { const d = predictDistribution(model, x); return [d.mean(), d.stddev()]; })`.
 */
export function predictDistribution(model: tf.LayersModel, x: tf.Tensor | tf.Tensor[]): Distribution {
  const {layer, params} = outputDistributionLayer(model);
  const inputs = Array.isArray(x) ? x : [x];
  const p = params === undefined ? inputs[0] : (params.predict(x) as tf.Tensor);
  return layer.distribution(p);
}

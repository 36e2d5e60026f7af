import * as tf from '@tensorflow/tfjs';
import {LayerConfig} from './internal/layer_args';
import {FLOAT32_EPS} from './util';
import {Conv1DFlipout, Conv2DFlipout, Conv3DFlipout} from './conv_flipout';
import {Conv1DReparameterization, Conv2DReparameterization, Conv3DReparameterization} from './conv_reparameterization';
import {DenseFlipout} from './dense_flipout';
import {DenseReparameterization} from './dense_reparameterization';

export interface DnnToBnnOptions {
  /** Which variational layers replace Dense/Conv: 'flipout' (default) or 'reparameterization'. */
  estimator?: 'flipout' | 'reparameterization';
  /** Initial posterior standard deviation of every converted weight; default 1e-3. */
  posteriorScale?: number;
  /** Prior centre: 'weights' (the deterministic weights, default) or 'zero'. */
  priorCentre?: 'weights' | 'zero';
  /** Prior standard deviation; default 1. */
  priorScale?: number;
  /** Multiplies each layer's KL; 1 / numExamples gives the per-example ELBO. Default 1. */
  klWeight?: number;
  /** Names of Dense/Conv layers to keep deterministic. */
  exclude?: string[];
  /** Base seed of the converted layers (layer i gets seed + i). */
  seed?: number;
}

const CONVERSIONS: Record<string, {flipout: string; reparameterization: string; conv: boolean}> = {
  Dense: {flipout: DenseFlipout.className, reparameterization: DenseReparameterization.className, conv: false},
  Conv1D: {flipout: Conv1DFlipout.className, reparameterization: Conv1DReparameterization.className, conv: true},
  Conv2D: {flipout: Conv2DFlipout.className, reparameterization: Conv2DReparameterization.className, conv: true},
  Conv3D: {flipout: Conv3DFlipout.className, reparameterization: Conv3DReparameterization.className, conv: true},
};

interface LayerEntry {
  className: string;
  config: LayerConfig;
  [key: string]: unknown;
}

function positive(name: string, value: number | undefined, fallback: number): number {
  const v = value ?? fallback;
  if (!(Number.isFinite(v) && v > 0)) throw new Error(`dnnToBnn: ${name} must be a finite number > 0; received ${value}`);
  return v;
}

/**
 * Converts a trained deterministic tf.layers model into a Bayesian one: each Dense / Conv1D / Conv2D /
 * Conv3D layer becomes its Flipout (or Reparameterization) counterpart with the same name, shape and
 * activation, a mean-field normal posterior whose means are the trained weights and whose scale is
 * `posteriorScale`, and a normal prior N(weights or 0, priorScale^2) stored as non-trainable weights
 * (so the model saves and loads); the KL (times klWeight) joins `fit`'s loss. Other layers are cloned
 * with their weights. The input model is not modified.
 */
export function dnnToBnn(model: tf.LayersModel, options: DnnToBnnOptions = {}): tf.LayersModel {
  if (!(model instanceof tf.LayersModel)) {
    throw new Error(`dnnToBnn: expected a tf.LayersModel (tf.sequential or tf.model); received ${String(model)}`);
  }
  const estimator = options.estimator ?? 'flipout';
  if (estimator !== 'flipout' && estimator !== 'reparameterization') {
    throw new Error(`dnnToBnn: estimator must be 'flipout' or 'reparameterization'; received ${String(estimator)}`);
  }
  const posteriorScale = positive('posteriorScale', options.posteriorScale, 1e-3);
  const priorScale = positive('priorScale', options.priorScale, 1);
  const priorCentre = options.priorCentre ?? 'weights';
  if (priorCentre !== 'weights' && priorCentre !== 'zero') {
    throw new Error(`dnnToBnn: priorCentre must be 'weights' or 'zero'; received ${String(priorCentre)}`);
  }
  const klWeight = options.klWeight ?? 1;
  const exclude = new Set(options.exclude ?? []);

  const modelConfig = model.getConfig() as LayerConfig;
  const entries = modelConfig.layers as unknown as LayerEntry[];
  const converted = new Set<string>();
  const newEntries = entries.map((entry, i) => {
    const conversion = CONVERSIONS[entry.className];
    const name = entry.config.name as string;
    if (conversion === undefined || exclude.has(name)) return entry;
    const c = entry.config;
    if (c.activation !== undefined && typeof c.activation !== 'string') {
      throw new Error(`dnnToBnn: layer '${name}' has a non-serialisable activation`);
    }
    if (conversion.conv && c.padding === 'causal') {
      throw new Error(`dnnToBnn: layer '${name}' uses padding 'causal', which the variational conv layers do not support; exclude it`);
    }
    converted.add(name);
    const config: LayerConfig = {
      name,
      trainable: c.trainable ?? true,
      ...(c.batchInputShape === undefined ? {} : {batchInputShape: c.batchInputShape}),
      activation: c.activation ?? 'linear',
      kernelPriorFn: 'fixedNormal',
      biasPosteriorFn: c.useBias === false ? null : 'meanFieldNormalSingular',
      klWeight,
      ...(options.seed === undefined ? {} : {seed: options.seed + i}),
      ...(conversion.conv
        ? {
            filters: c.filters,
            kernelSize: c.kernelSize,
            strides: c.strides,
            padding: c.padding,
            dataFormat: c.dataFormat,
            dilationRate: c.dilationRate,
          }
        : {units: c.units}),
    };
    return {...entry, className: conversion[estimator], config};
  });
  const Cls = model instanceof tf.Sequential ? tf.Sequential : tf.LayersModel;
  const bnn = Cls.fromConfig(Cls, {...modelConfig, layers: newEntries} as unknown as tf.serialization.ConfigDict) as tf.LayersModel;

  const untransformed = Math.log(Math.expm1(posteriorScale - FLOAT32_EPS));
  for (const layer of model.layers) {
    const target = bnn.getLayer(layer.name);
    const weights = layer.getWeights(); // the live variables: read, never disposed
    if (!converted.has(layer.name)) {
      target.setWeights(weights);
      continue;
    }
    const [kernel, bias] = weights;
    const values = target.weights.map((w) => {
      const suffix = w.name.slice(w.name.lastIndexOf('/') + 1).replace(/_\d+$/, '');
      switch (suffix) {
        case 'kernel_posterior_loc':
          return kernel.clone();
        case 'kernel_posterior_untransformed_scale':
          return tf.fill(kernel.shape, untransformed);
        case 'kernel_prior_loc':
          return priorCentre === 'weights' ? kernel.clone() : tf.zerosLike(kernel);
        case 'kernel_prior_scale':
          return tf.fill(kernel.shape, priorScale);
        case 'bias_posterior_loc':
          return bias.clone();
        default:
          throw new Error(`dnnToBnn: unexpected weight '${w.name}' in converted layer '${layer.name}'`);
      }
    });
    target.setWeights(values);
    tf.dispose(values);
  }
  return bnn;
}

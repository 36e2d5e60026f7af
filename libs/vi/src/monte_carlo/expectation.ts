import * as tf from '@tensorflow/tfjs';
import {stopGradient} from '../internal/stop_gradient';
import {mapStructure, TensorStructure} from '../internal/structure';

export interface ExpectationOptions<S extends TensorStructure> {
  /** The integrand; maps samples to values with the samples' leading (iid) axes. */
  f: (samples: S) => tf.Tensor;
  /** Draws x_i ~ p, iid along `axis` of f's result. */
  samples: S;
  /** log p(x); needed when `useReparameterization` is false. */
  logProb?: (samples: S) => tf.Tensor;
  /**
   * True (default): the samples are differentiable functions of p's parameters and the gradient
   * flows through them. False: the score-function (REINFORCE) surrogate is used instead.
   */
  useReparameterization?: boolean;
  /** The axis of f's result holding the iid draws; default 0. */
  axis?: number;
  keepDims?: boolean;
}

/**
 * Monte Carlo estimate of E_p[f(X)] ~= mean_i f(x_i) (TFP's `tfp.monte_carlo.expectation`).
 *
 * Without reparameterization the samples are cut from the graph and the estimate is the mean of
 * f(x) exp(log p(x) - stop(log p(x))): the same value, whose gradient is the unbiased
 * score-function estimate mean_i [grad f(x_i) + f(x_i) grad log p(x_i)] of grad E_p[f].
 */
export function expectation<S extends TensorStructure>(options: ExpectationOptions<S>): tf.Tensor {
  const {f, samples, logProb} = options;
  if (typeof f !== 'function') {
    throw new Error(`expectation: f must be a function of the samples; received ${String(f)}`);
  }
  if (samples === undefined || samples === null) {
    throw new Error('expectation: samples are required (a tensor, or an array or object of tensors)');
  }
  const useReparameterization = options.useReparameterization ?? true;
  if (typeof useReparameterization !== 'boolean') {
    throw new Error(`expectation: useReparameterization must be a boolean; received ${String(useReparameterization)}`);
  }
  if (!useReparameterization && typeof logProb !== 'function') {
    throw new Error('expectation: logProb (a function of the samples) is required when useReparameterization is false');
  }
  const axis = options.axis ?? 0;
  const keepDims = options.keepDims ?? false;
  return tf.tidy(() => {
    if (useReparameterization) {
      return tf.mean(f(samples), axis, keepDims);
    }
    const x = mapStructure(samples, stopGradient);
    const logpx = (logProb as (s: S) => tf.Tensor)(x);
    const fx = f(x);
    // exp(logpx - stop(logpx)) is 1 in value; its gradient is grad log p(x).
    const dice = tf.mul(fx, tf.exp(tf.sub(logpx, stopGradient(logpx))));
    return tf.mean(dice, axis, keepDims);
  });
}

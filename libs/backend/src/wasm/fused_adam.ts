import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {heapAddress, simdKernels} from './simd_kernels';

/** The fused Adam update's kernel name (inputs value, m, v, gradient and the two 1 - beta^t scalars). */
export const ADAM_UPDATE = 'TfpAdamUpdate';

export interface AdamUpdateAttrs {
  beta1: number;
  beta2: number;
  epsilon: number;
  learningRate: number;
}

/**
 * TfpAdamUpdate for 'wasm': one pass over a variable computing what tfjs's AdamOptimizer
 * computes with ten kernels, rounded to float32 after every operation as those kernels round,
 * so the results are bit-identical:
 *   m' = b1 m + (1 - b1) g,  v' = b2 v + (1 - b2) g^2,
 *   value' = value - lr (m' / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps).
 * Outputs [value', m', v'].
 */
export const adamUpdateConfig: tf.KernelConfig = {
  kernelName: ADAM_UPDATE,
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const wasm = backend as BackendWasm;
    const {value, m, v, gradient, oneMinusAccBeta1, oneMinusAccBeta2} = inputs as Record<string, tf.TensorInfo>;
    for (const [name, info] of Object.entries({m, v, gradient})) {
      if (info.dtype !== 'float32' || !tf.util.arraysEqual(info.shape, value.shape) || value.dtype !== 'float32') {
        throw new Error(
          `${ADAM_UPDATE}: ${name} must be float32 of the variable's shape ${JSON.stringify(value.shape)} ` +
            `(float32), got ${info.dtype} ${JSON.stringify(info.shape)} for a ${value.dtype} variable`,
        );
      }
    }
    const {beta1, beta2, epsilon, learningRate} = attrs as unknown as AdamUpdateAttrs;
    const outputs = [value, m, v].map(() => wasm.makeOutput(value.shape, 'float32'));
    // Views are taken after makeOutput, which may grow (and so detach) the wasm heap.
    const [newValue, newM, newV] = outputs.map((o) => wasm.typedArrayFromHeap(o) as Float32Array);
    const w = wasm.typedArrayFromHeap(value) as Float32Array;
    const m0 = wasm.typedArrayFromHeap(m) as Float32Array;
    const v0 = wasm.typedArrayFromHeap(v) as Float32Array;
    const g = wasm.typedArrayFromHeap(gradient) as Float32Array;
    const f = Math.fround;
    // The scalars as tfjs makes them: float32 tensors of the JS numbers.
    const b1 = f(beta1);
    const c1 = f(1 - beta1);
    const b2 = f(beta2);
    const c2 = f(1 - beta2);
    const eps = f(epsilon);
    const step = f(-learningRate);
    const d1 = (wasm.typedArrayFromHeap(oneMinusAccBeta1) as Float32Array)[0];
    const d2 = (wasm.typedArrayFromHeap(oneMinusAccBeta2) as Float32Array)[0];
    const simd = forceJs ? null : simdKernels(wasm);
    let first = 0;
    if (simd !== null) {
      // The SIMD kernel takes whole groups of 4; the JS loop below finishes the rest.
      first = w.length - (w.length % 4);
      const [a, b, c, d] = [value, m, v, gradient].map((info) => heapAddress(wasm, info.dataId));
      const [e, h, k] = outputs.map((info) => heapAddress(wasm, info.dataId));
      simd.adamUpdate(a, b, c, d, e, h, k, first, b1, c1, b2, c2, eps, step, d1, d2);
    }
    for (let i = first; i < w.length; i++) {
      const gi = g[i];
      const mi = f(f(m0[i] * b1) + f(gi * c1));
      const vi = f(f(v0[i] * b2) + f(f(gi * gi) * c2));
      const denominator = f(f(Math.sqrt(f(vi / d2))) + eps);
      newValue[i] = f(f(f(f(mi / d1) / denominator) * step) + w[i]);
      newM[i] = mi;
      newV[i] = vi;
    }
    return outputs;
  },
};

let forceJs = false;

/** Makes TfpAdamUpdate keep to its JS loop even where the SIMD kernel applies (tests). */
export function forceJsAdamUpdate(force: boolean): void {
  forceJs = force;
}

/** The AdamOptimizer fields tfjs keeps protected, which the fused update reads and writes. */
interface AdamState {
  learningRate: number;
  beta1: number;
  beta2: number;
  epsilon: number;
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: {originalName: string; variable: tf.Variable}[];
  accumulatedSecondMoment: {originalName: string; variable: tf.Variable}[];
  incrementIterations(): void;
}

/** A gradient list entry as tfjs's optimizers take it (tfjs-core's NamedTensor). */
interface NamedGradient {
  name: string;
  tensor: tf.Tensor;
}

type Gradients = tf.NamedTensorMap | NamedGradient[];
type ApplyGradients = (this: tf.AdamOptimizer, gradients: Gradients) => void;

let installed = false;

/**
 * Makes tf.train.adam's optimizer update each float32 variable with one TfpAdamUpdate kernel
 * while the wasm backend is active (the stock update runs ~10 kernels per variable: 116
 * kernel calls and ~18 ms of CPU per reference-CNN step). Everything else is tfjs's own
 * AdamOptimizer.applyGradients: the same moment variables ('<name>/m', '<name>/v'), created
 * the same way, the same beta powers, the same iteration count, and bit-identical values. On
 * other backends, and for variables that are not float32, the stock code runs. Idempotent.
 */
export function installFusedAdam(): void {
  if (installed) {
    return;
  }
  installed = true;
  const prototype = tf.AdamOptimizer.prototype as unknown as {applyGradients: ApplyGradients};
  const stock = prototype.applyGradients;
  prototype.applyGradients = function (this: tf.AdamOptimizer, variableGradients) {
    const usable =
      tf.getBackend() === 'wasm' &&
      tf.getKernel(ADAM_UPDATE, 'wasm') !== undefined &&
      gradientList(variableGradients).every(({name, tensor}) => {
        const variable = tf.engine().registeredVariables[name];
        return tensor == null || (variable?.dtype === 'float32' && tensor.dtype === 'float32');
      });
    if (!usable) {
      return stock.call(this, variableGradients);
    }
    fusedApplyGradients(this as unknown as AdamState, gradientList(variableGradients));
  };
}

function gradientList(gradients: Gradients): {name: string; tensor: tf.Tensor | undefined}[] {
  return Array.isArray(gradients)
    ? gradients.map((g) => ({name: g.name, tensor: g.tensor}))
    : Object.keys(gradients).map((name) => ({name, tensor: gradients[name]}));
}

/** tfjs 4.22's AdamOptimizer.applyGradients with the per-variable arithmetic in one kernel. */
function fusedApplyGradients(state: AdamState, gradients: {name: string; tensor: tf.Tensor | undefined}[]): void {
  tf.tidy(() => {
    const oneMinusAccBeta1 = tf.sub(1, state.accBeta1);
    const oneMinusAccBeta2 = tf.sub(1, state.accBeta2);
    gradients.forEach(({name, tensor: gradient}, i) => {
      const value = tf.engine().registeredVariables[name];
      if (state.accumulatedFirstMoment[i] == null) {
        state.accumulatedFirstMoment[i] = {originalName: `${name}/m`, variable: tf.tidy(() => tf.zerosLike(value).variable(false))};
      }
      if (state.accumulatedSecondMoment[i] == null) {
        state.accumulatedSecondMoment[i] = {originalName: `${name}/v`, variable: tf.tidy(() => tf.zerosLike(value).variable(false))};
      }
      if (gradient == null) {
        return;
      }
      const firstMoment = state.accumulatedFirstMoment[i].variable;
      const secondMoment = state.accumulatedSecondMoment[i].variable;
      const attrs: AdamUpdateAttrs = {
        beta1: state.beta1,
        beta2: state.beta2,
        epsilon: state.epsilon,
        learningRate: state.learningRate,
      };
      const [newValue, newFirstMoment, newSecondMoment] = tf.engine().runKernel(
        ADAM_UPDATE,
        {value, m: firstMoment, v: secondMoment, gradient, oneMinusAccBeta1, oneMinusAccBeta2},
        attrs as unknown as tf.NamedAttrMap,
      ) as tf.Tensor[];
      firstMoment.assign(newFirstMoment);
      secondMoment.assign(newSecondMoment);
      value.assign(newValue);
    });
    state.accBeta1.assign(tf.mul(state.accBeta1, state.beta1));
    state.accBeta2.assign(tf.mul(state.accBeta2, state.beta2));
  });
  state.incrementIterations();
}

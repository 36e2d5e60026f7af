import * as tf from '@tensorflow/tfjs';
import {tril, triangularSolve} from '@tfjs-probability/math';
import {FUSED_KERNEL_BACKENDS, inputValues, Outputs, warmUp} from './fused_log_prob';

/**
 * MultivariateNormalTriL's quadratic form for points x [m, d], one mean loc [d] and one
 * lower-triangular L [d, d] (only its lower triangle is read), as two kernels:
 *
 * - `TfpMvnTrilSolve`: z_r = L^-1 (x_r - loc), float64 substitution on 8 rows at once
 *   (independent dependency chains), rounded to float32 once. Gradient, for upstream dz
 *   [m, d]: d/dL = -tril(L^-T S) with S = sum_r dz_r z_r^T (one [d, m] x [m, d] product),
 *   d/dloc = -L^-T sum_r dz_r, d/dx_r = L^-T dz_r (computed only when asked for). The op-by-op
 *   form (subtract, then math's row solve) needs the m-row solve L^-T dz_r for the mean's gradient
 *   too; here only d x d solves.
 * - `TfpHalfSquaredNorm`: q_r = -|z_r|^2 / 2 per row (float64 sum); gradient -dy_r z_r.
 *
 * The gradients are tf ops of the saved inputs and outputs, so they have gradients themselves.
 */
export const MVN_TRIL_SOLVE_KERNEL = 'TfpMvnTrilSolve';
export const HALF_SQUARED_NORM_KERNEL = 'TfpHalfSquaredNorm';

/** Rows of the substitution: 8 independent chains (V8 keeps them in registers). */
function solveRows(x: Float32Array, loc: Float32Array, l: Float32Array, m: number, d: number, z: Float32Array): void {
  const lower = new Float64Array(d * d);
  const reciprocal = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) lower[i * d + j] = l[i * d + j];
    reciprocal[i] = 1 / l[i * d + i];
  }
  const mu = Float64Array.from(loc);
  const zz = new Float64Array(8 * d);
  let r = 0;
  for (; r + 8 <= m; r += 8) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      const li = i * d;
      const c = mu[i];
      let a0 = x[o + i] - c;
      let a1 = x[o + d + i] - c;
      let a2 = x[o + 2 * d + i] - c;
      let a3 = x[o + 3 * d + i] - c;
      let a4 = x[o + 4 * d + i] - c;
      let a5 = x[o + 5 * d + i] - c;
      let a6 = x[o + 6 * d + i] - c;
      let a7 = x[o + 7 * d + i] - c;
      for (let j = 0; j < i; j++) {
        const lij = lower[li + j];
        const b = j * 8;
        a0 -= lij * zz[b];
        a1 -= lij * zz[b + 1];
        a2 -= lij * zz[b + 2];
        a3 -= lij * zz[b + 3];
        a4 -= lij * zz[b + 4];
        a5 -= lij * zz[b + 5];
        a6 -= lij * zz[b + 6];
        a7 -= lij * zz[b + 7];
      }
      const ri = reciprocal[i];
      a0 *= ri;
      a1 *= ri;
      a2 *= ri;
      a3 *= ri;
      a4 *= ri;
      a5 *= ri;
      a6 *= ri;
      a7 *= ri;
      const b = i * 8;
      zz[b] = a0;
      zz[b + 1] = a1;
      zz[b + 2] = a2;
      zz[b + 3] = a3;
      zz[b + 4] = a4;
      zz[b + 5] = a5;
      zz[b + 6] = a6;
      zz[b + 7] = a7;
      z[o + i] = a0;
      z[o + d + i] = a1;
      z[o + 2 * d + i] = a2;
      z[o + 3 * d + i] = a3;
      z[o + 4 * d + i] = a4;
      z[o + 5 * d + i] = a5;
      z[o + 6 * d + i] = a6;
      z[o + 7 * d + i] = a7;
    }
  }
  for (; r < m; r++) {
    const o = r * d;
    for (let i = 0; i < d; i++) {
      let a = x[o + i] - mu[i];
      for (let j = 0; j < i; j++) a -= lower[i * d + j] * zz[j];
      a *= reciprocal[i];
      zz[i] = a;
      z[o + i] = a;
    }
  }
}

/** q_r = -|z_r|^2 / 2 for the m rows of z [m, d], in float64. */
function halfSquaredNorms(z: Float32Array, m: number, d: number, q: Float32Array): void {
  for (let r = 0, o = 0; r < m; r++, o += d) {
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < d; i += 2) {
      s0 += z[o + i] * z[o + i];
      s1 += z[o + i + 1] * z[o + i + 1];
    }
    if (i < d) s0 += z[o + i] * z[o + i];
    q[r] = -0.5 * (s0 + s1);
  }
}

let registered = false;

function register(): void {
  if (registered) return;
  registered = true;
  // 9 rows of 3: the 8-row and single-row paths, odd and even d (see warmUp).
  warmUp(() => {
    const x = Float32Array.from({length: 27}, (_, i) => Math.sin(i));
    const l = Float32Array.from([1, 0, 0, 0.5, 2, 0, -0.3, 0.2, 1.5]);
    const z = new Float32Array(27);
    solveRows(x, new Float32Array(3), l, 9, 3, z);
    halfSquaredNorms(z, 9, 3, new Float32Array(9));
    halfSquaredNorms(z, 13, 2, new Float32Array(13));
  });
  for (const backendName of FUSED_KERNEL_BACKENDS) {
    if (tf.getKernel(MVN_TRIL_SOLVE_KERNEL, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: MVN_TRIL_SOLVE_KERNEL,
      backendName,
      kernelFunc: ({inputs, backend}) => {
        const x = inputs.x as tf.TensorInfo;
        const [m, d] = x.shape;
        const outputs = new Outputs(backend, [[m, d]]);
        const values = [x, inputs.loc as tf.TensorInfo, inputs.scaleTril as tf.TensorInfo].map((info) => inputValues(backend, info));
        solveRows(values[0], values[1], values[2], m, d, outputs.arrays[0]);
        return outputs.finish()[0];
      },
    });
    tf.registerKernel({
      kernelName: HALF_SQUARED_NORM_KERNEL,
      backendName,
      kernelFunc: ({inputs, backend}) => {
        const zInfo = inputs.z as tf.TensorInfo;
        const [m, d] = zInfo.shape;
        const outputs = new Outputs(backend, [[m]]);
        halfSquaredNorms(inputValues(backend, zInfo), m, d, outputs.arrays[0]);
        return outputs.finish()[0];
      },
    });
  }
  if (tf.getGradient(MVN_TRIL_SOLVE_KERNEL) !== undefined) return;
  tf.registerGradient({
    kernelName: MVN_TRIL_SOLVE_KERNEL,
    inputsToSave: ['scaleTril'],
    outputsToSave: [true],
    gradFunc: (dz, saved) => {
      const [l, z] = saved;
      const g = dz as tf.Tensor;
      const [m, d] = z.shape;
      return {
        x: () => tf.reshape(triangularSolve(l, tf.expandDims(g, -1), true, true), [m, d]),
        loc: () => tf.neg(tf.reshape(triangularSolve(l, tf.reshape(tf.sum(g, 0), [d, 1]), true, true), [d])),
        scaleTril: () => tf.neg(tril(triangularSolve(l, tf.matMul(g, z, true, false), true, true))),
      };
    },
  });
  tf.registerGradient({
    kernelName: HALF_SQUARED_NORM_KERNEL,
    inputsToSave: ['z'],
    gradFunc: (dy, saved) => {
      const [z] = saved;
      return {z: () => tf.mul(z, tf.neg(tf.expandDims(dy as tf.Tensor, -1)))};
    },
  });
}

/** -|L^-1 (x_r - loc)|^2 / 2 for each row of x [m, d] (loc [d], L [d, d] lower triangular). */
export function mvnTrilHalfMahalanobis(x: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor): tf.Tensor {
  register();
  const z = tf.engine().runKernel(MVN_TRIL_SOLVE_KERNEL, {x, loc, scaleTril}, {}) as tf.Tensor;
  return tf.engine().runKernel(HALF_SQUARED_NORM_KERNEL, {z}, {}) as tf.Tensor;
}

import * as tf from '@tensorflow/tfjs';
import {tril, triangularSolve} from '@tfjs-probability/math';
import {FUSED_KERNEL_BACKENDS, inputValues, Outputs, warmUp} from './fused_log_prob';

/**
 * MultivariateNormalTriL's quadratic form for points x [m, d], one mean loc [d] and one
 * lower-triangular L [d, d] (only its lower triangle is read), as two kernels:
 *
 * - `TfpMvnTrilSolve`: z_r = L^-1 (x_r - loc), float64 substitution on 8 rows at once
 *   (independent dependency chains), rounded to float32 once; on wasm from 256 x 24, one float32
 *   product by L^-T (formed in float64), as accurate as a float32 substitution (solveByProduct).
 *   Also each row's |z_r|^2 and each column's sum (SolveExtras). Gradient, for upstream dz
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
/** Column sums of an [m, d] matrix in float64 (the mean's gradient; wasm's Sum over axis 0 took ~10 ms for 1e5 x 32). */
const COLUMN_SUMS_KERNEL = 'TfpColumnSums';

/** op(L) in float64: the strict lower triangle (row-major) and the reciprocal diagonal. */
function factorValues(l: Float32Array, d: number): [Float64Array, Float64Array] {
  const lower = new Float64Array(d * d);
  const reciprocal = new Float64Array(d);
  for (let i = 0; i < d; i++) {
    for (let j = 0; j < i; j++) lower[i * d + j] = l[i * d + j];
    reciprocal[i] = 1 / l[i * d + i];
  }
  return [lower, reciprocal];
}

/**
 * Columns [jb, je) of z_r = L^-1 (x_r - mu) for all m rows, by substitution within the block, in
 * float64 on 8 rows at once (independent dependency chains); `cp` (m x w, w = je - jb), when given,
 * holds each row's coupling to the columns before jb, sum_(j < jb) L_ij z_rj, already computed.
 */
function solveRows(
  x: Float32Array,
  mu: Float64Array,
  lower: Float64Array,
  reciprocal: Float64Array,
  m: number,
  d: number,
  jb: number,
  je: number,
  cp: Float32Array | null,
  z: Float32Array,
  norms: Float64Array,
  colsums: Float64Array,
): void {
  const w = je - jb;
  const zz = new Float64Array(8 * d);
  let r = 0;
  for (; r + 8 <= m; r += 8) {
    const o = r * d;
    const co = r * w;
    let n0 = norms[r];
    let n1 = norms[r + 1];
    let n2 = norms[r + 2];
    let n3 = norms[r + 3];
    let n4 = norms[r + 4];
    let n5 = norms[r + 5];
    let n6 = norms[r + 6];
    let n7 = norms[r + 7];
    for (let i = jb; i < je; i++) {
      const li = i * d;
      const c = mu[i];
      const ci = i - jb;
      let a0 = x[o + i] - c - (cp === null ? 0 : cp[co + ci]);
      let a1 = x[o + 1 * d + i] - c - (cp === null ? 0 : cp[co + 1 * w + ci]);
      let a2 = x[o + 2 * d + i] - c - (cp === null ? 0 : cp[co + 2 * w + ci]);
      let a3 = x[o + 3 * d + i] - c - (cp === null ? 0 : cp[co + 3 * w + ci]);
      let a4 = x[o + 4 * d + i] - c - (cp === null ? 0 : cp[co + 4 * w + ci]);
      let a5 = x[o + 5 * d + i] - c - (cp === null ? 0 : cp[co + 5 * w + ci]);
      let a6 = x[o + 6 * d + i] - c - (cp === null ? 0 : cp[co + 6 * w + ci]);
      let a7 = x[o + 7 * d + i] - c - (cp === null ? 0 : cp[co + 7 * w + ci]);
      for (let j = jb; j < i; j++) {
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
      z[o + 1 * d + i] = a1;
      z[o + 2 * d + i] = a2;
      z[o + 3 * d + i] = a3;
      z[o + 4 * d + i] = a4;
      z[o + 5 * d + i] = a5;
      z[o + 6 * d + i] = a6;
      z[o + 7 * d + i] = a7;
      // Squares and column sums of the stored (float32) values, in float64.
      const f0 = Math.fround(a0);
      const f1 = Math.fround(a1);
      const f2 = Math.fround(a2);
      const f3 = Math.fround(a3);
      const f4 = Math.fround(a4);
      const f5 = Math.fround(a5);
      const f6 = Math.fround(a6);
      const f7 = Math.fround(a7);
      n0 += f0 * f0;
      n1 += f1 * f1;
      n2 += f2 * f2;
      n3 += f3 * f3;
      n4 += f4 * f4;
      n5 += f5 * f5;
      n6 += f6 * f6;
      n7 += f7 * f7;
      colsums[i] += f0 + f1 + f2 + f3 + f4 + f5 + f6 + f7;
    }
    norms[r] = n0;
    norms[r + 1] = n1;
    norms[r + 2] = n2;
    norms[r + 3] = n3;
    norms[r + 4] = n4;
    norms[r + 5] = n5;
    norms[r + 6] = n6;
    norms[r + 7] = n7;
  }
  for (; r < m; r++) {
    const o = r * d;
    for (let i = jb; i < je; i++) {
      let a = x[o + i] - mu[i] - (cp === null ? 0 : cp[r * w + i - jb]);
      for (let j = jb; j < i; j++) a -= lower[i * d + j] * zz[j * 8];
      a *= reciprocal[i];
      zz[i * 8] = a;
      z[o + i] = a;
      const f = Math.fround(a);
      norms[r] += f * f;
      colsums[i] += f;
    }
  }
}

/**
 * What the solve computes besides z, from z's float32 values in float64: per row |z_r|^2 (in
 * column order) and per column sum_r z_ri. Kept by z's data id (tensors are immutable), so the
 * half squared norm kernel reads the norms instead of passing over z, and the gradient of a plain
 * sum (every dy_r = c, so sum_r dz_r = -c sum_r z_r) needs no column-sum pass.
 */
interface SolveExtras {
  norms: Float64Array;
  colsums: Float64Array;
}
const SOLVE_EXTRAS = new WeakMap<object, SolveExtras>();
/** dz = -c z from the half squared norm's gradient under a uniform dy: c and z's extras, by dz's data id. */
const UNIFORM_DZ = new WeakMap<object, {c: number; extras: SolveExtras}>();

/** The sizes from which the product form is used (wasm only). */
const PRODUCT_MIN_D = 24;
const PRODUCT_MIN_ROWS = 256;

interface WasmHeap {
  typedArrayFromHeap(info: tf.TensorInfo): ArrayLike<number>;
  write(values: Float32Array, shape: number[], dtype: tf.DataType): tf.TensorInfo['dataId'];
  disposeData(dataId: tf.TensorInfo['dataId']): void;
}

/**
 * W = L^-T [d, d] (row-major, float32), L^-1 formed in float64 by substitution on the identity's
 * columns from L's lower triangle, so that z_r^T = (x_r - mu)^T W.
 */
function inverseTransposed(l: Float32Array, d: number): Float32Array {
  const inv = new Float64Array(d * d);
  for (let k = 0; k < d; k++) {
    for (let i = k; i < d; i++) {
      let a = i === k ? 1 : 0;
      for (let j = k; j < i; j++) a -= l[i * d + j] * inv[j * d + k];
      inv[i * d + k] = a / l[i * d + i];
    }
  }
  const w = new Float32Array(d * d);
  for (let i = 0; i < d; i++) {
    for (let k = 0; k <= i; k++) w[k * d + i] = inv[i * d + k];
  }
  return w;
}

/**
 * Z = (X - 1 mu^T) L^-T on wasm as the backend's Sub and one [m, d] x [d, d] BatchMatMul
 * (XNNPACK, on the backend's threads), then one pass for the norms and column sums. Accuracy: a
 * float32 substitution (TFP's and torch's triangular solve) satisfies (L + dL) z' = b with
 * |dL| <= d eps |L|, so |z' - z| <= d eps |L^-1| |L| |z|; the product with L^-1 rounded from
 * float64 errs by at most (d + 1) eps |L^-1| |b| <= (d + 1) eps |L^-1| |L| |z|: the same bound.
 * x - mu is rounded once, as in TFP. ~3x faster than the blocked float64 substitution for 1e5 x 32.
 */
function solveByProduct(backend: WasmHeap, x: tf.TensorInfo, loc: tf.TensorInfo, l: Float32Array, m: number, d: number, extras: SolveExtras): tf.TensorInfo {
  const b = backend as unknown as tf.KernelBackend;
  const centred = tf.getKernel('Sub', 'wasm')!.kernelFunc({inputs: {a: x, b: loc}, backend: b, attrs: {}}) as tf.TensorInfo;
  const weightsId = backend.write(inverseTransposed(l, d), [1, d, d], 'float32');
  const product = tf.getKernel('BatchMatMul', 'wasm')!.kernelFunc({
    inputs: {a: {dataId: centred.dataId, shape: [1, m, d], dtype: 'float32'}, b: {dataId: weightsId, shape: [1, d, d], dtype: 'float32'}},
    backend: b,
    attrs: {transposeA: false, transposeB: false},
  }) as tf.TensorInfo;
  backend.disposeData(centred.dataId);
  backend.disposeData(weightsId);
  const out = {dataId: product.dataId, shape: [m, d], dtype: 'float32' as const};
  normsAndColumnSums(backend.typedArrayFromHeap(out) as Float32Array, m, d, extras);
  return out;
}

/** Per row |z_r|^2 and per column sum_r z_ri of z [m, d], in float64. */
function normsAndColumnSums(z: Float32Array, m: number, d: number, extras: SolveExtras): void {
  const {norms, colsums} = extras;
  for (let r = 0, o = 0; r < m; r++, o += d) {
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < d; i += 2) {
      const a = z[o + i];
      const c = z[o + i + 1];
      s0 += a * a;
      s1 += c * c;
      colsums[i] += a;
      colsums[i + 1] += c;
    }
    if (i < d) {
      const a = z[o + i];
      s0 += a * a;
      colsums[i] += a;
    }
    norms[r] = s0 + s1;
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

/** Per column, blocks of 256 rows (in cache) summed in two registers, then into a float64 total. */
function columnSums(g: Float32Array, m: number, d: number, out: Float32Array): void {
  const sums = new Float64Array(d);
  for (let r0 = 0; r0 < m; r0 += 256) {
    const r1 = Math.min(m, r0 + 256);
    for (let i = 0; i < d; i++) {
      let s0 = 0;
      let s1 = 0;
      let o = r0 * d + i;
      const end = r1 * d + i;
      for (; o + d < end; o += 2 * d) {
        s0 += g[o];
        s1 += g[o + d];
      }
      if (o < end) s0 += g[o];
      sums[i] += s0 + s1;
    }
  }
  out.set(sums);
}

/** The value every element equals, when finite and the same for all (NaN never equals), or undefined. */
function uniformValue(values: ArrayLike<number>): number | undefined {
  const c = values[0];
  if (!Number.isFinite(c)) return undefined;
  for (let i = 1; i < values.length; i++) if (values[i] !== c) return undefined;
  return c;
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
    const [lower, reciprocal] = factorValues(l, 3);
    solveRows(x, new Float64Array(3), lower, reciprocal, 9, 3, 0, 3, null, z, new Float64Array(9), new Float64Array(3));
    solveRows(x, new Float64Array(3), lower, reciprocal, 9, 3, 1, 3, z, z, new Float64Array(9), new Float64Array(3));
    halfSquaredNorms(z, 9, 3, new Float32Array(9));
    halfSquaredNorms(z, 13, 2, new Float32Array(13));
    columnSums(z, 9, 3, new Float32Array(3));
    columnSums(z, 13, 2, new Float32Array(2));
    normsAndColumnSums(z, 9, 3, {norms: new Float64Array(9), colsums: new Float64Array(3)});
    normsAndColumnSums(z, 13, 2, {norms: new Float64Array(13), colsums: new Float64Array(2)});
    inverseTransposed(l, 3);
  });
  for (const backendName of FUSED_KERNEL_BACKENDS) {
    if (tf.getKernel(MVN_TRIL_SOLVE_KERNEL, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: MVN_TRIL_SOLVE_KERNEL,
      backendName,
      kernelFunc: ({inputs, backend}) => {
        const x = inputs.x as tf.TensorInfo;
        const [m, d] = x.shape;
        const mu = Float64Array.from(inputValues(backend, inputs.loc as tf.TensorInfo));
        const l = Float32Array.from(inputValues(backend, inputs.scaleTril as tf.TensorInfo));
        const heap = backend as unknown as Partial<WasmHeap>;
        const extras: SolveExtras = {norms: new Float64Array(m), colsums: new Float64Array(d)};
        if (backendName === 'wasm' && d >= PRODUCT_MIN_D && m >= PRODUCT_MIN_ROWS && typeof heap.typedArrayFromHeap === 'function') {
          const out = solveByProduct(heap as WasmHeap, x, inputs.loc as tf.TensorInfo, l, m, d, extras);
          SOLVE_EXTRAS.set(out.dataId, extras);
          return out;
        }
        const outputs = new Outputs(backend, [[m, d]]);
        const [lower, reciprocal] = factorValues(l, d);
        solveRows(inputValues(backend, x), mu, lower, reciprocal, m, d, 0, d, null, outputs.arrays[0], extras.norms, extras.colsums);
        const out = outputs.finish()[0];
        SOLVE_EXTRAS.set(out.dataId, extras);
        return out;
      },
    });
    tf.registerKernel({
      kernelName: HALF_SQUARED_NORM_KERNEL,
      backendName,
      kernelFunc: ({inputs, backend}) => {
        const zInfo = inputs.z as tf.TensorInfo;
        const [m, d] = zInfo.shape;
        const outputs = new Outputs(backend, [[m]]);
        const extras = SOLVE_EXTRAS.get(zInfo.dataId);
        if (extras !== undefined && extras.norms.length === m) {
          const q = outputs.arrays[0];
          const norms = extras.norms;
          for (let r = 0; r < m; r++) q[r] = -0.5 * norms[r];
        } else {
          halfSquaredNorms(inputValues(backend, zInfo), m, d, outputs.arrays[0]);
        }
        return outputs.finish()[0];
      },
    });
  }
  for (const backendName of FUSED_KERNEL_BACKENDS) {
    if (tf.getKernel(COLUMN_SUMS_KERNEL, backendName) !== undefined) continue;
    tf.registerKernel({
      kernelName: COLUMN_SUMS_KERNEL,
      backendName,
      kernelFunc: ({inputs, backend}) => {
        const x = inputs.x as tf.TensorInfo;
        const [m, d] = x.shape;
        const outputs = new Outputs(backend, [[d]]);
        columnSums(inputValues(backend, x), m, d, outputs.arrays[0]);
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
        loc: () => {
          // The kernel has no gradient: under a recording tape, tf.sum.
          const uniform = tf.engine().isTapeOn() ? undefined : UNIFORM_DZ.get(g.dataId);
          const u =
            uniform !== undefined
              ? tf.tensor1d(Float32Array.from(uniform.extras.colsums, (s) => -uniform.c * s))
              : tf.engine().isTapeOn()
                ? tf.sum(g, 0)
                : (tf.engine().runKernel(COLUMN_SUMS_KERNEL, {x: g}, {}) as tf.Tensor);
          return tf.neg(tf.reshape(triangularSolve(l, tf.reshape(u, [d, 1]), true, true), [d]));
        },
        // (An explicit transpose and a plain product: ~10 ms for 1e5 x 32 on wasm, the transposeA product ~20 ms.)
        scaleTril: () => tf.neg(tril(triangularSolve(l, tf.matMul(tf.transpose(g), z), true, true))),
      };
    },
  });
  tf.registerGradient({
    kernelName: HALF_SQUARED_NORM_KERNEL,
    inputsToSave: ['z'],
    gradFunc: (dy, saved) => {
      const [z] = saved;
      const g = dy as tf.Tensor;
      return {
        z: () => {
          // A plain sum's dy (every element c, read from the heap on cpu/wasm): dz = -c z, recorded
          // with z's column sums for the solve's gradient.
          const extras = tf.engine().isTapeOn() || !['cpu', 'wasm'].includes(tf.getBackend()) ? undefined : SOLVE_EXTRAS.get(z.dataId);
          const c = extras === undefined ? undefined : uniformValue(g.dataSync());
          if (extras === undefined || c === undefined) return tf.mul(z, tf.neg(tf.expandDims(g, -1)));
          const dz = tf.mul(z, tf.scalar(-c));
          UNIFORM_DZ.set(dz.dataId, {c, extras});
          return dz;
        },
      };
    },
  });
}

/** -|L^-1 (x_r - loc)|^2 / 2 for each row of x [m, d] (loc [d], L [d, d] lower triangular). */
export function mvnTrilHalfMahalanobis(x: tf.Tensor, loc: tf.Tensor, scaleTril: tf.Tensor): tf.Tensor {
  register();
  const z = tf.engine().runKernel(MVN_TRIL_SOLVE_KERNEL, {x, loc, scaleTril}, {}) as tf.Tensor;
  return tf.engine().runKernel(HALF_SQUARED_NORM_KERNEL, {z}, {}) as tf.Tensor;
}

import * as tf from '@tensorflow/tfjs';

import {InverseHessianModel, QuasiNewtonOptions, QuasiNewtonResults, quasiNewtonMinimize} from './quasi_newton';
import {dot} from './validation';

export interface BfgsOptions extends QuasiNewtonOptions {
  /**
   * Symmetric positive-definite starting inverse Hessian, shape [n, n] or [..., n, n] matching
   * the batch. Default: the identity, rescaled by s.y / y.y before the first update
   * (Nocedal & Wright eq. 6.20).
   */
  initialInverseHessianEstimate?: number[][] | tf.Tensor;
}

export interface BfgsResults extends QuasiNewtonResults {
  /** The final inverse Hessian estimate, shape [..., n, n]. */
  inverseHessianEstimate: tf.Tensor;
}

/** Dense BFGS inverse-Hessian model H (n x n, row-major). */
class BfgsInverseHessian implements InverseHessianModel {
  private h: Float64Array;
  private scaleOnFirstUpdate: boolean;

  constructor(private readonly n: number, private readonly initial?: Float64Array) {
    this.h = initial ? initial.slice() : identity(n);
    this.scaleOnFirstUpdate = initial === undefined;
  }

  get matrix(): Float64Array {
    return this.h;
  }

  direction(g: Float64Array): Float64Array {
    const n = this.n;
    const d = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let s = 0;
      for (let j = 0; j < n; j++) s += this.h[i * n + j] * g[j];
      d[i] = -s;
    }
    return d;
  }

  /** H+ = (I - rho s y^T) H (I - rho y s^T) + rho s s^T with rho = 1 / (y.s). */
  update(s: Float64Array, y: Float64Array): void {
    const sy = dot(s, y);
    if (!(sy > 0) || !Number.isFinite(sy)) return;
    const n = this.n;
    if (this.scaleOnFirstUpdate) {
      const gamma = sy / dot(y, y);
      this.h = identity(n).map(v => v * gamma);
      this.scaleOnFirstUpdate = false;
    }
    const rho = 1 / sy;
    const hy = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      let acc = 0;
      for (let j = 0; j < n; j++) acc += this.h[i * n + j] * y[j];
      hy[i] = acc;
    }
    const c = rho * rho * dot(y, hy) + rho;
    for (let i = 0; i < n; i++) {
      for (let j = 0; j < n; j++) {
        this.h[i * n + j] += -rho * (s[i] * hy[j] + hy[i] * s[j]) + c * s[i] * s[j];
      }
    }
  }

  reset(): void {
    this.h = this.initial ? this.initial.slice() : identity(this.n);
    this.scaleOnFirstUpdate = this.initial === undefined;
  }
}

function identity(n: number): Float64Array {
  const m = new Float64Array(n * n);
  for (let i = 0; i < n; i++) m[i * n + i] = 1;
  return m;
}

/** Reads and checks initialInverseHessianEstimate: finite, symmetric, positive diagonal. */
function readInitialInverseHessian(value: number[][] | tf.Tensor, batchSize: number, n: number, batchShape: number[]):
    Float64Array[] {
  const t = value instanceof tf.Tensor ? value : tf.tensor(value);
  try {
    const okShape = t.rank >= 2 && t.shape[t.rank - 1] === n && t.shape[t.rank - 2] === n &&
        (t.rank === 2 || (t.rank === batchShape.length + 2 && t.shape.slice(0, -2).every((d, i) => d === batchShape[i])));
    if (!okShape) {
      throw new Error(`bfgsMinimize: initialInverseHessianEstimate must have shape [${n}, ${n}] or [${[...batchShape, n, n]}]; ` +
          `received shape [${t.shape}].`);
    }
    const data = t.dataSync();
    const mats: Float64Array[] = [];
    for (let b = 0; b < batchSize; b++) {
      const off = t.rank === 2 ? 0 : b * n * n;
      const m = Float64Array.from(data.subarray(off, off + n * n));
      for (let i = 0; i < n; i++) {
        if (!(m[i * n + i] > 0)) {
          throw new Error(`bfgsMinimize: initialInverseHessianEstimate must be positive definite; diagonal entry ${i} ` +
              `of batch member ${b} is ${m[i * n + i]}.`);
        }
        for (let j = 0; j < n; j++) {
          if (!Number.isFinite(m[i * n + j]) || Math.abs(m[i * n + j] - m[j * n + i]) > 1e-6 * (Math.abs(m[i * n + j]) + 1)) {
            throw new Error(`bfgsMinimize: initialInverseHessianEstimate must be finite and symmetric; entry (${i}, ${j}) ` +
                `of batch member ${b} is ${m[i * n + j]}, entry (${j}, ${i}) is ${m[j * n + i]}.`);
          }
        }
      }
      mats.push(m);
    }
    return mats;
  } finally {
    if (!(value instanceof tf.Tensor)) t.dispose();
  }
}

/**
 * Minimises a smooth function with the BFGS quasi-Newton method (TFP's
 * `tfp.optimizer.bfgs_minimize`): x_{k+1} = x_k - a_k H_k g_k with a_k from a strong-Wolfe line
 * search, and H updated by the BFGS formula. A batch of starting points [..., n] solves that
 * many independent problems at once; each stops on its own when converged or failed.
 */
export function bfgsMinimize(options: BfgsOptions): BfgsResults {
  let initial: Float64Array[] | undefined;
  const {results, models, batchShape, n} = quasiNewtonMinimize('bfgsMinimize', options, (dim, member, shape) => {
    if (options.initialInverseHessianEstimate !== undefined && initial === undefined) {
      const batchSize = shape.reduce((p, d) => p * d, 1);
      initial = readInitialInverseHessian(options.initialInverseHessianEstimate, batchSize, dim, shape);
    }
    return new BfgsInverseHessian(dim, initial?.[member]);
  });
  const flat = new Float32Array(models.length * n * n);
  models.forEach((m, b) => flat.set(m.matrix, b * n * n));
  return {...results, inverseHessianEstimate: tf.tensor(flat, [...batchShape, n, n])};
}

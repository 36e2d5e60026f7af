import {InverseHessianModel, QuasiNewtonOptions, QuasiNewtonResults, quasiNewtonMinimize} from './quasi_newton';
import {checkNumber, dot} from './validation';

export interface LbfgsOptions extends QuasiNewtonOptions {
  /** Number of (s, y) correction pairs kept for the inverse-Hessian model. Default 10. */
  numCorrectionPairs?: number;
}

/**
 * Limited-memory inverse Hessian: the last m pairs (s_i, y_i) applied by the two-loop recursion
 * (Nocedal & Wright Algorithm 7.4) to H0 = (s.y / y.y) I from the newest pair.
 */
class LbfgsInverseHessian implements InverseHessianModel {
  private pairs: Array<{s: Float64Array; y: Float64Array; rho: number}> = [];

  constructor(private readonly m: number) {}

  direction(g: Float64Array): Float64Array {
    const q = g.slice();
    const alphas: number[] = [];
    for (let i = this.pairs.length - 1; i >= 0; i--) {
      const {s, y, rho} = this.pairs[i];
      const a = rho * dot(s, q);
      alphas[i] = a;
      for (let j = 0; j < q.length; j++) q[j] -= a * y[j];
    }
    const newest = this.pairs[this.pairs.length - 1];
    const gamma = newest ? dot(newest.s, newest.y) / dot(newest.y, newest.y) : 1;
    for (let j = 0; j < q.length; j++) q[j] *= gamma;
    for (let i = 0; i < this.pairs.length; i++) {
      const {s, y, rho} = this.pairs[i];
      const b = rho * dot(y, q);
      for (let j = 0; j < q.length; j++) q[j] += s[j] * (alphas[i] - b);
    }
    return q.map(v => -v);
  }

  update(s: Float64Array, y: Float64Array): void {
    const sy = dot(s, y);
    if (!(sy > 0) || !Number.isFinite(sy)) return;
    this.pairs.push({s, y, rho: 1 / sy});
    if (this.pairs.length > this.m) this.pairs.shift();
  }

  reset(): void {
    this.pairs = [];
  }
}

/**
 * Minimises a smooth function with limited-memory BFGS (TFP's `tfp.optimizer.lbfgs_minimize`),
 * using a strong-Wolfe line search; batched over leading dimensions of initialPosition.
 */
export function lbfgsMinimize(options: LbfgsOptions): QuasiNewtonResults {
  const m = options.numCorrectionPairs ?? 10;
  checkNumber('lbfgsMinimize', 'numCorrectionPairs', m, v => Number.isInteger(v) && v >= 1, 'an integer >= 1');
  return quasiNewtonMinimize('lbfgsMinimize', options, () => new LbfgsInverseHessian(m)).results;
}

import * as tf from '@tensorflow/tfjs';
import {Bijector, Identity, Softplus} from '@tfjs-probability/bijectors';
import {logNdtr, ndtr, ndtri} from '@tfjs-probability/math';
import {
  Distribution,
  DistributionOptions,
  FULLY_REPARAMETERIZED,
  ParameterProperties,
} from './distribution';
import {defineFusedLogProb} from './internal/fused_log_prob';
import {TensorLike} from './internal/parameters';
import {SeedStream} from './internal/seed';
import {registerKL} from './kl_divergence';

export interface NormalOptions extends DistributionOptions {
  loc: TensorLike;
  scale: TensorLike;
}

const HALF_LOG_TWO_PI = 0.5 * Math.log(2 * Math.PI);
/** float32 machine epsilon: the lower bound TFP gives a scale's Softplus. */
const FLOAT32_EPS = 2 ** -23;

/**
 * -z^2 / 2 - c with z = (x - loc) / scale, c = log(scale) + log(2 pi) / 2 passed in (a
 * parameter-shaped term): Normal's log-density as one fused kernel. d/dloc = z / scale,
 * d/dscale = z^2 / scale (plus c's -1 through log(scale)), d/dx = -z / scale.
 */
const normalLogProb = defineFusedLogProb({
  kernelName: 'TfpNormalLogProb',
  inputNames: ['x', 'loc', 'scale', 'c'],
  forward(len, out, outOff, [x, loc, scale, c], [xo, lo, so, co]) {
    for (let i = 0; i < len; i++) {
      const z = (x[xo + i] - loc[lo + i]) / scale[so + i];
      out[outOff + i] = -0.5 * z * z - c[co + i];
    }
  },
  // The scalar path's sums of z and z^2 (for the gradient of a plain sum).
  scalarSums: 2,
  forwardScalar(n, out, x, [loc, scale, c]) {
    let sumZ = 0;
    let sumZ2 = 0;
    let total = 0;
    for (let i = 0; i < n; i++) {
      const z = (x[i] - loc) / scale;
      const z2 = z * z;
      const o = -0.5 * z2 - c;
      out[i] = o;
      total += Math.fround(o);
      sumZ += z;
      sumZ2 += z2;
    }
    return [sumZ, sumZ2, total];
  },
  backwardScalar(n, dy, x, [loc, scale], [sumZ, sumZ2], d) {
    // dy the same (finite) everywhere, as under a plain sum: the forward's sums, no pass over the points.
    if (d !== undefined && Number.isFinite(sumZ2)) return [(d * sumZ) / scale, (d * sumZ2) / scale, -d * n];
    // sum dy z and sum dy z^2, then one division each.
    let dz = 0;
    let dz2 = 0;
    let dc = 0;
    for (let i = 0; i < n; i++) {
      const d = dy[i];
      const z = (x[i] - loc) / scale;
      const t = d * z;
      dz += t;
      dz2 += t * z;
      dc += d;
    }
    return [dz / scale, dz2 / scale, -dc];
  },
  backward(len, [dy, x, loc, scale], [dyo, xo, lo, so], [gx, gLoc, gScale, gc]) {
    for (let i = 0; i < len; i++) {
      const d = dy[dyo + i];
      const s = scale[so + i];
      const z = (x[xo + i] - loc[lo + i]) / s;
      const dz = (d * z) / s;
      if (gx !== null) gx[i] += -dz;
      if (gLoc !== null) gLoc[i] += dz;
      if (gScale !== null) gScale[i] += dz * z;
      if (gc !== null) gc[i] += -d;
    }
  },
  opByOp(x, loc, scale, c) {
    return tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(x, loc), scale))), c);
  },
  gradientOps(dy, [x, loc, scale]) {
    const z = tf.div(tf.sub(x, loc), scale);
    const dz = tf.div(tf.mul(dy, z), scale);
    return [tf.neg(dz), dz, tf.mul(dz, z), tf.neg(dy)];
  },
});

/**
 * The normal distribution (TFP's `tfd.Normal`) with mean `loc` and standard deviation `scale`:
 * log p(x) = -((x - loc) / scale)^2 / 2 - log(scale) - log(2 pi) / 2.
 */
export class Normal extends Distribution {
  readonly reparameterizationType = FULLY_REPARAMETERIZED;
  readonly loc: tf.Tensor;
  readonly scale: tf.Tensor;

  constructor(options: NormalOptions) {
    super({loc: options.loc, scale: options.scale}, options);
    this.loc = this.param('loc', options.loc);
    this.scale = this.param('scale', options.scale, {constraint: 'positive'});
  }

  static override parameterProperties(): Record<string, ParameterProperties> {
    return {
      loc: {eventNdims: 0},
      scale: {eventNdims: 0, defaultConstrainingBijector: () => new Softplus({low: FLOAT32_EPS})},
    };
  }

  get batchShape(): number[] {
    return this.inferredBatchShape();
  }

  get eventShape(): number[] {
    return [];
  }

  protected sampleN(n: number, seed: SeedStream): tf.Tensor {
    const z = tf.randomNormal([n, ...this.batchShape], 0, 1, 'float32', seed.next());
    return tf.add(tf.mul(z, this.scale), this.loc);
  }

  private z(x: tf.Tensor): tf.Tensor {
    return tf.div(tf.sub(x, this.loc), this.scale);
  }

  /** The support is R: Identity. */
  protected override defaultEventSpaceBijectorFn(): Bijector {
    return new Identity({validateArgs: this.validateArgs});
  }

  protected logProbFn(x: tf.Tensor): tf.Tensor {
    return normalLogProb(x, this.loc, this.scale, tf.add(tf.log(this.scale), HALF_LOG_TWO_PI));
  }

  protected override cdfFn(x: tf.Tensor): tf.Tensor {
    return ndtr(this.z(x));
  }

  protected override logCdfFn(x: tf.Tensor): tf.Tensor {
    return logNdtr(this.z(x));
  }

  protected override survivalFn(x: tf.Tensor): tf.Tensor {
    return ndtr(tf.neg(this.z(x)));
  }

  protected override logSurvivalFn(x: tf.Tensor): tf.Tensor {
    return logNdtr(tf.neg(this.z(x)));
  }

  protected override quantileFn(p: tf.Tensor): tf.Tensor {
    return tf.add(tf.mul(ndtri(p), this.scale), this.loc);
  }

  protected override meanFn(): tf.Tensor {
    return this.loc;
  }

  protected override modeFn(): tf.Tensor {
    return this.loc;
  }

  protected override stddevFn(): tf.Tensor {
    return this.scale;
  }

  /** H = log(scale) + (1 + log(2 pi)) / 2. */
  protected override entropyFn(): tf.Tensor {
    return tf.broadcastTo(tf.add(tf.log(this.scale), 0.5 + HALF_LOG_TWO_PI), this.batchShape);
  }
}

/** KL(p || q) = log(sq / sp) + (sp^2 + (mp - mq)^2) / (2 sq^2) - 1/2. */
registerKL(Normal, Normal, (p, q) => {
  const ratio = tf.div(p.scale, q.scale);
  const meanTerm = tf.square(tf.div(tf.sub(p.loc, q.loc), q.scale));
  return tf.add(tf.mul(0.5, tf.add(tf.square(ratio), meanTerm)), tf.sub(tf.neg(tf.log(ratio)), 0.5));
});

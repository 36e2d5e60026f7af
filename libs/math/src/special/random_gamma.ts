import * as tf from '@tensorflow/tfjs';
import {defineElementwiseOp, TensorInput, toFloat32} from './internal/elementwise_op';
import {randomGammaGrad} from './internal/scalar_igamma';
import {SeededRandom} from './seeded_random';

/** dx/dalpha of a standard Gamma(alpha) sample x, -(dP/dalpha)/(dP/dx), a float64 kernel. */
const randomGammaGradOp = defineElementwiseOp(
  {kernelName: 'TfpRandomGammaGrad', inputNames: ['alpha', 'sample'], scalar: randomGammaGrad},
  'randomGamma gradient',
);

/**
 * One standard Gamma(alpha, 1) variate by Marsaglia and Tsang's squeeze method; for alpha < 1
 * a Gamma(alpha + 1) variate times U^(1/alpha), combined in log space. NaN for alpha <= 0.
 */
function standardGamma(alpha: number, random: SeededRandom): number {
  if (!(alpha > 0) || alpha === Infinity) return NaN;
  const boost = alpha < 1;
  const shape = boost ? alpha + 1 : alpha;
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  let value: number;
  for (;;) {
    let x: number;
    let v: number;
    do {
      x = random.normal();
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const u = random.uniform();
    const x2 = x * x;
    if (u < 1 - 0.0331 * x2 * x2 || Math.log(u) < 0.5 * x2 + d * (1 - v + Math.log(v))) {
      value = d * v;
      break;
    }
  }
  if (!boost) return value;
  return Math.exp(Math.log(value) + Math.log(random.uniform()) / alpha);
}

function checkShape(shape: number[]): void {
  if (!Array.isArray(shape) || !shape.every((d) => Number.isInteger(d) && d >= 0)) {
    throw new Error(`randomGamma: shape must be an array of non-negative integers, got ${JSON.stringify(shape)}`);
  }
}

/**
 * Gamma(alpha, beta) samples of the given `shape` (beta is the rate; default 1), with `alpha` and
 * `beta` broadcast to `shape` (TF `random.stateless_gamma` semantics). The same `seed` gives the
 * same numbers on every backend. Differentiable in alpha by implicit reparameterisation
 * (Figurnov et al. 2018, TF's `random_gamma_grad`): dx/dalpha = -(dP/dalpha)(alpha, g) /
 * (dP/dx)(alpha, g) / beta for the standard sample g, with P the regularized lower incomplete
 * gamma; and in beta by dx/dbeta = -x / beta.
 */
export function randomGamma(shape: number[], alpha: TensorInput, seed?: number, beta?: TensorInput): tf.Tensor {
  checkShape(shape);
  const random = new SeededRandom(seed, 'randomGamma');
  return tf.tidy(() => {
    const alphaT = toFloat32(alpha, 'alpha', 'randomGamma');
    const betaT = beta === undefined ? tf.scalar(1) : toFloat32(beta, 'beta', 'randomGamma');
    let target: number[] | undefined;
    try {
      target = tf.backend_util.assertAndGetBroadcastShape(
        tf.backend_util.assertAndGetBroadcastShape(shape, alphaT.shape),
        betaT.shape,
      );
    } catch {
      target = undefined;
    }
    if (target === undefined || target.length !== shape.length || target.some((d, i) => d !== shape[i])) {
      throw new Error(
        `randomGamma: alpha [${alphaT.shape}] and beta [${betaT.shape}] must broadcast to the sample shape [${shape}]`,
      );
    }
    const alphaB = tf.broadcastTo(alphaT, shape);
    const betaB = tf.broadcastTo(betaT, shape);
    const alphaValues = alphaB.dataSync();
    const standard = new Float32Array(alphaValues.length);
    for (let i = 0; i < standard.length; i++) standard[i] = standardGamma(alphaValues[i], random);
    const withGradient = (a: tf.Tensor, b: tf.Tensor, save: tf.GradSaveFunc) => {
      const g = tf.tensor(standard, shape, 'float32');
      const value = tf.div(g, b);
      save([a, b, g, value]);
      return {
        value,
        gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
          const [sa, sb, sg, sv] = saved;
          return [tf.div(tf.mul(dy, randomGammaGradOp(sa, sg)), sb), tf.neg(tf.div(tf.mul(dy, sv), sb))];
        },
      };
    };
    const sample = tf.customGrad(withGradient as unknown as Parameters<typeof tf.customGrad>[0]);
    return sample(alphaB, betaB);
  });
}

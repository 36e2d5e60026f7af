/**
 * The eight-schools model (Rubin 1981; Gelman et al., BDA3 section 5.5), non-centred, as TFP's
 * inference_gym `EightSchools` and the Stan reference in tools/fixtures/eight_schools_stan.R:
 *   mu ~ N(0, 5),  tau ~ HalfCauchy(0, 5),  thetaTilde_j ~ N(0, 1),
 *   theta_j = mu + tau thetaTilde_j,  y_j ~ N(theta_j, sigma_j),  j = 1..8.
 * A standard MCMC benchmark (a funnel in (tau, theta)); sample tau > 0 through a
 * TransformedTransitionKernel with Exp or Softplus.
 */
import * as tf from '@tensorflow/tfjs';

/** Estimated coaching effects y_j and their standard errors sigma_j. */
export const EIGHT_SCHOOLS_DATA = {
  y: [28, 8, -3, 7, -1, 1, 18, 12],
  sigma: [15, 10, 16, 11, 9, 11, 10, 18],
} as const;

/** The target log-prob of the eight-schools model and the constant tensors it holds (free them with dispose). */
export interface EightSchoolsModel {
  /**
   * log p(mu, tau, thetaTilde | y) up to a constant, one value per chain: mu and tau of shape
   * [chains] (tau > 0), thetaTilde of shape [chains, 8]:
   *   -mu^2 / 50 - log(1 + tau^2 / 25) - |thetaTilde|^2 / 2 - sum_j (y_j - mu - tau thetaTilde_j)^2 / (2 sigma_j^2).
   */
  targetLogProbFn: (mu: tf.Tensor, tau: tf.Tensor, thetaTilde: tf.Tensor) => tf.Tensor;
  dispose(): void;
}

/**
 * The target with its analytic gradient (one tf.customGrad op, a third of the kernels of automatic
 * differentiation): with w_j = (y_j - theta_j) / sigma_j^2,
 *   d/dmu = -mu / 25 + sum_j w_j,  d/dtau = -2 tau / (25 + tau^2) + sum_j w_j thetaTilde_j,
 *   d/dthetaTilde_j = tau w_j - thetaTilde_j.
 */
export function eightSchoolsModel(): EightSchoolsModel {
  const y = tf.tensor1d(EIGHT_SCHOOLS_DATA.y.slice());
  const invSigma = tf.tensor1d(EIGHT_SCHOOLS_DATA.sigma.map((s) => 1 / s));
  const logProb = tf.customGrad((...args: Array<tf.Tensor | tf.GradSaveFunc>) => {
    const [mu, tau, thetaTilde] = args as tf.Tensor[];
    const save = args[3] as tf.GradSaveFunc;
    const muE = tf.expandDims(mu, -1);
    const tauE = tf.expandDims(tau, -1);
    const z = tf.mul(tf.sub(tf.sub(y, muE), tf.mul(tauE, thetaTilde)), invSigma);
    const sumSquares = tf.sum(tf.add(tf.square(z), tf.square(thetaTilde)), -1);
    const prior = tf.add(tf.mul(tf.square(mu), 1 / 50), tf.log1p(tf.mul(tf.square(tau), 1 / 25)));
    const value = tf.neg(tf.add(prior, tf.mul(sumSquares, 0.5)));
    const w = tf.mul(z, invSigma);
    save([mu, tau, thetaTilde, w]);
    return {
      value,
      gradFunc: (dy: tf.Tensor, saved: tf.Tensor[]) => {
        const [m, t, tt, ws] = saved;
        const dMu = tf.sub(tf.sum(ws, -1), tf.mul(m, 1 / 25));
        const dTau = tf.sub(tf.sum(tf.mul(ws, tt), -1), tf.div(tf.mul(t, 2), tf.add(tf.square(t), 25)));
        const dTheta = tf.sub(tf.mul(tf.expandDims(t, -1), ws), tt);
        return [tf.mul(dy, dMu), tf.mul(dy, dTau), tf.mul(tf.expandDims(dy, -1), dTheta)];
      },
    };
  });
  return {
    targetLogProbFn: (mu, tau, thetaTilde) => logProb(mu, tau, thetaTilde),
    dispose: () => tf.dispose([y, invSigma]),
  };
}

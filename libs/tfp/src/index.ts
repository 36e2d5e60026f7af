/**
 * tfjs-probability: TensorFlow Probability for TensorFlow.js. Namespaces follow TFP:
 * `tfp.backend`, `tfp.math`, `tfp.bijectors` (`tfb`), `tfp.distributions` (`tfd`), `tfp.layers`,
 * `tfp.stats`, `tfp.mcmc`, `tfp.optimizer`, `tfp.vi`, `tfp.monteCarlo`, `tfp.edward2`; `tfp.sts` and `tfp.glm`
 * as they land.
 */
import * as backend from '@tfjs-probability/backend';
import * as bijectors from '@tfjs-probability/bijectors';
import * as distributions from '@tfjs-probability/distributions';
import * as layers from '@tfjs-probability/layers';
import * as math from '@tfjs-probability/math';
import * as mcmc from '@tfjs-probability/mcmc';
import * as optimizer from '@tfjs-probability/optimizer';
import * as stats from '@tfjs-probability/stats';
import * as vi from '@tfjs-probability/vi';

export {backend, bijectors, distributions, layers, math, mcmc, optimizer, stats, vi};
export {bijectors as tfb, distributions as tfd};
/** `tfp.monteCarlo` (TFP's `tfp.monte_carlo`): the same namespace as `tfp.vi.monteCarlo`. */
export const monteCarlo = vi.monteCarlo;
/** Edward2-style random variables and tracing (`tfp.edward2`, also `tfd.ed`). */
export const edward2 = distributions.edward2;

/**
 * Checks of a univariate distribution's quantile shared by the tests of the distributions whose
 * quantile inverts a special function (Gamma, Chi2, InverseGamma, Beta, StudentT): the round trip
 * through cdf / survival function and gradients against centred differences. Not exported.
 */
import * as tf from '@tensorflow/tfjs';
import type {ExecutionContext} from 'ava';
import type {Distribution} from '../distribution';

const FLOAT32_HALF_ULP = 2 ** -24;

/**
 * cdf(quantile(p)) = p for p <= 1/2 and survival(quantile(p)) = 1 - p above, each relative to
 * the smaller tail. The float32 quantile x carries a relative error of up to ~4 half-ulps (its
 * kernel's 2 ulp plus the rounding of the affine parameters), which moves F by prob(x) |x| times
 * that; the cdf kernel adds its own half-ulp and the rounding of its standardised input, also
 * ~prob(x) |x| 2^-24: the bound is 6 prob(x) |x| 2^-24 + 4 ulp of the target.
 */
export function assertQuantileRoundTrip(t: ExecutionContext, dist: Distribution, ps: number[], label: string): void {
  const [x, density, lower, upper] = tf.tidy(() => {
    const q = dist.quantile(tf.tensor1d(ps));
    return [q.dataSync(), dist.prob(q).dataSync(), dist.cdf(q).dataSync(), dist.survivalFunction(q).dataSync()];
  });
  ps.forEach((p, i) => {
    const p32 = Math.fround(p);
    const target = p32 <= 0.5 ? p32 : 1 - p32;
    const got = p32 <= 0.5 ? lower[i] : upper[i];
    const bound = 6 * density[i] * Math.abs(x[i]) * FLOAT32_HALF_ULP + 8 * FLOAT32_HALF_ULP * target;
    t.true(Math.abs(got - target) <= bound, `${label} p=${p}: quantile ${x[i]} gives ${got}, want ${target} (bound ${bound})`);
  });
}

/**
 * d quantile(p) / d(each parameter and p) against centred differences of the quantile itself
 * (float32 outputs, float64 steps h = 1e-3 |value|, or 1e-3 min(p, 1 - p) for p). Truncation is
 * O(h^2) ~1e-6 relative; the two outputs' roundings add ~ulp(q) / 2h, which is below 2e-4 of the
 * slope when the quantile moves by more than ~5000 ulp over the step (so the points used stay
 * away from where the quantile is pinned near an end of the support): a 2e-3 relative check.
 */
export function assertQuantileGradients(
  t: ExecutionContext,
  make: (params: Record<string, tf.Tensor>) => Distribution,
  params: Record<string, number>,
  ps: number[],
  label: string,
): void {
  const names = [...Object.keys(params), 'p'];
  const quantile = (values: Record<string, number>) =>
    tf.tidy(() => {
      const d = make(Object.fromEntries(Object.keys(params).map((k) => [k, tf.scalar(values[k])])));
      const q = d.quantile(tf.scalar(values.p)).dataSync()[0];
      d.dispose();
      return q;
    });
  for (const p of ps) {
    const point: Record<string, number> = {...params, p};
    const grads = tf.tidy(() =>
      tf
        .grads((...args: tf.Tensor[]) => {
          const d = make(Object.fromEntries(Object.keys(params).map((k, i) => [k, args[i]])));
          return d.quantile(args[args.length - 1]);
        })(names.map((k) => tf.scalar(point[k])))
        .map((g) => g.dataSync()[0]),
    );
    names.forEach((k, i) => {
      const h = k === 'p' ? 1e-3 * Math.min(p, 1 - p) : 1e-3 * Math.abs(point[k]);
      const fd = (quantile({...point, [k]: point[k] + h}) - quantile({...point, [k]: point[k] - h})) / (2 * h);
      t.true(Math.abs(grads[i] - fd) <= 2e-3 * Math.abs(fd), `${label} p=${p}: d quantile / d ${k} = ${grads[i]}, difference ${fd}`);
    });
  }
}

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {LinearOperatorLowerTriangular} from '@tfjs-probability/math';
import {MultivariateNormalLinearOperator} from '../multivariate_normal_linear_operator';
import {MultivariateNormalTriL} from '../multivariate_normal_tril';
import {assertClose, assertNoLeak} from './testing';

const BACKENDS = ['cpu', 'wasm'] as const;

/** The generic path the fused kernels replace: x - loc, math's row solve, square, sum. */
function generic(loc: tf.Tensor | undefined, tril: tf.Tensor): MultivariateNormalLinearOperator {
  return new MultivariateNormalLinearOperator({loc, scale: new LinearOperatorLowerTriangular({tril, isNonSingular: true})});
}

/** A well-conditioned factor with a nonzero strict upper triangle (which both forms must ignore). */
function factor(d: number, seed: number): tf.Tensor {
  return tf.tidy(() => tf.add(tf.randomNormal([d, d], 0, 0.3, 'float32', seed), tf.mul(tf.eye(d), 1.5)));
}

for (const backend of BACKENDS) {
  test.serial(`${backend}: fused MultivariateNormalTriL logProb and gradients (x, loc, scaleTril) match the generic solve`, async (t) => {
    await init({backend});
    // [x shape, d]: the 8-row substitution and its tail, d = 1 and odd d, higher-rank x, one vector.
    const cases: [number[], number][] = [
      [[13, 3], 3],
      [[8, 5], 5],
      [[2, 7, 4], 4],
      [[5, 1], 1],
      [[6], 6],
      [[300, 32], 32],
    ];
    for (const [xShape, d] of cases) {
      for (const withLoc of [true, false]) {
        const label = `x [${xShape}] d ${d}${withLoc ? '' : ' (no loc)'}`;
        assertNoLeak(
          t,
          () =>
            tf.tidy(() => {
              const x = tf.randomNormal(xShape, 0, 2, 'float32', 1);
              const loc = tf.randomNormal([d], 0, 1, 'float32', 2);
              const tril = factor(d, 3);
              const batch = xShape.slice(0, -1);
              const w = tf.randomUniform(batch, 0.5, 1.5, 'float32', 4);
              const fused = (xs: tf.Tensor, l: tf.Tensor, s: tf.Tensor) =>
                tf.sum(tf.mul(w, new MultivariateNormalTriL({loc: withLoc ? l : undefined, scaleTril: s}).logProb(xs)));
              const reference = (xs: tf.Tensor, l: tf.Tensor, s: tf.Tensor) => tf.sum(tf.mul(w, generic(withLoc ? l : undefined, s).logProb(xs)));
              const value = new MultivariateNormalTriL({loc: withLoc ? loc : undefined, scaleTril: tril}).logProb(x);
              t.deepEqual(value.shape, batch, `${label} shape`);
              assertClose(t, value, generic(withLoc ? loc : undefined, tril).logProb(x), {rtol: 1e-5, atol: 1e-4}, `${label} value`);
              // Without a mean, loc is not an input of the function (tf.grads rejects unused inputs).
              const names = withLoc ? ['x', 'loc', 'scaleTril'] : ['x', 'scaleTril'];
              const args = withLoc ? [x, loc, tril] : [x, tril];
              const wrap = (f: typeof fused) => (withLoc ? f : (xs: tf.Tensor, s: tf.Tensor) => f(xs, loc, s));
              const g = tf.grads(wrap(fused))(args);
              const r = tf.grads(wrap(reference))(args);
              names.forEach((name, i) => {
                const scale = Math.max(...Array.from(tf.abs(r[i]).dataSync()), 1);
                assertClose(t, g[i], r[i], {rtol: 1e-4, atol: 1e-5 * scale}, `${label} d/d${name}`);
              });
              // The strict upper triangle is not a parameter: zero gradient there.
              const gTril = g[g.length - 1];
              const upper = tf.sub(gTril, tf.linalg.bandPart(gTril, -1, 0));
              assertClose(t, upper, 0, {rtol: 0, atol: 0}, `${label} upper triangle`);
            }),
          `${label}: no leak`,
        );
      }
    }
  });

  test.serial(`${backend}: under a plain (scaled) sum the solve's norms and column sums serve the forward and the gradient, matching the generic solve`, async (t) => {
    await init({backend});
    // The 8-row substitution and its tail, and (wasm, d >= 24, m >= 256) the blocked solve.
    const cases: [number, number][] = [
      [13, 3],
      [300, 32],
      [1027, 24],
    ];
    for (const [m, d] of cases) {
      for (const scale of [1, -2.5]) {
        const label = `x [${m}, ${d}] scale ${scale}`;
        const x = tf.randomNormal([m, d], 0, 2, 'float32', 21);
        const loc = tf.randomNormal([d], 0, 1, 'float32', 22);
        const tril = factor(d, 23);
        const f = (make: (l: tf.Tensor, s: tf.Tensor) => {logProb(x: tf.Tensor): tf.Tensor}) => (l: tf.Tensor, s: tf.Tensor) =>
          tf.mul(tf.sum(make(l, s).logProb(x)), scale);
        const fused = f((l, s) => new MultivariateNormalTriL({loc: l, scaleTril: s}));
        const reference = f((l, s) => generic(l, s));
        assertNoLeak(
          t,
          () =>
            tf.tidy(() => {
              assertClose(t, new MultivariateNormalTriL({loc, scaleTril: tril}).logProb(x), generic(loc, tril).logProb(x), {rtol: 1e-5, atol: 1e-4}, `${label} value`);
              const g = tf.grads(fused)([loc, tril]);
              const r = tf.grads(reference)([loc, tril]);
              ['loc', 'scaleTril'].forEach((name, i) => {
                const big = Math.max(...Array.from(tf.abs(r[i]).dataSync()), 1);
                assertClose(t, g[i], r[i], {rtol: 1e-4, atol: 1e-5 * big}, `${label} d/d${name}`);
              });
            }),
          `${label}: no leak`,
        );
        // The uniform dy is recognised: no column-sum pass over dz; a weighted sum still takes it.
        const kernels = async (weighted: boolean) => {
          const w = tf.randomUniform([m], 0.5, 1.5, 'float32', 24);
          const info = await tf.profile(() =>
            tf.grads((l: tf.Tensor, s: tf.Tensor) => {
              const lp = new MultivariateNormalTriL({loc: l, scaleTril: s}).logProb(x);
              return tf.sum(weighted ? tf.mul(lp, w) : lp);
            })([loc, tril]),
          );
          tf.dispose([w, ...(info.result as tf.Tensor[])]);
          return info.kernels.map((k) => k.name);
        };
        t.false((await kernels(false)).includes('TfpColumnSums'), `${label}: plain sum`);
        t.true((await kernels(true)).includes('TfpColumnSums'), `${label}: weighted sum`);
        tf.dispose([x, loc, tril]);
      }
    }
  });

  test.serial(`${backend}: second derivatives through the fused MultivariateNormalTriL match the generic ones`, async (t) => {
    await init({backend});
    tf.tidy(() => {
      const d = 3;
      const x = tf.randomNormal([11, d], 0, 2, 'float32', 5);
      const loc = tf.randomNormal([d], 0, 1, 'float32', 6);
      const tril = factor(d, 7);
      const hessianRows = (make: (l: tf.Tensor, s: tf.Tensor) => MultivariateNormalLinearOperator) =>
        [0, 1].map((i) =>
          tf.grads((l: tf.Tensor, s: tf.Tensor) =>
            tf.sum(tf.square(tf.grads((a: tf.Tensor, b: tf.Tensor) => tf.sum(make(a, b).logProb(x)))([l, s])[i])),
          )([loc, tril]),
        );
      const fused = hessianRows((l, s) => new MultivariateNormalTriL({loc: l, scaleTril: s}));
      const reference = hessianRows((l, s) => generic(l, s));
      fused.forEach((row, i) =>
        row.forEach((h, j) => {
          const scale = Math.max(...Array.from(tf.abs(reference[i][j]).dataSync()), 1);
          assertClose(t, h, reference[i][j], {rtol: 1e-3, atol: 1e-4 * scale}, `d/dp${j} |d/dp${i}|^2`);
        }),
      );
    });
  });
}

test('wasm: the product form (L^-1 from float64, one float32 product) on a strongly correlated factor is as accurate as a float32 substitution', async (t) => {
  await init({backend: 'wasm'});
  // Cholesky factor of an AR(1) correlation (rho = 0.99; condition number ~4e2): L_i0 = rho^i, L_ij = rho^(i-j) sqrt(1 - rho^2).
  const [m, d, rho] = [300, 32, 0.99];
  const l = new Float32Array(d * d);
  for (let i = 0; i < d; i++) {
    l[i * d] = rho ** i;
    for (let j = 1; j <= i; j++) l[i * d + j] = rho ** (i - j) * Math.sqrt(1 - rho * rho);
  }
  const x = tf.randomNormal([m, d], 0, 1, 'float32', 31);
  const loc = tf.randomNormal([d], 3, 1, 'float32', 32);
  const tril = tf.tensor2d(l, [d, d]);
  const xs = x.dataSync();
  const mu = loc.dataSync();
  // -|z|^2 / 2 by float64 substitution, and by a float32 one (every operation rounded, as a float32 trsm).
  const half = (f: (v: number) => number) =>
    Array.from({length: m}, (_, r) => {
      const z = new Float64Array(d);
      let q = 0;
      for (let i = 0; i < d; i++) {
        let a = f(xs[r * d + i] - mu[i]);
        for (let j = 0; j < i; j++) a = f(a - f(l[i * d + j] * z[j]));
        z[i] = f(a / l[i * d + i]);
        q += z[i] * z[i];
      }
      return -0.5 * q;
    });
  const expected = half((v) => v);
  const float32 = half(Math.fround);
  const shift = tf.tidy(() => tf.add(tf.sum(tf.log(tf.abs(tf.sum(tf.linalg.bandPart(tril, 0, 0), 1)))), 0.5 * d * Math.log(2 * Math.PI)));
  const actual = tf.tidy(() => tf.add(new MultivariateNormalTriL({loc, scaleTril: tril}).logProb(x), shift));
  const values = actual.dataSync();
  const error = (v: ArrayLike<number>) => Math.max(...expected.map((e, r) => Math.abs(v[r] - e) / Math.abs(e)));
  const [ours, trsm] = [error(values), error(float32)];
  t.log(`max relative error: product ${ours.toExponential(2)}, float32 substitution ${trsm.toExponential(2)}`);
  t.true(ours <= Math.max(2 * trsm, 1e-5), `product ${ours} vs float32 substitution ${trsm}`);
  tf.dispose([x, loc, tril, shift, actual]);
});

test('batched parameters take the generic path and still agree', async (t) => {
  await init();
  tf.tidy(() => {
    const tril = tf.stack([factor(3, 8), factor(3, 9)]);
    const loc = tf.randomNormal([2, 3], 0, 1, 'float32', 10);
    const x = tf.randomNormal([4, 2, 3], 0, 1, 'float32', 11);
    assertClose(t, new MultivariateNormalTriL({loc, scaleTril: tril}).logProb(x), generic(loc, tril).logProb(x), {rtol: 1e-5, atol: 1e-5});
  });
});

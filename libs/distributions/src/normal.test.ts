import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Normal} from './normal';
import {klDivergence} from './kl_divergence';
import {assertClose, assertNoLeak, assertSampleMoments, loadFixture} from './internal/testing';

interface NormalCase {
  loc: number;
  scale: number;
  x: number[];
  logProb: number[];
  cdf: number[];
  logCdf: number[];
  sf: number[];
  logSf: number[];
  p: number[];
  quantile: number[];
  entropy: number;
}
const fixture = loadFixture<{cases: NormalCase[]; kl: {p: number[]; q: number[]; kl: number}[]}>('normal');

test.before(async () => {
  await init();
});

// Tolerances: log-densities reach -800, where float32 keeps ~7 significant digits (rtol 2e-6 plus
// the rounding of z^2); probabilities are compared with an absolute floor of float32 denormals.
test('logProb, cdf, survival and their logs match scipy.stats.norm', (t) => {
  for (const c of fixture.cases) {
    assertNoLeak(t, () => {
      const d = new Normal({loc: c.loc, scale: c.scale});
      tf.tidy(() => {
        assertClose(t, d.logProb(c.x), c.logProb, {rtol: 5e-6, atol: 2e-5}, `logProb ${c.loc},${c.scale}`);
        assertClose(t, d.cdf(c.x), c.cdf, {rtol: 2e-5, atol: 1e-37}, 'cdf');
        assertClose(t, d.logCdf(c.x), c.logCdf, {rtol: 2e-5, atol: 2e-6}, 'logCdf');
        assertClose(t, d.survivalFunction(c.x), c.sf, {rtol: 2e-5, atol: 1e-37}, 'sf');
        assertClose(t, d.logSurvivalFunction(c.x), c.logSf, {rtol: 2e-5, atol: 2e-6}, 'logSf');
        assertClose(t, d.prob(c.x), c.logProb.map(Math.exp), {rtol: 1e-4, atol: 1e-37}, 'prob');
        assertClose(t, d.quantile(c.p), c.quantile, {rtol: 2e-5, atol: 2e-5 * c.scale}, 'quantile');
        assertClose(t, d.entropy(), c.entropy, {rtol: 1e-6, atol: 1e-6}, 'entropy');
      });
      d.dispose();
    });
  }
});

test('statistics and batch shapes broadcast', (t) => {
  assertNoLeak(t, () => {
    const loc = tf.tensor2d([[0], [1], [2]]);
    const d = new Normal({loc, scale: [1, 2, 3, 4]});
    t.deepEqual(d.batchShape, [3, 4]);
    t.deepEqual(d.eventShape, []);
    tf.tidy(() => {
      t.deepEqual(d.mean().shape, [3, 4]);
      assertClose(t, d.mean(), [0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2]);
      assertClose(t, d.stddev(), [1, 2, 3, 4, 1, 2, 3, 4, 1, 2, 3, 4]);
      assertClose(t, d.variance(), [1, 4, 9, 16, 1, 4, 9, 16, 1, 4, 9, 16]);
      t.deepEqual(d.mode().shape, [3, 4]);
      t.deepEqual(d.entropy().shape, [3, 4]);
      t.deepEqual(d.sample([5, 2], 1).shape, [5, 2, 3, 4]);
      t.deepEqual(d.sample(7, 1).shape, [7, 3, 4]);
      t.deepEqual(d.sample().shape, [3, 4]);
      // x of shape [2, 1, 4] broadcasts against batch [3, 4].
      t.deepEqual(d.logProb(tf.zeros([2, 1, 4])).shape, [2, 3, 4]);
    });
    d.dispose();
    loc.dispose();
  });
});

test('the same seed gives the same samples; sample moments match within Monte Carlo error', (t) => {
  const d = new Normal({loc: [-1, 0, 3], scale: [0.5, 1, 4]});
  tf.tidy(() => {
    assertClose(t, d.sample(4, 7), d.sample(4, 7), {rtol: 0, atol: 0});
    t.notDeepEqual(Array.from(d.sample(4, 7).dataSync()), Array.from(d.sample(4, 8).dataSync()));
  });
  assertSampleMoments(t, d, {n: 20000, seed: 3});
  d.dispose();
});

test('samples are reparameterized: gradients of E[x^2] match 2 loc and 2 scale', (t) => {
  // E[x^2] = loc^2 + scale^2; the pathwise estimate over n draws has standard error
  // sqrt(Var[2x]/n) for d/dloc and sqrt(Var[2 z x]/n) for d/dscale.
  const loc = tf.scalar(1.5);
  const scale = tf.scalar(0.7);
  const n = 20000;
  const grads = tf.grads((l: tf.Tensor, s: tf.Tensor) =>
    tf.mean(tf.square(new Normal({loc: l, scale: s}).sample(n, 11))),
  )([loc, scale]);
  const [gl, gs] = grads.map((g) => g.dataSync()[0]);
  const seLoc = Math.sqrt((4 * 0.49) / n);
  const seScale = Math.sqrt((4 * (1.5 ** 2 * 1 + 0.7 ** 2 * 3)) / n);
  t.true(Math.abs(gl - 3) < 5 * seLoc, `d/dloc ${gl}`);
  t.true(Math.abs(gs - 1.4) < 5 * seScale, `d/dscale ${gs}`);
  tf.dispose([loc, scale, ...grads]);
});

test('logProb gradients match the analytic derivatives', (t) => {
  const x = tf.tensor1d([-2, 0.3, 4]);
  const loc = tf.tensor1d([0.5, -1, 2]);
  const scale = tf.tensor1d([1.5, 0.2, 3]);
  const [gx, gl, gs] = tf.grads((a: tf.Tensor, l: tf.Tensor, s: tf.Tensor) =>
    new Normal({loc: l, scale: s}).logProb(a).sum(),
  )([x, loc, scale]);
  const xs = [-2, 0.3, 4];
  const ls = [0.5, -1, 2];
  const ss = [1.5, 0.2, 3];
  const z = xs.map((v, i) => (v - ls[i]) / ss[i]);
  assertClose(t, gx, z.map((zi, i) => -zi / ss[i]), {rtol: 1e-5});
  assertClose(t, gl, z.map((zi, i) => zi / ss[i]), {rtol: 1e-5});
  assertClose(t, gs, z.map((zi, i) => (zi * zi - 1) / ss[i]), {rtol: 1e-5});
  tf.dispose([x, loc, scale, gx, gl, gs]);
});

test('KL(Normal || Normal) matches numerical integration', (t) => {
  for (const c of fixture.kl) {
    assertNoLeak(t, () => {
      const p = new Normal({loc: c.p[0], scale: c.p[1]});
      const q = new Normal({loc: c.q[0], scale: c.q[1]});
      tf.tidy(() => {
        assertClose(t, klDivergence(p, q), c.kl, {rtol: 1e-5, atol: 1e-6});
        assertClose(t, p.klDivergence(q), c.kl, {rtol: 1e-5, atol: 1e-6});
        assertClose(t, p.crossEntropy(q), c.kl + p.entropy().dataSync()[0], {rtol: 1e-5, atol: 1e-5});
      });
      p.dispose();
      q.dispose();
    });
  }
});

test('bad parameters give errors naming the distribution, the parameter and the value', (t) => {
  t.throws(() => new Normal({loc: 0, scale: -1}), {message: /Normal: parameter 'scale' must be positive; received -1/});
  t.throws(() => new Normal({loc: 0, scale: [1, 0]}), {message: /'scale' must be positive; received 0 at flat index 1/});
  t.throws(() => new Normal({loc: [0, 1, 2], scale: [1, 2]}), {message: /Normal: parameter shapes do not broadcast \(loc: \[3\], scale: \[2\]\)/});
  const negative = tf.scalar(-2);
  t.notThrows(() => new Normal({loc: 0, scale: negative}).dispose());
  t.throws(() => new Normal({loc: 0, scale: negative, validateArgs: true}), {message: /'scale' must be positive; received -2/});
  negative.dispose();
});

test('a distribution built inside tf.tidy is freed with the scope', (t) => {
  const before = tf.memory().numTensors;
  const value = tf.tidy(() => new Normal({loc: [1, 2], scale: 3}).logProb(0));
  t.is(tf.memory().numTensors, before + 1);
  value.dispose();
});

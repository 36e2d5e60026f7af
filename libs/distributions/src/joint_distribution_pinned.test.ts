import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Dirichlet} from './dirichlet';
import {Distribution} from './distribution';
import {Gamma} from './gamma';
import {CoroutineGenerator, JointDistributionCoroutine, Root} from './joint_distribution_coroutine';
import {JointDistributionNamed} from './joint_distribution_named';
import {JointDistributionSequential} from './joint_distribution_sequential';
import {Multinomial} from './multinomial';
import {Normal} from './normal';
import {Poisson} from './poisson';
import {Sample} from './sample';
import {Uniform} from './uniform';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

// ----------------------------------------------------------------------------------------------
// Normal-normal: mu ~ N(m0, s0), y_i | mu ~ N(mu, s), i = 1..N, y pinned.

const m0 = 1;
const s0 = 2;
const s = 0.5;
const y = [1.2, 0.7, 1.9, 1.4];
const N = y.length;

/** Exact posterior N(mu; mN, sN) and log evidence log N(y; m0 1, s^2 I + s0^2 1 1^T), in float64. */
function normalNormal(): {logPosterior: (mu: number) => number; logEvidence: number} {
  const precision = 1 / s0 ** 2 + N / s ** 2;
  const mN = (m0 / s0 ** 2 + y.reduce((a, b) => a + b) / s ** 2) / precision;
  const sN = Math.sqrt(1 / precision);
  const r = y.map((v) => v - m0);
  const rr = r.reduce((a, v) => a + v * v, 0);
  const rs = r.reduce((a, v) => a + v, 0);
  // Matrix determinant lemma and Sherman-Morrison for s^2 I + s0^2 1 1^T.
  const logDet = 2 * N * Math.log(s) + Math.log(1 + (N * s0 ** 2) / s ** 2);
  const quad = (rr - (s0 ** 2 * rs ** 2) / (s ** 2 + N * s0 ** 2)) / s ** 2;
  return {
    logPosterior: (mu) => -0.5 * ((mu - mN) / sN) ** 2 - Math.log(sN) - 0.5 * Math.log(2 * Math.PI),
    logEvidence: -0.5 * (N * Math.log(2 * Math.PI) + logDet + quad),
  };
}

function likelihood(mu: tf.Tensor): Distribution {
  return new Sample({distribution: new Normal({loc: mu, scale: s}), sampleShape: [N], name: 'y'});
}

test('pinned normal-normal: unnormalizedLogProb = exact log posterior + log evidence, for all three joints', (t) => {
  const prior = new Normal({loc: m0, scale: s0, name: 'mu'});
  const seq = new JointDistributionSequential({model: [prior, (mu) => likelihood(mu)]});
  const named = new JointDistributionNamed({model: {mu: prior, y: ({mu}: {mu: tf.Tensor}) => likelihood(mu)}});
  const coroutine = new JointDistributionCoroutine({
    model: function* (): CoroutineGenerator {
      const mu = yield Root(prior);
      yield likelihood(mu);
    },
  });
  const {logPosterior, logEvidence} = normalNormal();
  const mus = [-1, 0.3, 1.25, 2.5];
  const expected = mus.map((mu) => logPosterior(mu) + logEvidence);
  assertNoLeak(t, () => {
    const pins = [
      ['Sequential by position', seq.experimentalPin([undefined, y])],
      ['Sequential by name', seq.experimentalPin({y})],
      ['Named', named.experimentalPin({y})],
      ['Coroutine by name', coroutine.experimentalPin({y})],
    ] as const;
    for (const [label, pinned] of pins) {
      tf.tidy(() => {
        // mu with a leading (chain) dim of 4: one log-density per chain. Tolerance: float32 sums of
        // terms of size < 20 (atol 1e-4).
        const free = 'freeKeys' in pinned && pinned.freeKeys[0] === 'mu' ? {mu: mus} : [mus];
        const lp = (pinned.unnormalizedLogProb as (v: unknown) => tf.Tensor)(free);
        t.deepEqual(lp.shape, [mus.length], label);
        assertClose(t, lp, expected, {rtol: 1e-5, atol: 1e-4}, label);
      });
      t.deepEqual(pinned.freePartNames, ['mu'], label);
      pinned.dispose();
    }
  });
  prior.dispose();
});

// ----------------------------------------------------------------------------------------------
// A dependent support: s ~ Gamma(2, 1); w | s ~ Uniform(0, s); y | w ~ N(w, 1), y = 0.3 pinned.

function dependentModel(): JointDistributionCoroutine {
  return new JointDistributionCoroutine({
    model: function* (): CoroutineGenerator {
      const scale = yield Root(new Gamma({concentration: 2, rate: 1, name: 's'}));
      const w = yield new Uniform({low: tf.zerosLike(scale), high: scale, name: 'w'});
      yield new Normal({loc: w, scale: 1, name: 'y'});
    },
  });
}

const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
const softplus = (v: number) => Math.log1p(Math.exp(v));

test('unconstrained density: log p(forward(z)) + log|det J| with J the numerical Jacobian of the dependent map', (t) => {
  const pinned = dependentModel().experimentalPin({y: 0.3});
  t.deepEqual(pinned.freePartNames, ['s', 'w']);
  t.deepEqual(pinned.eventShape, [[], []]);
  assertNoLeak(t, () => {
    const b = pinned.experimentalDefaultEventSpaceBijector();
    t.deepEqual(b.forwardMinEventNdims, [0, 0]);
    const forward = (z1: number, z2: number) =>
      tf.tidy(() => (b.forward([z1, z2]) as tf.Tensor[]).map((v) => v.dataSync()[0]));
    for (const [z1, z2] of [[0.2, -0.4], [-1.5, 1.1], [2, 0]]) {
      // s = softplus(z1), w = s sigmoid(z2): w's bounds follow s.
      const [sv, wv] = forward(z1, z2);
      assertClose(t, [sv, wv], [softplus(z1), softplus(z1) * sigmoid(z2)], {rtol: 1e-5, atol: 1e-6});
      // Central differences (h = 1e-2, float32 maps of size < 3: error < 1e-4 per entry) of the full
      // 2x2 Jacobian, including the off-diagonal dw/dz1 that the determinant must ignore.
      const h = 1e-2;
      const col = (dz1: number, dz2: number) => {
        const up = forward(z1 + dz1, z2 + dz2);
        const down = forward(z1 - dz1, z2 - dz2);
        return up.map((u, i) => (u - down[i]) / (2 * h));
      };
      const [j11, j21] = col(h, 0);
      const [j12, j22] = col(0, h);
      t.true(Math.abs(j21) > 0.05, 'w depends on z1 through its bound');
      const logDet = Math.log(Math.abs(j11 * j22 - j12 * j21));
      tf.tidy(() => {
        const exact = Math.log(sigmoid(z1)) + Math.log(softplus(z1) * sigmoid(z2) * sigmoid(-z2));
        assertClose(t, b.forwardLogDetJacobian([z1, z2]), logDet, {rtol: 0, atol: 2e-3}, 'fldj vs numerical Jacobian');
        assertClose(t, b.forwardLogDetJacobian([z1, z2]), exact, {rtol: 1e-5, atol: 1e-5}, 'fldj closed form');
        const x = b.forward([z1, z2]) as tf.Tensor[];
        const target = pinned.unnormalizedLogProbUnconstrained([z1, z2]);
        assertClose(t, tf.sub(target, pinned.unnormalizedLogProb(x)), logDet, {rtol: 0, atol: 2e-3}, 'target - log p = log|det J|');
        // ildj at forward(z) undoes it; inverse round-trips.
        assertClose(t, b.inverseLogDetJacobian(x), -exact, {rtol: 1e-4, atol: 1e-4});
        assertClose(t, tf.stack(b.inverse(x) as tf.Tensor[]), [z1, z2], {rtol: 1e-4, atol: 1e-4});
      });
    }
  });
  pinned.dispose();
});

test('unconstrainedTargetLogProbFn: positional parts with chain dims, one value per chain', (t) => {
  const pinned = dependentModel().experimentalPin([undefined, undefined, 0.3]);
  const target = pinned.unconstrainedTargetLogProbFn();
  const z1 = [0.2, -1.5, 2];
  const z2 = [-0.4, 1.1, 0];
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const batched = target(tf.tensor1d(z1), tf.tensor1d(z2));
      t.deepEqual(batched.shape, [3]);
      const single = z1.map((v, i) => pinned.unnormalizedLogProbUnconstrained([v, z2[i]]).dataSync()[0]);
      assertClose(t, batched, single, {rtol: 1e-5, atol: 1e-5});
      // Its gradient exists and is finite (what HMC needs).
      const grads = tf.grads((a: tf.Tensor, b: tf.Tensor) => target(a, b))([tf.tensor1d(z1), tf.tensor1d(z2)]);
      grads.forEach((g) => t.true(Array.from(g.dataSync()).every(Number.isFinite)));
    });
    t.throws(() => tf.tidy(() => target(tf.scalar(0))), {message: /the target takes the 2 free parts \(s, w\); received 1/});
  });
  pinned.dispose();
});

test('the joint bijector of the whole model, and sampleUnpinned', (t) => {
  const jd = dependentModel();
  assertNoLeak(t, () => {
    const b = jd.experimentalDefaultEventSpaceBijector();
    t.deepEqual(b.forwardMinEventNdims, [0, 0, 0]);
    t.deepEqual(b.inverseEventShape([[], [], []]), [[], [], []]);
    tf.tidy(() => {
      const z = [0, 1, 2].map((i) => tf.randomNormal([200], 0, 1.5, 'float32', i));
      const [sv, wv, yv] = b.forward(z) as tf.Tensor[];
      t.true(tf.all(tf.greater(sv, 0)).dataSync()[0] === 1);
      t.true(tf.all(tf.logicalAnd(tf.greater(wv, 0), tf.less(wv, sv))).dataSync()[0] === 1, 'w in (0, s)');
      assertClose(t, yv, z[2], {rtol: 0, atol: 0}, 'y is unconstrained: Identity');
      const lp = jd.logProb([sv, wv, yv]);
      t.true(Array.from(lp.dataSync()).every(Number.isFinite));
      (b.inverse([sv, wv, yv]) as tf.Tensor[]).forEach((v, i) => assertClose(t, v, z[i], {rtol: 2e-3, atol: 5e-3}, `part ${i}`));
    });
    const pinned = jd.experimentalPin({y: 0.3});
    const [sDraw, wDraw] = pinned.sampleUnpinned([500], 3);
    t.deepEqual([sDraw.shape, wDraw.shape], [[500], [500]]);
    t.true(tf.tidy(() => tf.all(tf.logicalAnd(tf.greater(wDraw, 0), tf.less(wDraw, sDraw))).dataSync()[0]) === 1);
    tf.dispose([sDraw, wDraw]);
    pinned.dispose();
  });
});

test('a simplex part: pinned Dirichlet-multinomial is the Dirichlet(alpha + counts) posterior up to a constant', (t) => {
  const alpha = [1, 2, 3];
  const counts = [2, 3, 5];
  const jd = new JointDistributionNamed({
    model: {
      p: new Dirichlet({concentration: alpha}),
      counts: ({p}: {p: tf.Tensor}) => new Multinomial({totalCount: 10, probs: p}),
    },
  });
  const pinned = jd.experimentalPin({counts});
  const posterior = new Dirichlet({concentration: alpha.map((a, i) => a + counts[i])});
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const b = pinned.experimentalDefaultEventSpaceBijector();
      t.deepEqual(pinned.eventShape, {p: [3]});
      t.deepEqual(pinned.batchShape, {p: []});
      t.deepEqual(pinned.dtype, {p: 'float32'});
      t.deepEqual(b.inverseEventShape(pinned.eventShape), {p: [2]});
      const z = tf.tensor2d([[0, 0], [1, -1], [-2, 0.5], [0.3, 2]]);
      const {p} = b.forward({p: z}) as {p: tf.Tensor};
      const diff = tf.sub(pinned.unnormalizedLogProb({p}), posterior.logProb(p)).dataSync();
      // Constant in p (float32 log-densities of size < 15: atol 1e-4).
      Array.from(diff).forEach((d) => t.true(Math.abs(d - diff[0]) < 1e-4, `${d} vs ${diff[0]}`));
      const target = pinned.unnormalizedLogProbUnconstrained({p: z});
      assertClose(t, target, tf.add(pinned.unnormalizedLogProb({p}), b.forwardLogDetJacobian({p: z})), {rtol: 1e-5, atol: 1e-4});
      t.deepEqual(target.shape, [4]);
    });
  });
  pinned.dispose();
  posterior.dispose();
  (jd.model.p as Distribution).dispose();
});

test('bad pins and free values give errors naming the parts', (t) => {
  const prior = new Normal({loc: 0, scale: 1});
  const seq = new JointDistributionSequential({model: [prior, (mu) => new Normal({loc: mu, scale: 1})]});
  const named = new JointDistributionNamed({model: {mu: prior, y: ({mu}: {mu: tf.Tensor}) => new Normal({loc: mu, scale: 1})}});
  assertNoLeak(t, () => {
    t.throws(() => seq.experimentalPin({Normal: 1}), {
      message: /JointDistributionSequential\.experimentalPin: the name 'Normal' is shared by model\[0\], model\[1\]; name the distributions or pin by position/,
    });
    t.throws(() => named.experimentalPin({z: 1}), {message: /JointDistributionNamed\.experimentalPin: 'z' is not a part of the model \(parts: mu, y\)/});
    t.throws(() => named.experimentalPin([undefined, 1] as unknown as Record<string, number>), {message: /pins must be an object by part name \(mu, y\); received an array/});
    t.throws(() => seq.experimentalPin([undefined, 1, 2]), {message: /pins must be an array of at most 2 values \(one per part\); received 3/});
    t.throws(() => seq.experimentalPin([0, 1]), {message: /every part is pinned; leave at least one part free/});
    t.throws(() => seq.experimentalPin(5 as unknown as number[]), {message: /pins must be an array like the values or an object by part name; received 5/});
    const pinned = named.experimentalPin({y: 1});
    t.throws(() => pinned.unnormalizedLogProb({mu: 1, y: 2}), {
      message: /JointDistributionNamedPinned: free values must be an object with exactly the free parts \{mu\}; received keys \[mu, y\] \(not free parts: y\)/,
    });
    const seqPinned = seq.experimentalPin([undefined, 1]);
    t.throws(() => seqPinned.unnormalizedLogProb([1, 2]), {message: /free values must be an array of the 1 free parts \(model\[0\]\); received an array of 2/});
    t.throws(() => seqPinned.experimentalDefaultEventSpaceBijector().forwardLogDetJacobian([0], [1]), {
      message: /eventNdims of model\[0\] must be its event rank 0; received 1/,
    });
    pinned.dispose();
    seqPinned.dispose();
    const discrete = new JointDistributionSequential({model: [new Poisson({rate: 2}), (k) => new Normal({loc: k, scale: 1})]});
    const dp = discrete.experimentalPin([undefined, 1.5]);
    t.throws(() => dp.experimentalDefaultEventSpaceBijector(), {message: /JointDistributionSequential: model\[0\]: Poisson: has no default event-space bijector/});
    t.throws(() => dp.unnormalizedLogProbUnconstrained([0]), {message: /model\[0\]: Poisson: has no default event-space bijector/});
    dp.dispose();
    (discrete.model[0] as Distribution).dispose();
  });
  prior.dispose();
});

test('whole-joint bijectors of Sequential (arrays) and Named (objects): support, round trip, density', (t) => {
  const rate = new Gamma({concentration: 3, rate: 2});
  const seq = new JointDistributionSequential({
    model: [rate, (r) => new Sample({distribution: new Gamma({concentration: 2, rate: r}), sampleShape: [3]}), (g) => new Dirichlet({concentration: g})],
  });
  const named = new JointDistributionNamed({
    model: {rate, g: ({rate: r}: {rate: tf.Tensor}) => new Sample({distribution: new Gamma({concentration: 2, rate: r}), sampleShape: [3]}), p: ({g}: {g: tf.Tensor}) => new Dirichlet({concentration: g})},
  });
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const z = [tf.randomNormal([5], 0, 1, 'float32', 1), tf.randomNormal([5, 3], 0, 1, 'float32', 2), tf.randomNormal([5, 2], 0, 1, 'float32', 3)];
      const bSeq = seq.experimentalDefaultEventSpaceBijector();
      t.deepEqual(bSeq.forwardMinEventNdims, [0, 1, 1]);
      t.deepEqual(bSeq.inverseEventShape([[], [3], [3]]), [[], [3], [2]]);
      const x = bSeq.forward(z) as tf.Tensor[];
      t.deepEqual(x.map((v) => v.shape), [[5], [5, 3], [5, 3]]);
      const lp = seq.logProb(x);
      t.true(Array.from(lp.dataSync()).every(Number.isFinite), 'forward(z) is in the support');
      // Nothing pinned: the unconstrained density is log p(forward(z)) + fldj(z), one per leading index.
      const all = seq.experimentalPin([]);
      const target = all.unnormalizedLogProbUnconstrained(z);
      assertClose(t, target, tf.add(lp, bSeq.forwardLogDetJacobian(z)), {rtol: 1e-5, atol: 1e-4});
      (bSeq.inverse(x) as tf.Tensor[]).forEach((v, i) => assertClose(t, v, z[i], {rtol: 2e-3, atol: 5e-3}, `seq part ${i}`));
      all.dispose();
      // The named model gives the same maps, keyed.
      const bNamed = named.experimentalDefaultEventSpaceBijector();
      t.deepEqual(bNamed.forwardMinEventNdims, {rate: 0, g: 1, p: 1});
      const xn = bNamed.forward({rate: z[0], g: z[1], p: z[2]}) as Record<string, tf.Tensor>;
      t.deepEqual(Object.keys(xn), ['rate', 'g', 'p']);
      x.forEach((v, i) => assertClose(t, xn[['rate', 'g', 'p'][i]], v, {rtol: 1e-6, atol: 1e-6}));
      assertClose(t, bNamed.forwardLogDetJacobian({rate: z[0], g: z[1], p: z[2]}), bSeq.forwardLogDetJacobian(z), {rtol: 1e-6, atol: 1e-5});
      t.throws(() => bNamed.forward([z[0]]), {message: /x must be an object with exactly the free parts \{rate, g, p\}; received an array of 1/});
    });
  });
  rate.dispose();
});

test('the unconstrained density integrates to the same evidence as the constrained one (change of variables)', (t) => {
  // s ~ Gamma(2, 1); y | s ~ N(0, s); y = 0.5 pinned. Evidence = int p(s) p(y | s) ds, by the trapezoid
  // rule on s in (0, 40] and on z in [-16, 40] (s = softplus(z)); both grids resolve the integrand to
  // < 1e-4 relative, so they agree to 1e-3 (scipy quad gives 0.2413605).
  const jd = new JointDistributionNamed({
    model: {s: new Gamma({concentration: 2, rate: 1}), y: ({s: scale}: {s: tf.Tensor}) => new Normal({loc: 0, scale})},
  });
  const pinned = jd.experimentalPin({y: 0.5});
  const trapezoid = (xs: number[], fs: number[]) => xs.slice(1).reduce((a, x, i) => a + 0.5 * (x - xs[i]) * (fs[i] + fs[i + 1]), 0);
  assertNoLeak(t, () => {
    const n = 20001;
    const ss = Array.from({length: n}, (_, i) => 1e-6 + (40 * i) / (n - 1));
    const zs = Array.from({length: n}, (_, i) => -16 + (56 * i) / (n - 1));
    const constrained = tf.tidy(() => Array.from(tf.exp(pinned.unnormalizedLogProb({s: ss})).dataSync()));
    const unconstrained = tf.tidy(() => Array.from(tf.exp(pinned.unnormalizedLogProbUnconstrained({s: zs})).dataSync()));
    const a = trapezoid(ss, constrained);
    const b = trapezoid(zs, unconstrained);
    t.true(Math.abs(a - b) < 1e-3 * a, `constrained ${a} vs unconstrained ${b}`);
    // scipy.integrate.quad of exp(-s - 0.125 / s^2) / sqrt(2 pi) over (0, inf).
    t.true(Math.abs(b - 0.2413605333) < 1e-3 * 0.2413605333, `unconstrained ${b} vs scipy 0.2413605333`);
  });
  pinned.dispose();
  (jd.model.s as Distribution).dispose();
});

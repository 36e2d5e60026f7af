import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {klDivergence, Normal} from '@tfjs-probability/distributions';
import {
  amariAlpha,
  arithmeticGeometric,
  chiSquare,
  CsiszarFunction,
  dualCsiszarFunction,
  jeffreys,
  jensenShannon,
  klForward,
  klReverse,
  log1pAbs,
  modifiedGan,
  pearson,
  squaredHellinger,
  symmetrizedCsiszarFunction,
  totalVariation,
  tPower,
  triangular,
} from './csiszar_functions';
import {assertClose, assertNoLeak, integrate, meanAndSe, normalPdf} from './internal/testing';

test.before(async () => {
  await init();
});

const LN2 = Math.LN2;
// Grid of logu in [-3, 3]; references are evaluated at the float32-rounded points.
const LOGU = Array.from({length: 25}, (_, i) => Math.fround(-3 + 0.25 * i));

interface Case {
  name: string;
  fn: CsiszarFunction;
  /** The closed-form definition f(u), float64. */
  ref: (u: number) => number;
  /** Whether f'(1) = 0 (self-normalised, or so by construction). */
  flatAtOne: boolean;
  /** f has a kink at u = 1 (no derivative there). */
  kink?: boolean;
}

const CASES: Case[] = [
  {name: 'klReverse', fn: (x) => klReverse(x), ref: (u) => -Math.log(u), flatAtOne: false},
  {name: 'klReverse sn', fn: (x) => klReverse(x, {selfNormalized: true}), ref: (u) => -Math.log(u) + (u - 1), flatAtOne: true},
  {name: 'klForward', fn: (x) => klForward(x), ref: (u) => u * Math.log(u), flatAtOne: false},
  {name: 'klForward sn', fn: (x) => klForward(x, {selfNormalized: true}), ref: (u) => u * Math.log(u) - (u - 1), flatAtOne: true},
  {name: 'amariAlpha 0.5', fn: (x) => amariAlpha(x, {alpha: 0.5}), ref: (u) => (u ** 0.5 - 1) / (0.5 * -0.5), flatAtOne: false},
  {
    name: 'amariAlpha 2 sn',
    fn: (x) => amariAlpha(x, {alpha: 2, selfNormalized: true}),
    ref: (u) => (u ** 2 - 1 - 2 * (u - 1)) / 2,
    flatAtOne: true,
  },
  {
    name: 'jensenShannon',
    fn: (x) => jensenShannon(x),
    ref: (u) => u * Math.log(u) - (1 + u) * Math.log(1 + u),
    flatAtOne: false,
  },
  {
    name: 'jensenShannon sn',
    fn: (x) => jensenShannon(x, {selfNormalized: true}),
    ref: (u) => u * Math.log(u) - (1 + u) * Math.log(1 + u) + (1 + u) * LN2,
    flatAtOne: true,
  },
  {
    name: 'arithmeticGeometric sn',
    fn: (x) => arithmeticGeometric(x, {selfNormalized: true}),
    ref: (u) => (1 + u) * Math.log((1 + u) / Math.sqrt(u)) - (1 + u) * LN2,
    flatAtOne: true,
  },
  {name: 'totalVariation', fn: totalVariation, ref: (u) => 0.5 * Math.abs(u - 1), flatAtOne: false, kink: true},
  {name: 'pearson', fn: pearson, ref: (u) => (u - 1) ** 2, flatAtOne: true},
  {name: 'squaredHellinger', fn: squaredHellinger, ref: (u) => (Math.sqrt(u) - 1) ** 2, flatAtOne: true},
  {name: 'triangular', fn: triangular, ref: (u) => (u - 1) ** 2 / (1 + u), flatAtOne: true},
  {name: 'tPower 0.5 sn', fn: (x) => tPower(x, {t: 0.5, selfNormalized: true}), ref: (u) => -(u ** 0.5 - 1 - 0.5 * (u - 1)), flatAtOne: true},
  {name: 'tPower 3', fn: (x) => tPower(x, {t: 3}), ref: (u) => u ** 3 - 1, flatAtOne: false},
  {name: 'log1pAbs', fn: log1pAbs, ref: (u) => u ** Math.sign(u - 1) - 1, flatAtOne: false, kink: true},
  {name: 'jeffreys', fn: jeffreys, ref: (u) => 0.5 * (u * Math.log(u) - Math.log(u)), flatAtOne: true},
  {name: 'chiSquare', fn: chiSquare, ref: (u) => u * u - 1, flatAtOne: false},
  {name: 'modifiedGan sn', fn: (x) => modifiedGan(x, {selfNormalized: true}), ref: (u) => Math.log1p(u) - Math.log(u) + 0.5 * (u - 1), flatAtOne: true},
];

test('every Csiszar function matches its closed-form definition f(exp(logu)) on logu in [-3, 3]', (t) => {
  for (const c of CASES) {
    const actual = assertNoLeak(t, () => {
      const x = tf.tensor1d(LOGU);
      const y = c.fn(x);
      const v = y.dataSync();
      tf.dispose([x, y]);
      return v;
    }, `${c.name}: no leak`);
    // float32: a few ulps of relative error in exp/log/softplus; u^3 reaches e^9 ~ 8e3.
    assertClose(t, actual, LOGU.map((x) => c.ref(Math.exp(x))), {rtol: 2e-5, atol: 2e-6}, c.name);
  }
});

test('f(1) = 0 where defined so, f is convex in u, and f\'(1) = 0 for the self-normalised ones', (t) => {
  for (const c of CASES) {
    const at1 = tf.tidy(() => c.fn(tf.scalar(0)).dataSync()[0]);
    const expectedAt1 = c.ref(1);
    t.true(Math.abs(at1 - expectedAt1) < 1e-6, `${c.name}: f(1) = ${at1}, expected ${expectedAt1}`);
    // d f / d u at u = 1 equals d f / d logu at logu = 0.
    if (!c.kink) {
      const slope = tf.tidy(() => tf.grad((x: tf.Tensor) => c.fn(x))(tf.scalar(0)).dataSync()[0]);
      const h = 1e-4;
      const fd = (c.ref(1 + h) - c.ref(1 - h)) / (2 * h);
      t.true(Math.abs(slope - fd) < 1e-4, `${c.name}: f'(1) = ${slope}, finite difference ${fd}`);
      if (c.flatAtOne) t.true(Math.abs(slope) < 1e-6, `${c.name}: f'(1) = ${slope}`);
    }
    // Convexity in u: second differences on a u grid are >= 0 (up to float32 noise).
    const us = Array.from({length: 40}, (_, i) => 0.1 + 0.1 * i);
    const fu = tf.tidy(() => Array.from(c.fn(tf.log(tf.tensor1d(us))).dataSync()));
    for (let i = 1; i < us.length - 1; i++) {
      const second = fu[i - 1] - 2 * fu[i] + fu[i + 1];
      t.true(second > -1e-5 * (1 + Math.abs(fu[i])), `${c.name}: second difference at u=${us[i]} is ${second}`);
    }
  }
});

test('the dual of klReverse is klForward; symmetrising klReverse or klForward gives jeffreys', (t) => {
  assertNoLeak(t, () => {
    const x = tf.tensor1d(LOGU);
    const pairs: [tf.Tensor, tf.Tensor, string][] = [
      [dualCsiszarFunction(x, (l) => klReverse(l)), klForward(x), 'dual(klReverse)'],
      [dualCsiszarFunction(x, (l) => klForward(l)), klReverse(x), 'dual(klForward)'],
      [symmetrizedCsiszarFunction(x, (l) => klReverse(l)), jeffreys(x), 'sym(klReverse)'],
      [symmetrizedCsiszarFunction(x, (l) => klForward(l)), jeffreys(x), 'sym(klForward)'],
      // Jensen-Shannon is self-dual: symmetrising it changes nothing.
      [symmetrizedCsiszarFunction(x, (l) => jensenShannon(l, {selfNormalized: true})), jensenShannon(x, {selfNormalized: true}), 'sym(js)'],
    ];
    for (const [a, b, label] of pairs) assertClose(t, a.dataSync(), b.dataSync(), {rtol: 1e-5, atol: 1e-6}, label);
    tf.dispose([x, ...pairs.flatMap(([a, b]) => [a, b])]);
  });
});

/**
 * Monte Carlo D_f[p, q] = E_q[f(p(x) / q(x))] for Normals, from n draws of q, as (mean, se), and
 * the same divergence by quadrature of int q f(p / q) dx in float64.
 */
function divergence(
  f: CsiszarFunction,
  ref: (u: number) => number,
  p: [number, number],
  q: [number, number],
  seed: number,
): {mc: {mean: number; se: number}; exact: number} {
  const n = 40000;
  const values = tf.tidy(() => {
    const pd = new Normal({loc: p[0], scale: p[1]});
    const qd = new Normal({loc: q[0], scale: q[1]});
    const x = qd.sample(n, seed);
    return f(tf.sub(pd.logProb(x), qd.logProb(x))).dataSync();
  });
  const exact = integrate(
    (x) => {
      const qx = normalPdf(x, q[0], q[1]);
      return qx === 0 ? 0 : qx * ref(normalPdf(x, p[0], p[1]) / qx);
    },
    -12,
    12,
  );
  return {mc: meanAndSe(values), exact};
}

test('E_q[f(p/q)] estimates the f-divergence: KL both ways (against tfd.klDivergence), JS, TV, Hellinger, Pearson', (t) => {
  const p: [number, number] = [0.7, 0.8];
  const q: [number, number] = [0, 1];
  const kl = (a: [number, number], b: [number, number]) =>
    tf.tidy(() => klDivergence(new Normal({loc: a[0], scale: a[1]}), new Normal({loc: b[0], scale: b[1]})).dataSync()[0]);
  const checks: [string, CsiszarFunction, (u: number) => number, number | undefined][] = [
    ['klReverse = KL(q||p)', (x) => klReverse(x), (u) => -Math.log(u), kl(q, p)],
    ['klForward = KL(p||q)', (x) => klForward(x), (u) => u * Math.log(u), kl(p, q)],
    ['jensenShannon', (x) => jensenShannon(x, {selfNormalized: true}), (u) => u * Math.log(u) - (1 + u) * Math.log((1 + u) / 2), undefined],
    ['totalVariation', totalVariation, (u) => 0.5 * Math.abs(u - 1), undefined],
    ['squaredHellinger', squaredHellinger, (u) => (Math.sqrt(u) - 1) ** 2, undefined],
    ['pearson', pearson, (u) => (u - 1) ** 2, undefined],
  ];
  let seed = 100;
  for (const [label, f, ref, closedForm] of checks) {
    const {mc, exact} = divergence(f, ref, p, q, seed++);
    if (closedForm !== undefined) t.true(Math.abs(exact - closedForm) < 1e-6, `${label}: quadrature ${exact} vs closed form ${closedForm}`);
    // 5 Monte Carlo standard errors.
    t.true(Math.abs(mc.mean - exact) < 5 * mc.se, `${label}: MC ${mc.mean} +- ${mc.se}, exact ${exact}`);
    t.true(mc.se < 0.05 * Math.max(exact, 0.01) + 1e-3, `${label}: se ${mc.se} is small enough to make the test sharp`);
  }
  // Squared Hellinger between normals: 2 (1 - sqrt(2 s1 s2 / (s1^2 + s2^2)) exp(-(m1 - m2)^2 / (4 (s1^2 + s2^2)))).
  const bc = Math.sqrt((2 * p[1] * q[1]) / (p[1] ** 2 + q[1] ** 2)) * Math.exp(-((p[0] - q[0]) ** 2) / (4 * (p[1] ** 2 + q[1] ** 2)));
  const hell = divergence(squaredHellinger, (u) => (Math.sqrt(u) - 1) ** 2, p, q, 7).exact;
  t.true(Math.abs(hell - 2 * (1 - bc)) < 1e-6, `Hellinger quadrature ${hell} vs closed form ${2 * (1 - bc)}`);
});

test('self-normalised Jensen-Shannon lies in [0, 2 log 2], is symmetric, and grows with the separation', (t) => {
  const ref = (u: number) => u * Math.log(u) - (1 + u) * Math.log((1 + u) / 2);
  const js = (x: tf.Tensor) => jensenShannon(x, {selfNormalized: true});
  let previous = 0;
  for (const [i, d] of [0.5, 1.5, 3].entries()) {
    const pq = divergence(js, ref, [d, 1], [0, 1], 200 + i);
    const qp = divergence(js, ref, [0, 1], [d, 1], 300 + i);
    t.true(pq.exact > previous && pq.exact < 2 * LN2, `separation ${d}: JS ${pq.exact}`);
    t.true(Math.abs(pq.mc.mean - qp.mc.mean) < 5 * Math.hypot(pq.mc.se, qp.mc.se), `symmetric at ${d}: ${pq.mc.mean} vs ${qp.mc.mean}`);
    t.true(pq.mc.mean < 2 * LN2 && pq.mc.mean > 0, `MC estimate in (0, 2 log 2) at ${d}`);
    previous = pq.exact;
  }
});

test('bad input: non-numeric logu, non-finite alpha, non-boolean selfNormalized, missing t or function', (t) => {
  t.throws(() => klReverse('abc' as unknown as number), {message: /klReverse|amariAlpha: logu must be a number, array or tensor; received abc/});
  t.throws(() => amariAlpha(0, {alpha: NaN}), {message: /amariAlpha: alpha must be a finite JS number; received NaN/});
  t.throws(() => jensenShannon(0, {selfNormalized: 1 as unknown as boolean}), {message: /jensenShannon: selfNormalized must be a boolean; received 1/});
  t.throws(() => tPower(0, undefined as unknown as {t: number}), {message: /tPower: the power t is required/});
  t.throws(() => dualCsiszarFunction(0, 3 as unknown as CsiszarFunction), {message: /dualCsiszarFunction: csiszarFunction must be a function of logu; received 3/});
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {compileValueAndGrads, init} from '@tfjs-probability/backend';
import {lgamma} from '@tfjs-probability/math';
import {Gamma} from '../gamma';
import {Normal} from '../normal';
import {StudentT} from '../student_t';
import {Distribution} from '../distribution';
import {log1p64, log64, logOfFloat32Bits} from './fused_log_prob';
import {select} from './select';
import {assertClose, assertNoLeak} from './testing';

const BACKENDS = ['cpu', 'wasm'] as const;

test('log64 and log1p64 agree with Math.log and Math.log1p to 1e-13 relative over the float64 range', (t) => {
  const rel = (a: number, b: number) => Math.abs(a - b) / Math.max(Math.abs(b), 1e-300);
  let worstLog = 0;
  let worstLog1p = 0;
  let seed = 1;
  const uniform = () => ((seed = (seed * 48271) % 2147483647) / 2147483647);
  for (let i = 0; i < 200000; i++) {
    const v = Math.exp((uniform() - 0.5) * 1400);
    worstLog = Math.max(worstLog, rel(log64(v), Math.log(v)));
    // Near 1 from both sides, where log v is small and must keep its relative accuracy.
    const w = 1 + (uniform() - 0.5) * 10 ** (-1 - 15 * uniform());
    if (w !== 1) worstLog = Math.max(worstLog, rel(log64(w), Math.log(w)));
    const u = 10 ** (-30 + 40 * uniform());
    worstLog1p = Math.max(worstLog1p, rel(log1p64(u), Math.log1p(u)));
    const neg = -uniform();
    if (neg > -1) worstLog1p = Math.max(worstLog1p, rel(log1p64(neg), Math.log1p(neg)));
  }
  t.true(worstLog < 1e-13, `log64 worst relative error ${worstLog}`);
  t.true(worstLog1p < 1e-13, `log1p64 worst relative error ${worstLog1p}`);
  for (const v of [0, -0, -1, Infinity, -Infinity, NaN, 5e-324, 1e-310, Number.MAX_VALUE, 1, 2, 0.5]) {
    t.is(log64(v), Math.log(v), `log64(${v})`);
  }
  // From float32 bits: the same value as log64, for every exponent and a spread of mantissas.
  const f32 = new Float32Array(1);
  const bits = new Int32Array(f32.buffer);
  let mismatches = 0;
  for (let b = 0x00800000; b < 0x7f800000; b += 4099) {
    bits[0] = b;
    if (logOfFloat32Bits(b) !== log64(f32[0])) mismatches++;
  }
  t.is(mismatches, 0, 'logOfFloat32Bits vs log64');
  for (const u of [0, -0, -1, -2, Infinity, NaN, 1e300, 5e-324]) {
    t.is(log1p64(u), Math.log1p(u), `log1p64(${u})`);
  }
});

/** The op-by-op log-densities the fused kernels replace (TFP's formulas), differentiated by tfjs. */
const REFERENCE: Record<string, (x: tf.Tensor, p: tf.Tensor[]) => tf.Tensor> = {
  Normal: (x, [loc, scale]) =>
    tf.sub(tf.mul(-0.5, tf.square(tf.div(tf.sub(x, loc), scale))), tf.add(tf.log(scale), 0.5 * Math.log(2 * Math.PI))),
  Gamma: (x, [a, b]) => {
    const inside = tf.greaterEqual(x, 0);
    const safeX = select(inside, x, 1);
    const logX = tf.log(safeX);
    const xlogy = select(tf.equal(tf.add(a, tf.zerosLike(safeX)), 1), 0, tf.mul(tf.sub(a, 1), logX));
    const value = tf.sub(tf.sub(xlogy, tf.mul(b, safeX)), tf.sub(lgamma(a), tf.mul(a, tf.log(b))));
    return select(inside, value, -Infinity);
  },
  StudentT: (x, [nu, loc, scale]) => {
    const t = tf.div(tf.sub(x, loc), scale);
    const normalizer = tf.add(
      tf.sub(lgamma(tf.mul(0.5, nu)), lgamma(tf.mul(0.5, tf.add(nu, 1)))),
      tf.add(tf.mul(0.5, tf.log(tf.mul(Math.PI, nu))), tf.log(scale)),
    );
    return tf.sub(tf.mul(tf.mul(-0.5, tf.add(nu, 1)), tf.log1p(tf.div(tf.square(t), nu))), normalizer);
  },
};

const MAKE: Record<string, (p: tf.Tensor[]) => Distribution> = {
  Normal: ([loc, scale]) => new Normal({loc, scale}),
  Gamma: ([concentration, rate]) => new Gamma({concentration, rate}),
  StudentT: ([df, loc, scale]) => new StudentT({df, loc, scale}),
};

/** Parameter values per distribution (positive where they must be), drawn for a given shape. */
function params(name: string, shape: number[], seed: number): tf.Tensor[] {
  const positive = (lo: number, hi: number, s: number) => tf.randomUniform(shape, lo, hi, 'float32', s);
  if (name === 'Normal') return [tf.randomNormal(shape, 0, 1, 'float32', seed), positive(0.3, 3, seed + 1)];
  if (name === 'Gamma') return [positive(0.4, 5, seed), positive(0.3, 3, seed + 1)];
  return [positive(0.6, 12, seed), tf.randomNormal(shape, 0, 1, 'float32', seed + 1), positive(0.3, 3, seed + 2)];
}

function points(name: string, shape: number[], seed: number): tf.Tensor {
  return name === 'Gamma' ? tf.randomUniform(shape, 0.01, 8, 'float32', seed) : tf.randomNormal(shape, 0, 3, 'float32', seed);
}

/**
 * Layouts: [x shape, parameter shape]. Fused: shared scalars, per column (also 3-d and with a
 * leading 1), long enough for several blocks. Op-by-op: per point, a general broadcast, reduced x.
 */
const LAYOUTS: [number[], number[]][] = [
  [[300], [1]],
  [[300], []],
  [[40, 3], [3]],
  [[6, 4, 5], [4, 5]],
  [[7, 5], [1, 5]],
  [[3000, 7], [7]],
  [[5000], [1]],
  [[40, 3], [40, 3]],
  [[40, 1], [3]],
  [[1], [50]],
];

for (const backend of BACKENDS) {
  for (const name of Object.keys(REFERENCE)) {
    test.serial(`${backend}: ${name} fused logProb and its gradients (every parameter and x) match the op-by-op autodiff`, async (t) => {
      await init({backend});
      for (const [xShape, pShape] of LAYOUTS) {
        const label = `${name} x [${xShape}] params [${pShape}]`;
        assertNoLeak(
          t,
          () => {
            tf.tidy(() => {
              const p = params(name, pShape, 11);
              const x = points(name, xShape, 12);
              // Weights make every point's dy different (a plain sum would hide index errors).
              const outShape = tf.backend_util.assertAndGetBroadcastShape(xShape, pShape);
              const w = tf.randomUniform(outShape, 0.5, 1.5, 'float32', 13);
              const fused = (xs: tf.Tensor, ...ps: tf.Tensor[]) => tf.sum(tf.mul(w, MAKE[name](ps).logProb(xs)));
              const reference = (xs: tf.Tensor, ...ps: tf.Tensor[]) => tf.sum(tf.mul(w, REFERENCE[name](xs, ps)));
              assertClose(t, MAKE[name](p).logProb(x), REFERENCE[name](x, p), {rtol: 2e-6, atol: 2e-5}, `${label} value`);
              const g = tf.grads(fused)([x, ...p]);
              const r = tf.grads(reference)([x, ...p]);
              // And under a plain sum (the same dy at every point: the scalar path's saved sums).
              const gPlain = tf.grads((...ps: tf.Tensor[]) => tf.sum(MAKE[name](ps).logProb(x)))(p);
              const rPlain = tf.grads((...ps: tf.Tensor[]) => tf.sum(REFERENCE[name](x, ps)))(p);
              [...g.map((gi, i) => [gi, r[i], `gradient ${i}`] as const), ...gPlain.map((gi, i) => [gi, rPlain[i], `plain-sum gradient ${i + 1}`] as const)].forEach(([gi, ri, what]) => {
                t.deepEqual(gi.shape, ri.shape, `${label} ${what} shape`);
                // Float64 sums in the fused kernel versus float32 op-by-op sums: up to ~1e-6 relative per term.
                const scale = Math.max(...Array.from(tf.abs(ri).dataSync()), 1);
                assertClose(t, gi, ri, {rtol: 1e-4, atol: 2e-5 * scale}, `${label} ${what}`);
              });
            });
          },
          `${label}: no leak`,
        );
      }
    });
  }

  test.serial(`${backend}: the fused gradients agree with central finite differences of the summed logProb`, async (t) => {
    await init({backend});
    for (const name of Object.keys(REFERENCE)) {
      tf.tidy(() => {
        const x = points(name, [9], 21);
        const base = params(name, [1], 22).map((p) => Array.from(p.dataSync())[0]);
        const logLik = (values: number[]) => tf.sum(MAKE[name](values.map((v) => tf.tensor1d([v]))).logProb(x)).dataSync()[0];
        const g = tf.grads((...ps: tf.Tensor[]) => tf.sum(MAKE[name](ps).logProb(x)))(base.map((v) => tf.tensor1d([v])));
        base.forEach((v, i) => {
          const h = 1e-2 * Math.max(Math.abs(v), 0.1);
          const shifted = (d: number) => logLik(base.map((u, k) => (k === i ? u + d : u)));
          // Fourth-order central difference (truncation ~h^4), float32 rounding of the sums ~1e-6 / h.
          const fd = (8 * (shifted(h) - shifted(-h)) - (shifted(2 * h) - shifted(-2 * h))) / (12 * h);
          assertClose(t, g[i], fd, {rtol: 2e-3, atol: 2e-3}, `${name} d/dparam${i}`);
        });
      });
    }
  });

  test.serial(`${backend}: second derivatives through the fused kernels match the op-by-op ones`, async (t) => {
    await init({backend});
    for (const name of Object.keys(REFERENCE)) {
      tf.tidy(() => {
        const x = points(name, [30], 31);
        const p = params(name, [1], 32);
        // d/dp_j of (d/dp_i sum logProb), for all i, j, with and without fusion.
        const second = (f: (xs: tf.Tensor, ps: tf.Tensor[]) => tf.Tensor) =>
          p.map((_, i) =>
            tf.grads((...ps: tf.Tensor[]) => tf.grads((...qs: tf.Tensor[]) => tf.sum(f(x, qs)))(ps)[i])(p),
          );
        const fused = second((xs, ps) => MAKE[name](ps).logProb(xs));
        const reference = second((xs, ps) => REFERENCE[name](xs, ps));
        fused.forEach((row, i) => row.forEach((h, j) => assertClose(t, h, reference[i][j], {rtol: 1e-4, atol: 1e-4}, `${name} d2/dp${i}dp${j}`)));
        // And in x (mixed x / parameter).
        const gx = tf.grads((xs: tf.Tensor, ...ps: tf.Tensor[]) => tf.sum(tf.grad((ys: tf.Tensor) => tf.sum(MAKE[name](ps).logProb(ys)))(xs)));
        const rx = tf.grads((xs: tf.Tensor, ...ps: tf.Tensor[]) => tf.sum(tf.grad((ys: tf.Tensor) => tf.sum(REFERENCE[name](ys, ps)))(xs)));
        const a = gx([x, ...p]);
        const b = rx([x, ...p]);
        a.forEach((h, i) => assertClose(t, h, b[i], {rtol: 1e-4, atol: 1e-4}, `${name} d2/dx d${i}`));
      });
    }
  });

  test.serial(`${backend}: Gamma outside its support: -inf with zero gradients; xlogy(0, x) = 0 at concentration 1`, async (t) => {
    await init({backend});
    tf.tidy(() => {
      const x = tf.tensor1d([-1, -1e-30, 0, 0.5, NaN]);
      const a = tf.tensor1d([1]);
      const b = tf.tensor1d([2]);
      // lgamma(1) = 0, log 2: log p = -2 x + log 2 on x >= 0.
      assertClose(t, new Gamma({concentration: a, rate: b}).logProb(x), [-Infinity, -Infinity, Math.log(2), Math.log(2) - 1, -Infinity]);
      const [gx, ga, gb] = tf.grads((xs: tf.Tensor, as: tf.Tensor, bs: tf.Tensor) =>
        tf.sum(tf.mul(tf.tensor1d([1, 1, 1, 1, 0]), new Gamma({concentration: as, rate: bs}).logProb(xs))),
      )([tf.tensor1d([-1, -1e-30, 0, 0.5, 1]), a, b]);
      assertClose(t, gx, [0, 0, -2, -2, 0], {}, 'd/dx');
      // TF's xlogy gradient: 0 in the concentration at a = 1 (plus digamma(1) + log 2 per point inside).
      assertClose(t, ga, 2 * (0.5772156649015329 + Math.log(2)), {rtol: 1e-5}, 'd/da');
      assertClose(t, gb, 2 * (1 / 2) - 0.5, {rtol: 1e-5}, 'd/db');
    });
  });
}

test('compileValueAndGrads compiles the fused kernels (float64) and agrees with tfjs, plain and weighted sums', async (t) => {
  await init({backend: 'wasm'});
  for (const name of Object.keys(REFERENCE)) {
    for (const [xShape, pShape] of [[[20], [1]], [[5, 4], [4]]] as [number[], number[]][]) {
      for (const weighted of [false, true]) {
        const label = `${name} x [${xShape}] params [${pShape}]${weighted ? ' weighted' : ''}`;
        tf.tidy(() => {
          const x = points(name, xShape, 41);
          const p = params(name, pShape, 42);
          const w = weighted ? tf.randomUniform(xShape, 0.5, 1.5, 'float32', 43) : tf.onesLike(x);
          const f = (...ps: tf.Tensor[]) => tf.sum(tf.mul(w, MAKE[name](ps).logProb(x)));
          const compiled = compileValueAndGrads(f, p);
          t.true(compiled.kernelNames.includes(`Tfp${name}LogProb`), `${label}: traced ${compiled.kernelNames.join(',')}`);
          const {value, grads} = compiled.evaluate(p.map((q) => q.dataSync()));
          assertClose(t, Array.from(value), f(...p), {rtol: 1e-5, atol: 1e-4}, `${label} value`);
          tf.grads(f)(p).forEach((g, i) => assertClose(t, Array.from(grads[i]), g, {rtol: 1e-4, atol: 1e-4}, `${label} gradient ${i}`));
        });
      }
    }
  }
});

/** Runs f with TfpLog32 on wasm wrapped to count its calls; returns f's result and the count. */
function countingLog32<T>(f: () => T): [T, number] {
  const original = tf.getKernel('TfpLog32', 'wasm')!;
  let calls = 0;
  tf.unregisterKernel('TfpLog32', 'wasm');
  tf.registerKernel({...original, kernelFunc: (args) => (calls++, original.kernelFunc(args))});
  try {
    return [f(), calls];
  } finally {
    tf.unregisterKernel('TfpLog32', 'wasm');
    tf.registerKernel(original);
  }
}

test.serial('wasm: Gamma and StudentT on scalar parameters take float32 SIMD logs, within float32 accuracy of a float64 reference', async (t) => {
  await init({backend: 'wasm'});
  const n = 4099;
  // Points over many magnitudes, and the edges: 0, negatives, NaN, +inf, subnormals, and for
  // StudentT |x - loc| / scale beyond 1.8e19 (u overflows float32).
  const xs = Float32Array.from({length: n}, (_, i) => (i % 3 === 0 ? -1 : 1) * Math.exp(((i * 7919) % 4001) / 4001 * 80 - 50));
  xs.set([0, -0, NaN, Infinity, -Infinity, 1e-40, 3e38, -3e38, 1], 0);
  const before = tf.memory().numTensors;
  const cases = [
    {
      name: 'Gamma',
      p: [2.5, 1.5],
      make: (p: tf.Tensor[]) => new Gamma({concentration: p[0], rate: p[1]}),
      // float64 reference: log p and d/da, d/db of sum log p.
      reference: (x: number, [a, b]: number[]) => {
        const c = lgamma64(a) - a * Math.log(b);
        const inside = x >= 0;
        return {value: inside ? (a - 1) * Math.log(x) - b * x - c : -Infinity, grads: [inside ? Math.log(x) - digamma64(a) + Math.log(b) : 0, inside ? a / b - x : 0], scale: inside ? Math.abs((a - 1) * Math.log(x)) + b * x + Math.abs(c) : 0};
      },
    },
    {
      name: 'StudentT',
      p: [3, 0.25, 0.5],
      make: (p: tf.Tensor[]) => new StudentT({df: p[0], loc: p[1], scale: p[2]}),
      reference: (x: number, [nu, loc, scale]: number[]) => {
        const y = (x - loc) / scale;
        const l = Math.log1p((y * y) / nu);
        const c = lgamma64(nu / 2) - lgamma64((nu + 1) / 2) + 0.5 * Math.log(nu * Math.PI) + Math.log(scale);
        const dnu = 0.5 * (digamma64((nu + 1) / 2) - digamma64(nu / 2)) - 0.5 / nu - 0.5 * l + ((nu + 1) / 2) * ((y * y) / (nu * nu)) / (1 + (y * y) / nu);
        const dloc = ((nu + 1) * y) / (scale * (nu + y * y));
        const dscale = -1 / scale + ((nu + 1) * y * y) / (scale * (nu + y * y));
        return {value: -((nu + 1) / 2) * l - c, grads: [dnu, dloc, dscale], scale: ((nu + 1) / 2) * Math.abs(l) + Math.abs(c)};
      },
    },
  ];
  for (const c of cases) {
    const finite = (v: number) => Number.isFinite(v);
    const [[values, grads], calls] = countingLog32(() =>
      tf.tidy(() => {
        const x = tf.tensor1d(xs);
        const p = c.p.map((v) => tf.scalar(v));
        const value = c.make(p).logProb(x).dataSync();
        const g = tf.grads((...ps: tf.Tensor[]) => tf.sum(c.make(ps).logProb(tf.where(tf.logicalAnd(tf.isFinite(x), tf.notEqual(x, 0)), x, tf.onesLike(x)))))(p).map((gi) => gi.dataSync()[0]);
        return [value, g] as const;
      }),
    );
    t.is(calls, 2, `${c.name}: TfpLog32 calls`);
    let gradSums = c.p.map(() => 0);
    let gradScale = 0;
    xs.forEach((x, i) => {
      const r = c.reference(x, c.p);
      const rounded = Math.fround(r.value);
      if (!finite(rounded)) {
        t.true(Object.is(values[i], rounded) || (Number.isNaN(values[i]) && Number.isNaN(rounded)), `${c.name}(${x}) = ${values[i]}, expected ${rounded}`);
      } else {
        // The float32 log's error (<= 2 ulp of the log term) plus the output's float32 rounding.
        t.true(Math.abs(values[i] - r.value) <= 2.5e-7 * r.scale + 6e-8 * Math.abs(r.value) + 1e-45, `${c.name}(${x}) = ${values[i]}, expected ${r.value}`);
      }
      // (log x = -inf at 0 makes d/da NaN on every path: finite points only.)
      const xf = Number.isFinite(x) && x !== 0 ? x : 1;
      const rf = c.reference(xf, c.p);
      gradSums = gradSums.map((s, k) => s + rf.grads[k]);
      gradScale += Math.abs(rf.grads[0]) + Math.abs(rf.grads[1]);
    });
    grads.forEach((g, k) => t.true(Math.abs(g - gradSums[k]) <= 1e-6 * gradScale, `${c.name} gradient ${k}: ${g}, expected ${gradSums[k]}`));
  }
  t.is(tf.memory().numTensors, before);
});

/** float64 lgamma (Lanczos, g = 7, 9 terms; x > 0) and digamma (recurrence to x >= 6, then the asymptotic series). */
function lgamma64(x: number): number {
  const g = [0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012, 9.9843695780195716e-6, 1.5056327351493116e-7];
  if (x < 0.5) return Math.log(Math.PI / Math.abs(Math.sin(Math.PI * x))) - lgamma64(1 - x);
  const z = x - 1;
  let a = g[0];
  const tt = z + 7.5;
  for (let i = 1; i < 9; i++) a += g[i] / (z + i);
  return 0.5 * Math.log(2 * Math.PI) + (z + 0.5) * Math.log(tt) - tt + Math.log(a);
}

function digamma64(x: number): number {
  let r = 0;
  while (x < 6) r -= 1 / x++;
  const f = 1 / (x * x);
  return r + Math.log(x) - 0.5 / x - f * (1 / 12 - f * (1 / 120 - f * (1 / 252 - f * (1 / 240 - f / 132))));
}

for (const backend of BACKENDS) {
  test.serial(`${backend}: under a plain sum (dy marked uniform, the forward's sums) the gradients equal those under a sum of ones * logProb (dy read)`, async (t) => {
    await init({backend});
    const before = tf.memory().numTensors;
    for (const name of Object.keys(REFERENCE)) {
      for (const n of [1, 7, 5000]) {
        tf.tidy(() => {
          const x = points(name, [n], 51);
          const p = params(name, [1], 52);
          const plain = tf.grads((...ps: tf.Tensor[]) => tf.sum(MAKE[name](ps).logProb(x)))(p);
          const ones = tf.ones([n]);
          const read = tf.grads((...ps: tf.Tensor[]) => tf.sum(tf.mul(ones, MAKE[name](ps).logProb(x))))(p);
          plain.forEach((g, i) => assertClose(t, g, read[i], {rtol: 1e-6, atol: 1e-6}, `${name} n ${n} gradient ${i}`));
          // The reference formula, differentiated op by op.
          const reference = tf.grads((...ps: tf.Tensor[]) => tf.sum(REFERENCE[name](x, ps)))(p);
          plain.forEach((g, i) => assertClose(t, g, reference[i], {rtol: 1e-4, atol: 1e-4 * Math.sqrt(n)}, `${name} n ${n} reference gradient ${i}`));
        });
      }
    }
    t.is(tf.memory().numTensors, before);
  });
}

test.serial('wasm: a full tf.sum of a fused scalar-parameter logProb takes the forward total, bit for bit the sequential float64 sum', async (t) => {
  await init({backend: 'wasm'});
  const key = Symbol.for('tfjs-probability.knownTotal');
  const before = tf.memory().numTensors;
  for (const name of Object.keys(REFERENCE)) {
    tf.tidy(() => {
      const x = points(name, [5003], 61);
      const p = params(name, [1], 62);
      const lp = MAKE[name](p).logProb(x);
      t.is(typeof (lp.dataId as Record<symbol, unknown>)[key], 'number', `${name}: total recorded`);
      const values = lp.dataSync();
      let s = 0;
      for (let i = 0; i < values.length; i++) s += values[i];
      t.is(tf.sum(lp).dataSync()[0], Math.fround(s), `${name} sum`);
      t.is(tf.sum(tf.reshape(lp.slice(0, 5000), [50, 100])).dataSync()[0], tf.sum(tf.tensor(values.slice(0, 5000))).dataSync()[0], `${name} slice`);
      t.is(tf.sum(tf.reshape(lp, [5003, 1])).dataSync()[0], Math.fround(s), `${name} reshaped`);
    });
  }
  t.is(tf.memory().numTensors, before);
});

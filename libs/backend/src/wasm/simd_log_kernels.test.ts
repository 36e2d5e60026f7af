import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {init} from '../backend';
import {simdLogKernels} from './simd_log_kernels';

test.before(async () => {
  await init({backend: 'wasm'});
});

/** The float32 spacing at |v| (subnormal spacing below 2^-126). */
function ulp32(v: number): number {
  const a = Math.abs(v);
  if (a < 2 ** -126) return 2 ** -149;
  return 2 ** (Math.floor(Math.log2(a)) - 23);
}

/** Bits as float32 values. */
function floatsOfBits(bits: Int32Array): Float32Array {
  return new Float32Array(bits.buffer);
}

/**
 * Every float32 exponent (subnormals included) with `perExponent` mantissas (the extremes, and an
 * even spread between), both signs for the specials; length a multiple of 4 plus 3 (the JS tail).
 */
function testBits(perExponent: number): Int32Array {
  const list: number[] = [];
  for (let e = 0; e < 255; e++) {
    for (let k = 0; k < perExponent; k++) {
      const mantissa = k === 0 ? 0 : k === perExponent - 1 ? 0x7fffff : Math.floor((k * 0x7fffff) / perExponent) ^ (k * 2654435761 & 0x3ff);
      list.push((e << 23) | (mantissa & 0x7fffff));
    }
  }
  list.push(0, 0x80000000 | 0, 0x7f800000, 0xff800000 | 0, 0x7fc00000, 0xbf800000 | 0, 0x80000001 | 0, 1, 0x3f800000, 0x3f800001, 0x3f7fffff);
  while (list.length % 4 !== 3) list.push(0x3f800000);
  return Int32Array.from(list);
}

function worstUlps(got: Float32Array, xs: Float32Array, f: (v: number) => number, label: string, t: {is: (a: unknown, b: unknown, m?: string) => void}): number {
  let worst = 0;
  for (let i = 0; i < xs.length; i++) {
    const exact = f(xs[i]);
    const g = got[i];
    if (!Number.isFinite(exact) || exact === 0) {
      t.is(Object.is(g, Math.fround(exact)) || (Number.isNaN(g) && Number.isNaN(exact)), true, `${label}(${xs[i]}) = ${g}, expected ${exact}`);
      continue;
    }
    const err = Math.abs(g - exact) / ulp32(exact);
    if (err > worst) worst = err;
  }
  return worst;
}

test.serial('TfpLog32 is within 2 ulp of float32 of Math.log over every exponent, subnormals and specials included', (t) => {
  const before = tf.memory().numTensors;
  const xs = floatsOfBits(testBits(4096));
  const x = tf.tensor1d(xs);
  const out = tf.engine().runKernel('TfpLog32', {x}, {}) as tf.Tensor;
  const worst = worstUlps(out.dataSync() as Float32Array, xs, Math.log, 'log', t);
  t.log(`log: worst ${worst.toFixed(3)} ulp over ${xs.length} points`);
  t.true(worst <= 2, `worst ${worst} ulp`);
  tf.dispose([x, out]);
  t.is(tf.memory().numTensors, before);
});

test.serial('TfpLog32 with log1p is within 2 ulp of Math.log1p: tiny, near -1, large, specials, -0', (t) => {
  const before = tf.memory().numTensors;
  // Positive floats (every exponent), their negatives above -1, and the specials.
  const positive = floatsOfBits(testBits(2048));
  const list: number[] = [];
  for (const v of positive) {
    list.push(v);
    if (v > 0 && v < 1) list.push(-v);
  }
  list.push(-1, -1.5, -0, 0, Infinity, -Infinity, NaN, -0.9999999403953552, 1e-45, -1e-45);
  while (list.length % 4 !== 1) list.push(0.5);
  const xs = Float32Array.from(list);
  const x = tf.tensor1d(xs);
  const out = tf.engine().runKernel('TfpLog32', {x}, {log1p: true}) as tf.Tensor;
  const got = out.dataSync() as Float32Array;
  const worst = worstUlps(got, xs, Math.log1p, 'log1p', t);
  t.log(`log1p: worst ${worst.toFixed(3)} ulp over ${xs.length} points`);
  t.true(worst <= 2, `worst ${worst} ulp`);
  t.true(Object.is(got[xs.findIndex((v) => Object.is(v, -0))], -0));
  tf.dispose([x, out]);
  t.is(tf.memory().numTensors, before);
});

test.serial('TfpLog32 in place overwrites its input; the SIMD module is available on this build', (t) => {
  t.not(simdLogKernels(tf.backend() as BackendWasm), null);
  const x = tf.tensor1d([1, 2, 4, 8, 0.5, 3]);
  const out = tf.engine().runKernel('TfpLog32', {x}, {inPlace: true}) as tf.Tensor;
  const expected = [1, 2, 4, 8, 0.5, 3].map((v) => Math.fround(Math.log(v)));
  Array.from(out.dataSync()).forEach((v, i) => t.true(Math.abs(v - expected[i]) <= 2 * ulp32(expected[i]) + 0, `${v} ${expected[i]}`));
  t.deepEqual(Array.from(x.dataSync()), Array.from(out.dataSync()));
  tf.dispose(x);
});

test.serial('TfpLog32 with squareOf is log1p of ((x - a) b)^2 rounded to float32 (as a JS float32 store), within 2 ulp', (t) => {
  const before = tf.memory().numTensors;
  const xs = Float32Array.from({length: 100003}, (_, i) => Math.sinh(((i % 2001) - 1000) / 20) * (1 + i / 1e5));
  xs.set([NaN, Infinity, -Infinity, 3e38, -3e38, 0.25, 0], 0);
  for (const [a, b] of [[0.25, 1.7], [-3, 1e-3], [0, 1e21]] as [number, number][]) {
    const x = tf.tensor1d(xs);
    const out = tf.engine().runKernel('TfpLog32', {x}, {squareOf: [a, b]}) as tf.Tensor;
    const got = out.dataSync() as Float32Array;
    const u = new Float32Array(1);
    const worst = worstUlps(got, xs.map((v) => {
      const y = (v - a) * b;
      u[0] = y * y;
      return u[0];
    }), Math.log1p, `log1p square [${a}, ${b}]`, t);
    t.true(worst <= 2, `[${a}, ${b}]: worst ${worst} ulp`);
    tf.dispose([x, out]);
  }
  t.is(tf.memory().numTensors, before);
});

import * as tf from '@tensorflow/tfjs';
import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {heapAddress} from './simd_kernels';
import {F64, I32, V128, coreOps, heapModule, moduleBytes, simd, u32} from './wasm_module_assembler';

/**
 * Float32 natural log and log1p, four lanes at a time, in a small WebAssembly SIMD module of
 * our own (assembled here byte by byte, as simd_kernels.ts does) that imports the wasm backend's
 * memory and works on tensors where they live. V8 does not vectorise Math.log (an out-of-line
 * float64 call, ~8 ns a point); this is ~1 ns a point.
 *
 * log x, x a positive finite float32 (subnormals first scaled by 2^23): x = 2^e m with m in
 * [sqrt(1/2), sqrt(2)), f = m - 1 (exact), s = f / (2 + f), so log m = 2 atanh s = 2s + 2s z Q(z),
 * z = s^2, Q(z) = 1/3 + z/5 + z^2/7 + z^3/9 + z^4/11 (the atanh series, |z| <= 0.0295, truncation
 * below 2^-28 relative). Since 2s = f - s f, log m = f - s (f - 2 z Q): f is exact and the
 * correction is at most ~0.2 |f|, so the rounding of s costs ~0.2 ulp. Then
 * log x = e ln2_hi + (log m + e ln2_lo), ln2_hi with 15 significant bits (e ln2_hi exact).
 * Measured error (tests: every exponent, 4096 mantissas each, subnormals): 0.85 ulp of float32 for
 * log, 1.44 for log1p.
 * log1p u = log v + err / v, v = 1 + u rounded and err its rounding error (exact, by TwoSum),
 * which keeps small u accurate; -0 gives -0.
 * Special values as Math.log / Math.log1p: log(+-0) = -inf, log(+inf) = +inf, NaN or below the
 * domain gives NaN.
 */


/** v128.const of four equal 32-bit lanes, given as int32 bits. */
function constInstruction(bits: number): number[] {
  const lane = [bits & 255, (bits >>> 8) & 255, (bits >>> 16) & 255, (bits >>> 24) & 255];
  return [...simd(0x0c), ...lane, ...lane, ...lane, ...lane];
}

/**
 * The constants a function uses, each held in a v128 local set once before its loop (V8
 * rematerialises a v128.const at every use: ~20 per vector here, a third of the loop's time).
 */
class ConstantPool {
  private readonly locals = new Map<number, number>();
  constructor(private readonly firstLocal: number) {}

  get(bits: number): number[] {
    let local = this.locals.get(bits | 0);
    if (local === undefined) this.locals.set(bits | 0, (local = this.firstLocal + this.locals.size));
    return op.get(local);
  }

  get count(): number {
    return this.locals.size;
  }

  /** Code setting every constant's local. */
  initialise(): number[] {
    return [...this.locals].flatMap(([bits, local]) => [...constInstruction(bits), ...op.set(local)]);
  }
}

let pool: ConstantPool | null = null;

/** Four equal 32-bit lanes, given as int32 bits (from the current function's pool). */
function constBits(bits: number): number[] {
  return pool!.get(bits);
}

const f32Bits = new Float32Array(1);
const i32Bits = new Int32Array(f32Bits.buffer);
/** v128.const of four equal float32 lanes (value rounded to float32). */
function constF32(value: number): number[] {
  f32Bits[0] = value;
  return constBits(i32Bits[0]);
}

const op = {
  ...coreOps,
  load: [...simd(0x00), 2, 0],
  store: [...simd(0x0b), 2, 0],
  and: simd(0x4e),
  or: simd(0x50),
  bitselect: simd(0x52),
  ieq: simd(0x37),
  iltS: simd(0x39),
  igtS: simd(0x3b),
  iadd: simd(0xae),
  isub: simd(0xb1),
  ishrU: simd(0xad),
  feq: simd(0x41),
  fadd: simd(0xe4),
  fsub: simd(0xe5),
  fmul: simd(0xe6),
  fdiv: simd(0xe7),
  fromInt: simd(0xfa),
  load64Zero: (offset: number) => [...simd(0x5d), 3, ...u32(offset)],
  promoteLow: simd(0x5f),
  demoteZero: simd(0x5e),
  splat64: simd(0x14),
  dsub: simd(0xf1),
  dmul: simd(0xf2),
  /** i8x16.shuffle taking lanes 0-1 (float32) of the first operand and 0-1 of the second. */
  joinLowPairs: [...simd(0x0d), 0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23],
};

const LN2_HI = 0.693145751953125;
const LN2_LO = Math.LN2 - LN2_HI;

/**
 * Code leaving log(x) on the stack for the float32x4 in local `x`; `t` the first of 6 scratch
 * v128 locals.
 */
function logCore(x: number, t: number): number[] {
  const [ok, b, e, f, s, z] = [t, t + 1, t + 2, t + 3, t + 4, t + 5];
  const tiny = z;
  const big = s;
  return [
    // ok: 0 < bits < +inf (positive, finite, not zero).
    ...op.get(x), ...constBits(0), ...op.igtS,
    ...op.get(x), ...constBits(0x7f800000), ...op.iltS,
    ...op.and, ...op.set(ok),
    // Subnormals scaled by 2^23 (exact), their exponent lowered by 23.
    ...op.get(x), ...constBits(0x00800000), ...op.iltS, ...op.set(tiny),
    ...op.get(x), ...constF32(2 ** 23), ...op.fmul, ...op.get(x), ...op.get(tiny), ...op.bitselect, ...op.set(b),
    ...op.get(b), ...op.i32(23), ...op.ishrU, ...constBits(127), ...op.isub,
    ...op.get(tiny), ...constBits(-23), ...op.and, ...op.iadd, ...op.set(e),
    // m in [1, 2) from the mantissa; above sqrt(2), halved and the exponent raised by one.
    ...op.get(b), ...constBits(0x007fffff), ...op.and, ...constBits(0x3f800000), ...op.or, ...op.set(b),
    ...op.get(b), ...constBits(0x3fb504f3), ...op.igtS, ...op.set(big),
    ...op.get(b), ...op.get(big), ...constBits(-0x00800000), ...op.and, ...op.iadd, ...op.set(b),
    ...op.get(e), ...op.get(big), ...op.isub, ...op.set(e),
    // f = m - 1, s = f / (2 + f), z = s^2.
    ...op.get(b), ...constF32(1), ...op.fsub, ...op.set(f),
    ...op.get(f), ...op.get(f), ...constF32(2), ...op.fadd, ...op.fdiv, ...op.set(s),
    ...op.get(s), ...op.get(s), ...op.fmul, ...op.set(z),
    // e ln2_hi + ((f - s (f - 2 z Q(z))) + e ln2_lo)
    ...op.get(e), ...op.fromInt, ...op.set(e),
    ...op.get(e), ...constF32(LN2_HI), ...op.fmul,
    ...op.get(f),
    ...op.get(s),
    ...op.get(f),
    ...op.get(z),
    ...constF32(1 / 11), ...op.get(z), ...op.fmul, ...constF32(1 / 9), ...op.fadd,
    ...op.get(z), ...op.fmul, ...constF32(1 / 7), ...op.fadd,
    ...op.get(z), ...op.fmul, ...constF32(1 / 5), ...op.fadd,
    ...op.get(z), ...op.fmul, ...constF32(1 / 3), ...op.fadd,
    ...op.fmul, ...constF32(2), ...op.fmul,
    ...op.fsub, ...op.fmul, ...op.fsub,
    ...op.get(e), ...constF32(LN2_LO), ...op.fmul, ...op.fadd,
    ...op.fadd,
    // Outside the domain: -inf at +-0, +inf at +inf, NaN otherwise.
    ...constF32(-Infinity),
    ...constF32(Infinity), ...constBits(0x7fc00000), ...op.get(x), ...constBits(0x7f800000), ...op.ieq, ...op.bitselect,
    ...op.get(x), ...constF32(0), ...op.feq, ...op.bitselect,
    ...op.get(ok), ...op.bitselect,
  ];
}

/** `for (i = 0; i < limit; i += step) body`. */
function byteLoop(i: number, limit: number, step: number, body: number[]): number[] {
  return [
    ...op.i32(0), ...op.set(i),
    ...op.block, ...op.loop,
    ...op.get(i), ...op.get(limit), ...op.geU, ...op.brIf(1),
    ...body,
    ...op.get(i), ...op.i32(step), ...op.add, ...op.set(i),
    ...op.br(0), ...op.end, ...op.end,
  ];
}

/** Vectors per loop iteration: independent chains the CPU overlaps. */
const UNROLL = 2;
/** Elements per loop iteration. */
export const SIMD_LOG_STEP = 4 * UNROLL;

/**
 * log32(src, dst, count), log1p32(src, dst, count) and log1pSquare32(src, dst, count, a, b), the
 * last taking log1p of u = ((x - a) b)^2 computed in float64 and rounded to float32 once (as a
 * JS loop storing it to a Float32Array would): byte addresses, count a multiple of SIMD_LOG_STEP.
 */
function kernelBody(mode: 'log' | 'log1p' | 'log1pSquare'): {params: number[]; locals: number[]; code: number[]} {
  const plusOne = mode !== 'log';
  const params = mode === 'log1pSquare' ? [I32, I32, I32, F64, F64] : [I32, I32, I32];
  const [src, dst, count, a, b] = [0, 1, 2, 3, 4];
  const [i, bytes] = [params.length, params.length + 1];
  const first = params.length + 2;
  const [shift, scale] = [first + 10 * UNROLL, first + 10 * UNROLL + 1];
  const vector = (k: number): number[] => {
    const [x, u, v, w, t] = [first + 10 * k, first + 10 * k + 1, first + 10 * k + 2, first + 10 * k + 3, first + 10 * k + 4];
    // ((x - a) b)^2 of two float32s at byte `offset`, in float64, rounded to float32 in lanes 0-1.
    const squarePair = (offset: number) => [
      ...op.get(src), ...op.get(i), ...op.add, ...op.load64Zero(offset), ...op.promoteLow,
      ...op.get(shift), ...op.dsub, ...op.get(scale), ...op.dmul, ...op.tee(v), ...op.get(v), ...op.dmul, ...op.demoteZero,
    ];
    const load =
      mode === 'log1pSquare'
        ? [...squarePair(16 * k), ...squarePair(16 * k + 8), ...op.joinLowPairs]
        : [...op.get(src), ...op.get(i), ...op.add, ...simd(0x00), 2, ...u32(16 * k)];
    const store = [...simd(0x0b), 2, ...u32(16 * k)];
    return plusOne
      ? [
          ...op.get(dst), ...op.get(i), ...op.add,
          // v = u + 1; err = (u - (v - (v - u))) + (1 - (v - u)) exactly (TwoSum).
          ...load, ...op.tee(u), ...constF32(1), ...op.fadd, ...op.set(x),
          ...op.get(x), ...op.get(u), ...op.fsub, ...op.set(v),
          ...op.get(u), ...op.get(x), ...op.get(v), ...op.fsub, ...op.fsub,
          ...constF32(1), ...op.get(v), ...op.fsub, ...op.fadd, ...op.set(w),
          ...logCore(x, t),
          // + err / v where v is in the domain (else the log's special value stands).
          ...op.get(w), ...op.get(x), ...op.fdiv, ...constBits(0), ...op.get(t), ...op.bitselect, ...op.fadd,
          // log1p(+-0) = +-0.
          ...op.set(v), ...op.get(u), ...op.get(v), ...op.get(u), ...constF32(0), ...op.feq, ...op.bitselect,
          ...store,
        ]
      : [...op.get(dst), ...op.get(i), ...op.add, ...load, ...op.set(x), ...logCore(x, t), ...store];
  };
  const firstConstant = first + 10 * UNROLL + 2;
  pool = new ConstantPool(firstConstant);
  const body = Array.from({length: UNROLL}, (_, k) => vector(k)).flat();
  const splats = mode === 'log1pSquare' ? [...op.get(a), ...op.splat64, ...op.set(shift), ...op.get(b), ...op.splat64, ...op.set(scale)] : [];
  const code = [...pool.initialise(), ...splats, ...op.get(count), ...op.i32(2), ...op.shl, ...op.set(bytes), ...byteLoop(i, bytes, 16 * UNROLL, body)];
  const constants = pool.count;
  pool = null;
  return {params, locals: [I32, I32, ...Array(10 * UNROLL + 2 + constants).fill(V128)], code};
}

/** The module's bytes; `shared` must match the backend's memory (the threaded build shares it). */
export function simdLogModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [
      {name: 'log32', ...kernelBody('log')},
      {name: 'log1p32', ...kernelBody('log1p')},
      {name: 'log1pSquare32', ...kernelBody('log1pSquare')},
    ],
    shared,
  );
}

export interface SimdLogKernels {
  /** dst[k] = log(src[k]) for count float32s (byte addresses, count a multiple of SIMD_LOG_STEP; dst may be src). */
  log32(src: number, dst: number, count: number): void;
  /** dst[k] = log1p(src[k]), the same way. */
  log1p32(src: number, dst: number, count: number): void;
  /** dst[k] = log1p(u_k), u_k = ((src[k] - a) b)^2 in float64 rounded to float32, the same way. */
  log1pSquare32(src: number, dst: number, count: number, a: number, b: number): void;
}

/** The kernels bound to the backend's heap, or null when they cannot run (no wasm SIMD, or a hidden memory). */
export const simdLogKernels: (backend: BackendWasm) => SimdLogKernels | null = heapModule<SimdLogKernels>(simdLogModuleBytes);

/** Attributes of TfpLog32. */
export interface Log32Attrs {
  /** log1p instead of log. */
  log1p?: boolean;
  /** Write the result over x (x must be a buffer the caller owns); the output is then x itself. */
  inPlace?: boolean;
  /**
   * [a, b]: log1p(u) with u = ((x - a) b)^2 computed in float64 and rounded to float32 once (the
   * squared standardized value of StudentT's and Cauchy's log-densities); implies log1p.
   */
  squareOf?: [number, number] | null;
}

/**
 * TfpLog32 (wasm): the float32 log (or log1p, or log1p of a square, see squareOf) of a float32 tensor, by the SIMD module (the last
 * size % SIMD_LOG_STEP elements, or all of them without wasm SIMD, by Math.log / Math.log1p rounded to
 * float32). For fused kernels that need log x at float32 accuracy; with `inPlace` only from
 * inside another kernel, on a scratch buffer it made.
 */
export const log32Config: tf.KernelConfig = {
  kernelName: 'TfpLog32',
  backendName: 'wasm',
  kernelFunc: ({inputs, backend, attrs}) => {
    const wasm = backend as BackendWasm;
    const x = inputs.x as tf.TensorInfo;
    const {log1p = false, inPlace = false, squareOf = null} = attrs as unknown as Log32Attrs;
    if (x.dtype !== 'float32') throw new Error(`TfpLog32 takes float32, got ${x.dtype}`);
    const out = inPlace ? x : wasm.makeOutput(x.shape, 'float32');
    const n = tf.util.sizeFromShape(x.shape);
    const kernels = simdLogKernels(wasm);
    const vectorised = kernels === null ? 0 : n - (n % SIMD_LOG_STEP);
    if (vectorised > 0) {
      const [src, dst] = [heapAddress(wasm, x.dataId), heapAddress(wasm, out.dataId)];
      if (squareOf !== null) kernels!.log1pSquare32(src, dst, vectorised, squareOf[0], squareOf[1]);
      else (log1p ? kernels!.log1p32 : kernels!.log32)(src, dst, vectorised);
    }
    if (vectorised < n) {
      const values = wasm.typedArrayFromHeap(x) as Float32Array;
      const result = wasm.typedArrayFromHeap(out) as Float32Array;
      for (let i = vectorised; i < n; i++) {
        if (squareOf !== null) {
          const y = (values[i] - squareOf[0]) * squareOf[1];
          result[i] = Math.log1p(Math.fround(y * y));
        } else {
          result[i] = log1p ? Math.log1p(values[i]) : Math.log(values[i]);
        }
      }
    }
    return out;
  },
};

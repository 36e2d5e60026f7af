import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';
import {F32, I32, V128, coreOps, heapModule, moduleBytes, u32} from './wasm_module_assembler';

/**
 * Small WebAssembly SIMD kernels of our own that work in place on the wasm backend's heap: a
 * module, assembled byte by byte (wasm_module_assembler.ts, no toolchain), imports the backend's own memory, so
 * tensors are read and written where they live. Used where JS loops cannot be branch-free or
 * vectorised (V8 does neither) and tfjs 4.22 has no equivalent kernel.
 */

/** The instructions used below. */
const op = {
  ...coreOps,
  loadF32: [0x2a, 2, 0],
  load: [0xfd, ...u32(0x00), 2, 0],
  loadAt: (offset: number) => [0xfd, ...u32(0x00), 2, ...u32(offset)],
  storeAt: (offset: number) => [0xfd, ...u32(0x0b), 2, ...u32(offset)],
  store: [0xfd, ...u32(0x0b), 2, 0],
  const4: (bytes: number[]) => [0xfd, ...u32(0x0c), ...bytes, ...bytes, ...bytes, ...bytes],
  splat: [0xfd, ...u32(0x13)],
  gt: [0xfd, ...u32(0x44)],
  and: [0xfd, ...u32(0x4e)],
  andNot: [0xfd, ...u32(0x4f)],
  bitselect: [0xfd, ...u32(0x52)],
  fsqrt: [0xfd, ...u32(0xe3)],
  fadd: [0xfd, ...u32(0xe4)],
  fmul: [0xfd, ...u32(0xe6)],
  fdiv: [0xfd, ...u32(0xe7)],
};

/** `counter += step` (i32 locals). */
function bump(counter: number, step: number[]): number[] {
  return [...op.get(counter), ...step, ...op.add, ...op.set(counter)];
}

/** `for (counter = 0; counter < limit; counter += step) body`, limit an i32 local. */
function forLoop(counter: number, limit: number, body: number[], step: number[] = op.i32(1)): number[] {
  return loopFrom(counter, op.i32(0), limit, body, step);
}

/**
 * maxPoolGrad2x2(x, dy, dx, batch, height, width, channels, outHeight, outWidth), byte
 * addresses, channels a multiple of 4: for disjoint 2x2 windows with stride 2 and no padding,
 * dx at each window's first maximum (row-major, strictly greater, NaN never wins) is dy, and
 * 0 elsewhere in the window; a window of -Infinity and NaN passes nothing on. Four channels
 * at a time, branch-free: the scan of the scalar kernel with lane masks. Rows and columns no
 * window covers are left alone.
 */
function maxPoolGrad2x2Body(): {params: number[]; locals: number[]; code: number[]} {
  const [x, dy, dx, batch, height, width, channels, outHeight, outWidth] = [0, 1, 2, 3, 4, 5, 6, 7, 8];
  const [rowBytes, pixelBytes, b, p, q, k, a, d, image] = [9, 10, 11, 12, 13, 14, 15, 16, 17];
  const [v0, v1, v2, v3, best, s0, s1, s2, s3, g] = [18, 19, 20, 21, 22, 23, 24, 25, 26, 27];
  const minusInfinity = op.const4([0x00, 0x00, 0x80, 0xff]);
  const at = (base: number, ...extra: number[]) => [...op.get(base), ...op.get(a), ...op.add, ...extra.flatMap((e) => [...op.get(e), ...op.add])];
  const load = (base: number, ...extra: number[]) => [...at(base, ...extra), ...op.load];
  // s_i = v_i > best; best = s_i ? v_i : best; earlier selections lose where s_i holds.
  const scan = (v: number, s: number, earlier: number[]) => [
    ...op.get(v),
    ...op.get(best),
    ...op.gt,
    ...op.set(s),
    ...op.get(v),
    ...op.get(best),
    ...op.get(s),
    ...op.bitselect,
    ...op.set(best),
    ...earlier.flatMap((e) => [...op.get(e), ...op.get(s), ...op.andNot, ...op.set(e)]),
  ];
  const write = (s: number, ...extra: number[]) => [...at(dx, ...extra), ...op.get(g), ...op.get(s), ...op.and, ...op.store];
  const lanes = [
    ...load(x),
    ...op.set(v0),
    ...load(x, pixelBytes),
    ...op.set(v1),
    ...load(x, rowBytes),
    ...op.set(v2),
    ...load(x, rowBytes, pixelBytes),
    ...op.set(v3),
    ...op.get(d),
    ...op.load,
    ...op.set(g),
    ...minusInfinity,
    ...op.set(best),
    ...scan(v0, s0, []),
    ...scan(v1, s1, [s0]),
    ...scan(v2, s2, [s0, s1]),
    ...scan(v3, s3, [s0, s1, s2]),
    ...write(s0),
    ...write(s1, pixelBytes),
    ...write(s2, rowBytes),
    ...write(s3, rowBytes, pixelBytes),
    ...bump(a, op.i32(16)),
    ...bump(d, op.i32(16)),
  ];
  const code = [
    ...op.get(width),
    ...op.get(channels),
    ...op.mul,
    ...op.i32(2),
    ...op.shl,
    ...op.set(rowBytes),
    ...op.get(channels),
    ...op.i32(2),
    ...op.shl,
    ...op.set(pixelBytes),
    ...op.get(dy),
    ...op.set(d),
    ...forLoop(b, batch, [
      ...op.get(b),
      ...op.get(height),
      ...op.mul,
      ...op.get(rowBytes),
      ...op.mul,
      ...op.set(image),
      ...forLoop(p, outHeight, [
        ...op.get(image),
        ...op.get(p),
        ...op.i32(1),
        ...op.shl,
        ...op.get(rowBytes),
        ...op.mul,
        ...op.add,
        ...op.set(a),
        ...forLoop(q, outWidth, [...forLoop(k, pixelBytes, lanes, op.i32(16)), ...bump(a, op.get(pixelBytes))]),
      ]),
    ]),
  ];
  return {params: Array(9).fill(I32), locals: [...Array(9).fill(I32), ...Array(10).fill(V128)], code};
}

/** `for (counter = start; counter < limit; counter += step) body`, start code and limit a local. */
function loopFrom(counter: number, start: number[], limit: number, body: number[], step: number[]): number[] {
  return [
    ...start,
    ...op.set(counter),
    ...op.block,
    ...op.loop,
    ...op.get(counter),
    ...op.get(limit),
    ...op.geU,
    ...op.brIf(1),
    ...body,
    ...bump(counter, step),
    ...op.br(0),
    ...op.end,
    ...op.end,
  ];
}

/**
 * filterGradTap(x, xStep, dy, count, accumulator, channels), byte addresses and strides,
 * channels a multiple of 4: accumulator[k] += sum over the count positions q of
 * x[q * xStep] * dy[q * channels + k], the contribution of one row of positions to one tap of a
 * one-input-channel filter gradient. The row's sum is formed in registers (16 channels at a
 * time, then 4) and added to the accumulator once.
 */
function filterGradTapBody(): {params: number[]; locals: number[]; code: number[]} {
  const [x, xStep, dy, count, accumulator, channels] = [0, 1, 2, 3, 4, 5];
  const [rowBytes, k, q, xp, dp, wideEnd] = [6, 7, 8, 9, 10, 11];
  const [s, a0, a1, a2, a3] = [12, 13, 14, 15, 16];
  const sums = [a0, a1, a2, a3];
  const zero = op.const4([0, 0, 0, 0]);
  const row = (width: number) => {
    const used = sums.slice(0, width);
    return [
      ...used.flatMap((a) => [...zero, ...op.set(a)]),
      ...op.get(x),
      ...op.set(xp),
      ...op.get(dy),
      ...op.get(k),
      ...op.add,
      ...op.set(dp),
      ...forLoop(q, count, [
        ...op.get(xp),
        ...op.loadF32,
        ...op.splat,
        ...op.set(s),
        ...used.flatMap((a, lane) => [...op.get(a), ...op.get(s), ...op.get(dp), ...op.loadAt(16 * lane), ...op.fmul, ...op.fadd, ...op.set(a)]),
        ...bump(xp, op.get(xStep)),
        ...bump(dp, op.get(rowBytes)),
      ]),
      ...used.flatMap((a, lane) => [
        ...op.get(accumulator),
        ...op.get(k),
        ...op.add,
        ...op.get(accumulator),
        ...op.get(k),
        ...op.add,
        ...op.loadAt(16 * lane),
        ...op.get(a),
        ...op.fadd,
        ...op.storeAt(16 * lane),
      ]),
    ];
  };
  const code = [
    ...op.get(channels),
    ...op.i32(2),
    ...op.shl,
    ...op.set(rowBytes),
    ...op.get(rowBytes),
    ...op.i32(-64),
    ...op.and32,
    ...op.set(wideEnd),
    ...loopFrom(k, op.i32(0), wideEnd, row(4), op.i32(64)),
    ...loopFrom(k, op.get(wideEnd), rowBytes, row(1), op.i32(16)),
  ];
  return {params: Array(6).fill(I32), locals: [...Array(6).fill(I32), ...Array(5).fill(V128)], code};
}

/**
 * adamUpdate(value, m, v, gradient, newValue, newM, newV, count, beta1, 1 - beta1, beta2,
 * 1 - beta2, epsilon, -learningRate, 1 - beta1^t, 1 - beta2^t), byte addresses, count a
 * multiple of 4: tf.train.adam's float32 arithmetic in the same order, every operation rounded
 * to float32 as tfjs's kernels round it, four elements at a time.
 */
function adamBody(): {params: number[]; locals: number[]; code: number[]} {
  const [value, m, v, gradient, newValue, newM, newV, count] = [0, 1, 2, 3, 4, 5, 6, 7];
  const [b1, c1, b2, c2, eps, step, d1, d2] = [8, 9, 10, 11, 12, 13, 14, 15];
  const [i, byteCount] = [16, 17];
  const [vb1, vc1, vb2, vc2, veps, vstep, vd1, vd2, g, mi, vi] = [18, 19, 20, 21, 22, 23, 24, 25, 26, 27, 28];
  const addr = (base: number) => [...op.get(base), ...op.get(i), ...op.add];
  const splats = [b1, c1, b2, c2, eps, step, d1, d2].flatMap((scalar, k) => [...op.get(scalar), ...op.splat, ...op.set(vb1 + k)]);
  const body = [
    ...addr(gradient),
    ...op.load,
    ...op.set(g),
    // m' = m b1 + g c1
    ...addr(m),
    ...op.load,
    ...op.get(vb1),
    ...op.fmul,
    ...op.get(g),
    ...op.get(vc1),
    ...op.fmul,
    ...op.fadd,
    ...op.set(mi),
    // v' = v b2 + (g g) c2
    ...addr(v),
    ...op.load,
    ...op.get(vb2),
    ...op.fmul,
    ...op.get(g),
    ...op.get(g),
    ...op.fmul,
    ...op.get(vc2),
    ...op.fmul,
    ...op.fadd,
    ...op.set(vi),
    ...addr(newM),
    ...op.get(mi),
    ...op.store,
    ...addr(newV),
    ...op.get(vi),
    ...op.store,
    // value' = ((m' / d1) / (sqrt(v' / d2) + eps)) (-lr) + value
    ...addr(newValue),
    ...op.get(mi),
    ...op.get(vd1),
    ...op.fdiv,
    ...op.get(vi),
    ...op.get(vd2),
    ...op.fdiv,
    ...op.fsqrt,
    ...op.get(veps),
    ...op.fadd,
    ...op.fdiv,
    ...op.get(vstep),
    ...op.fmul,
    ...addr(value),
    ...op.load,
    ...op.fadd,
    ...op.store,
  ];
  const code = [
    ...splats,
    ...op.get(count),
    ...op.i32(2),
    ...op.shl,
    ...op.set(byteCount),
    ...forLoop(i, byteCount, body, op.i32(16)),
  ];
  return {params: [...Array(8).fill(I32), ...Array(8).fill(F32)], locals: [...Array(2).fill(I32), ...Array(11).fill(V128)], code};
}

/** The module's bytes; `shared` must match the backend's memory (the threaded build shares it). */
export function simdModuleBytes(shared: boolean): Uint8Array<ArrayBuffer> {
  return moduleBytes(
    [
      {name: 'maxPoolGrad2x2', ...maxPoolGrad2x2Body()},
      {name: 'adamUpdate', ...adamBody()},
      {name: 'filterGradTap', ...filterGradTapBody()},
    ],
    shared,
  );
}

export interface SimdKernels {
  maxPoolGrad2x2(
    x: number,
    dy: number,
    dx: number,
    batch: number,
    height: number,
    width: number,
    channels: number,
    outHeight: number,
    outWidth: number,
  ): void;
  adamUpdate(
    value: number,
    m: number,
    v: number,
    gradient: number,
    newValue: number,
    newM: number,
    newV: number,
    count: number,
    beta1: number,
    oneMinusBeta1: number,
    beta2: number,
    oneMinusBeta2: number,
    epsilon: number,
    minusLearningRate: number,
    oneMinusAccBeta1: number,
    oneMinusAccBeta2: number,
  ): void;
  filterGradTap(x: number, xStep: number, dy: number, count: number, accumulator: number, channels: number): void;
}

/**
 * The kernels bound to the backend's heap, or null when they cannot run (no wasm SIMD, or a
 * build that hides its memory); callers then keep their JS loops.
 */
export const simdKernels: (backend: BackendWasm) => SimdKernels | null = heapModule<SimdKernels>(simdModuleBytes);

/** The byte address of a tensor's data in the backend's heap. */
export function heapAddress(backend: BackendWasm, dataId: object): number {
  return (backend as unknown as {dataIdMap: {get(id: object): {memoryOffset: number}}}).dataIdMap.get(dataId).memoryOffset;
}

import * as tf from '@tensorflow/tfjs';
import {registerCompiledKernel} from '@tfjs-probability/backend';

/**
 * Fused elementwise log-densities: one JavaScript kernel computes a univariate log-density over
 * all points (float64 arithmetic, one float32 rounding), and one more computes the gradients of
 * every parameter, each already summed back to the parameter's own shape. The op-by-op form of
 * the same formula costs ~8-12 full-size kernels forward and as many backward (each a pass over
 * memory and an allocation), plus a Sum per broadcast parameter.
 *
 * Layouts: the kernels run when every input's shape, without leading 1s, is a suffix of the
 * output shape and every input but `x` is smaller than the output (scalar parameters, per-column
 * parameters [k] against points [n, k]): then every parameter's gradient is a sum over points,
 * which is where the op-by-op form pays most. Other layouts (per-point parameters, general
 * broadcasts) run the spec's op-by-op formula. Inputs after `x` are parameter-shaped terms
 * computed by ordinary tf ops (log scale, lgamma, ...), so autodiff carries their gradients back.
 *
 * Gradients: the gradient kernel gives the gradients of all inputs but `x` in one pass (they are
 * computed when the backward pass reaches the op); `x`'s gradient is computed by a second call
 * only when something asks for it. When a tape is recording the backward pass (a gradient of a
 * gradient), the spec's differentiable tf-op gradient is used instead, so higher derivatives stay
 * exact.
 */
export interface FusedLogProbSpec {
  /** Kernel name (prefixed `Tfp`); the gradient kernel is `${kernelName}Grad`. */
  kernelName: string;
  /** Input names, `x` (the points) first. */
  inputNames: readonly string[];
  /**
   * Outputs after the log-density that the forward pass saves for the gradient: full-size arrays
   * (`forward`), or, on the scalar fast path, their sums over the points (`forwardScalar`).
   */
  savedOutputs?: number;
  /**
   * On the scalar fast path, how many sums forwardScalar returns (at least savedOutputs; the extra
   * ones are sums the gradient uses when dy is the same at every point, and are empty outputs
   * on the other paths).
   */
  scalarSums?: number;
  /**
   * Writes `len` log-densities to out[outOff + i]; `ins[k][offs[k] + i]` is input k at point i;
   * saved[s][outOff + i] receives the saved outputs.
   */
  forward(len: number, out: Float32Array, outOff: number, ins: Float32Array[], offs: number[], saved: Float32Array[]): void;
  /**
   * Adds into g[k][i] (for each k with g[k] not null: a float64 block, or the output itself
   * for a full-size input) dy_i times the derivative of the log-density at point i in input k.
   * `ins` holds dy, the inputs, then the saved outputs.
   */
  backward(len: number, ins: Float32Array[], offs: number[], g: (Float64Array | Float32Array | null)[]): void;
  /**
   * Optional fast path when every input but `x` has one element (`p`, in inputNames order after
   * `x`): the log-densities of all n points, with the parameters in local variables (V8 keeps
   * them in registers; array reads per point cost ~2x).
   */
  forwardScalar?(n: number, out: Float32Array, x: Float32Array, p: number[], logs?: Float32Array): number[];
  // (forwardScalar may return one more number after its sums: out[0] + ... + out[n - 1], the
  // float32 outputs added in float64 in index order, which a later full tf.sum of the output
  // then takes without a pass; see KNOWN_TOTAL.)
  /**
   * Float32 logs for the fast path on wasm (the backend's TfpLog32, SIMD, within 1.5 ulp of
   * float32): log x_i, log1p x_i, or with `squareOf` (a, b of the parameters) log1p(u_i) with
   * u_i = ((x_i - a) b)^2 computed in float64 and rounded to float32, handed to forwardScalar as
   * `logs`. Only for specs whose outputs stay within float32 accuracy with them (see each spec);
   * elsewhere, and on other backends, forwardScalar computes its own.
   */
  float32Logs?: {log1p: boolean; squareOf?(p: number[]): [number, number]};
  /**
   * The fast path's parameter gradients: per input after `x`, the sum over points of dy times the
   * derivative. `savedSums` are forwardScalar's sums (a term such as sum_i log x_i, to use when dy
   * is the same at every point, as under a plain sum; otherwise the term is recomputed).
   * `uniformDy`, when given, is a finite number every dy_i equals (the gradient of a plain sum,
   * known without reading dy; see UNIFORM_VALUE).
   */
  backwardScalar?(n: number, dy: Float32Array, x: Float32Array, p: number[], savedSums: number[], uniformDy?: number): number[];
  /**
   * The log-density from tf ops (broadcasting, autodiff), used where the fused kernel does not pay:
   * per-point parameters (each gradient is then a full-size array, which wasm's SIMD kernels write
   * faster than a JS loop) and inputs that would first need a broadcast copy.
   */
  opByOp(...inputs: tf.Tensor[]): tf.Tensor;
  /**
   * The same gradients from tf ops of the inputs only (so differentiable; saved outputs are
   * constants to the tape), in inputNames order, at the broadcast shape; used under a recording tape.
   */
  gradientOps(dy: tf.Tensor, inputs: tf.Tensor[]): tf.Tensor[];
}

/** Backends the fused kernels are registered for (they use only readSync/write, or wasm's heap directly). */
export const FUSED_KERNEL_BACKENDS = ['cpu', 'wasm', 'webgl', 'tensorflow'];
/** Points per block: the float64 gradient blocks of a kernel stay in the L1/L2 cache. */
const BLOCK = 2048;

interface HeapBackend {
  typedArrayFromHeap(info: tf.TensorInfo): ArrayLike<number>;
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
  disposeData(dataId: tf.TensorInfo['dataId']): boolean;
}

interface GenericBackend {
  readSync(dataId: tf.TensorInfo['dataId']): ArrayLike<number>;
  write(values: Float32Array, shape: number[], dtype: tf.DataType): tf.TensorInfo['dataId'];
}

function isHeapBackend(backend: unknown): backend is HeapBackend {
  const b = backend as Partial<HeapBackend>;
  return typeof b.typedArrayFromHeap === 'function' && typeof b.makeOutput === 'function';
}

/**
 * Float32 outputs of a kernel: on wasm allocated in the heap and viewed in place (views taken
 * after every allocation, since growing the heap detaches them), elsewhere JS arrays written at the end.
 */
export class Outputs {
  private readonly infos: tf.TensorInfo[] = [];
  arrays: Float32Array[] = [];

  constructor(private readonly backend: unknown, shapes: number[][]) {
    if (isHeapBackend(backend)) {
      for (const shape of shapes) this.infos.push(backend.makeOutput(shape, 'float32'));
      for (const info of this.infos) this.arrays.push(backend.typedArrayFromHeap(info) as Float32Array);
    } else {
      for (const shape of shapes) this.arrays.push(new Float32Array(tf.util.sizeFromShape(shape)));
    }
    this.shapes = shapes;
  }

  private readonly shapes: number[][];

  /** Views taken again (after other allocations in the heap, which may have detached them). */
  refresh(): void {
    if (isHeapBackend(this.backend)) {
      const backend = this.backend;
      this.arrays = this.infos.map((info) => backend.typedArrayFromHeap(info) as Float32Array);
    }
  }

  finish(): tf.TensorInfo[] {
    if (isHeapBackend(this.backend)) return this.infos;
    const b = this.backend as GenericBackend;
    return this.arrays.map((values, k) => ({dataId: b.write(values, this.shapes[k], 'float32'), shape: this.shapes[k], dtype: 'float32' as const}));
  }
}

/** The input's float32 values: in place on wasm (read-only use), the backend's array elsewhere. */
export function inputValues(backend: unknown, info: tf.TensorInfo): Float32Array {
  if (isHeapBackend(backend)) return backend.typedArrayFromHeap(info) as Float32Array;
  const values = (backend as GenericBackend).readSync(info.dataId);
  return values instanceof Float32Array ? values : Float32Array.from(values);
}

/**
 * Per input: its values and how it is read over the n points: in place (full size), or from a
 * buffer holding its pattern. The inputs that are not full size have sizes m that are products of
 * trailing dims of the output shape, so each divides the largest, m_max; blocks are a multiple of
 * m_max long and start at multiples of it, so every buffer holds the same values in every block
 * and is filled once.
 */
class BlockReader {
  readonly blockLength: number;
  private readonly arrays: Float32Array[];
  private readonly offs: number[];
  private readonly inPlace: boolean[];

  constructor(values: Float32Array[], n: number) {
    const period = values.reduce((p, v) => (v.length < n && v.length > p ? v.length : p), 1);
    this.blockLength = period * Math.max(1, Math.floor(BLOCK / period));
    const length = Math.min(this.blockLength, n);
    this.inPlace = values.map((v) => v.length === n);
    this.arrays = values.map((v, k) => {
      if (this.inPlace[k]) return v;
      // (Float64 inputs, from compileValueAndGrads, keep float64 buffers.)
      const buffer = v instanceof Float64Array ? (new Float64Array(length) as unknown as Float32Array) : new Float32Array(length);
      for (let i = 0; i < length; i += v.length) buffer.set(v.subarray(0, Math.min(v.length, length - i)), i);
      return buffer;
    });
    this.offs = values.map(() => 0);
  }

  /** Points [start, start + len) (start a multiple of blockLength) as (arrays, offsets). */
  block(start: number): [Float32Array[], number[]] {
    for (let k = 0; k < this.offs.length; k++) {
      if (this.inPlace[k]) this.offs[k] = start;
    }
    return [this.arrays, this.offs];
  }
}

/** Adds the len per-point values of g into sum (length m) with point i at sum[i mod m] (len a multiple of m, or less). */
function accumulate(g: Float64Array, len: number, sum: Float64Array): void {
  const m = sum.length;
  if (m === 1) {
    let s0 = 0;
    let s1 = 0;
    let i = 0;
    for (; i + 1 < len; i += 2) {
      s0 += g[i];
      s1 += g[i + 1];
    }
    if (i < len) s0 += g[i];
    sum[0] += s0 + s1;
    return;
  }
  for (let base = 0; base < len; base += m) {
    const end = Math.min(m, len - base);
    for (let j = 0; j < end; j++) sum[j] += g[base + j];
  }
}

/** True when the forward pass takes the scalar path: points in place, every other input one element. */
function isScalarLayout(spec: FusedLogProbSpec, sizes: number[], n: number): boolean {
  return spec.forwardScalar !== undefined && sizes.every((size, k) => size === (k === 0 ? n : 1));
}

/**
 * The forward pass on arrays: `values` the inputs (read as in BlockReader), `out` n log-densities,
 * `saved` the saved outputs (n values each, or on the scalar path a (hi, lo) pair of their sum).
 */
function forwardValues(spec: FusedLogProbSpec, values: Float32Array[], n: number, out: Float32Array, saved: Float32Array[], logs?: Float32Array): number | undefined {
  if (isScalarLayout(spec, values.map((v) => v.length), n)) {
    const sums = spec.forwardScalar!(n, out, values[0], values.slice(1).map((v) => v[0]), logs);
    saved.forEach((a, k) => {
      a[0] = sums[k];
      a[1] = sums[k] - a[0];
    });
    return sums.length > savedCount(spec) ? sums[savedCount(spec)] : undefined;
  }
  const reader = new BlockReader(values, n);
  const step = reader.blockLength;
  for (let start = 0; start < n; start += step) {
    const [arrays, offs] = reader.block(start);
    spec.forward(Math.min(step, n - start), out, start, arrays, offs, saved);
  }
  return undefined;
}

/**
 * The key under which a tensor's data id (an object the backend made for this data, which never
 * changes: tfjs tensors are immutable) carries the float64 sum of its float32 values in index
 * order; the backend's long Sum on wasm (libs/backend/src/wasm/sum_over_trailing_axes.ts) adds in the
 * same order, so it returns this number rounded, bit for bit what its pass would give.
 */
const KNOWN_TOTAL = Symbol.for('tfjs-probability.knownTotal');

/**
 * The gradient pass on arrays: `dy` (n), the inputs, the saved outputs; outputs[w] receives the
 * gradient of input wanted[w], summed to that input's size.
 */
function backwardValues(
  spec: FusedLogProbSpec,
  dy: Float32Array,
  inputs: Float32Array[],
  saved: Float32Array[],
  wanted: number[],
  outputs: Float32Array[],
  uniformDy?: number,
): void {
  const n = dy.length;
  const count = inputs.length;
  // The forward pass took its scalar path exactly when the shapes say so: then `saved` holds sums,
  // and the general path below is only asked for x's gradient, which does not read them.
  const savedSums = isScalarLayout(spec, inputs.map((v) => v.length), n);
  if (spec.backwardScalar !== undefined && savedSums && !wanted.includes(0)) {
    const sums = spec.backwardScalar(n, dy, inputs[0], inputs.slice(1).map((v) => v[0]), saved.map((pair) => pair[0] + pair[1]), uniformDy);
    wanted.forEach((k, w) => (outputs[w][0] = sums[k - 1]));
    return;
  }
  const reader = new BlockReader([dy, ...inputs, ...(savedSums ? [] : saved.slice(0, spec.savedOutputs ?? 0))], n);
  const step = reader.blockLength;
  // Gradients of full-size inputs are added straight into their (zeroed) outputs; the others
  // into a float64 buffer of one block, which has the same layout in every block (see
  // BlockReader), and is summed into the input's shape once at the end.
  const sums = wanted.map((k) => (inputs[k].length < n ? new Float64Array(inputs[k].length) : null));
  const blocks: (Float64Array | Float32Array | null)[] = Array.from({length: count}, () => null);
  wanted.forEach((k, w) => {
    if (sums[w] !== null) blocks[k] = new Float64Array(Math.min(step, n));
    else outputs[w].fill(0);
  });
  for (let start = 0; start < n; start += step) {
    const len = Math.min(step, n - start);
    const [arrays, offs] = reader.block(start);
    for (let w = 0; w < wanted.length; w++) {
      if (sums[w] === null) blocks[wanted[w]] = outputs[w].subarray(start, start + len);
    }
    spec.backward(len, arrays, offs, blocks);
  }
  wanted.forEach((k, w) => {
    const sum = sums[w];
    if (sum !== null) {
      accumulate(blocks[k] as Float64Array, (blocks[k] as Float64Array).length, sum);
      outputs[w].set(sum);
    }
  });
}

/** Outputs after the log-density: the same number on every path (the gradient saves them by position). */
function savedCount(spec: FusedLogProbSpec): number {
  return Math.max(spec.savedOutputs ?? 0, spec.scalarSums ?? 0);
}

function savedShapes(spec: FusedLogProbSpec, infos: readonly {shape: readonly number[]}[], shape: number[]): number[][] {
  const scalar = isScalarLayout(spec, infos.map((info) => tf.util.sizeFromShape(info.shape as number[])), tf.util.sizeFromShape(shape));
  return Array.from({length: savedCount(spec)}, (_, k) => (scalar ? [2] : k < (spec.savedOutputs ?? 0) ? shape : [0]));
}

/**
 * The key under which the backend's Sum gradient marks its broadcast of a scalar dy with that
 * scalar's value (libs/backend/src/gradients/register_gradients.ts): every element equals it.
 */
const UNIFORM_VALUE = Symbol.for('tfjs-probability.uniformValue');

/** The finite value every element of `dy` is known to equal (from the mark), or undefined. */
function markedUniform(dy: tf.Tensor): number | undefined {
  const value = (dy as unknown as Record<symbol, unknown>)[UNIFORM_VALUE];
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

function fusedForward(spec: FusedLogProbSpec): tf.KernelFunc {
  return ({inputs, backend}) => {
    const infos = spec.inputNames.map((name) => inputs[name] as tf.TensorInfo);
    const shape = outputShapeOf(infos);
    // Saved sums are kept as float64 pairs (hi, lo) of float32.
    const outputs = new Outputs(backend, [shape, ...savedShapes(spec, infos, shape)]);
    const n = tf.util.sizeFromShape(shape);
    const logs = float32Logs(spec, backend, infos, n);
    if (logs !== null) outputs.refresh();
    const [out, ...saved] = outputs.arrays;
    let total: number | undefined;
    try {
      total = forwardValues(spec, infos.map((info) => inputValues(backend, info)), n, out, saved, logs === null ? undefined : (backend as HeapBackend).typedArrayFromHeap(logs) as Float32Array);
    } finally {
      if (logs !== null) (backend as HeapBackend).disposeData(logs.dataId);
    }
    const result = outputs.finish();
    if (total !== undefined && isHeapBackend(backend)) Object.defineProperty(result[0].dataId, KNOWN_TOTAL, {value: total});
    return result;
  };
}

/**
 * The spec's float32 logs (float32Logs) as a scratch tensor in the wasm heap that the caller
 * disposes, or null where they are not used (not wasm, not the scalar layout, no TfpLog32 kernel).
 * Allocates: views of the heap taken before are stale afterwards.
 */
function float32Logs(spec: FusedLogProbSpec, backend: unknown, infos: tf.TensorInfo[], n: number): tf.TensorInfo | null {
  const request = spec.float32Logs;
  const kernel = request === undefined ? undefined : tf.getKernel('TfpLog32', 'wasm');
  const x = infos[0];
  if (kernel === undefined || !isHeapBackend(backend) || tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || n < 64) return null;
  if (!isScalarLayout(spec, infos.map((info) => tf.util.sizeFromShape(info.shape)), n)) return null;
  const {log1p, squareOf} = request!;
  const square = squareOf === undefined ? null : squareOf(infos.slice(1).map((info) => inputValues(backend, info)[0]));
  const attrs: tf.NamedAttrMap = square === null ? {log1p} : {log1p, squareOf: square};
  return kernel.kernelFunc({inputs: {x}, backend: backend as unknown as tf.KernelBackend, attrs}) as tf.TensorInfo;
}

function fusedBackward(spec: FusedLogProbSpec): tf.KernelFunc {
  return ({inputs, backend, attrs}) => {
    const {wanted, uniformDy} = attrs as {wanted: number[]; uniformDy?: number};
    const infos = spec.inputNames.map((name) => inputs[name] as tf.TensorInfo);
    const savedInfos = Object.keys(inputs)
      .filter((name) => name.startsWith('saved'))
      .sort()
      .map((name) => inputs[name] as tf.TensorInfo);
    const outputs = new Outputs(backend, wanted.map((k) => infos[k].shape));
    const values = (list: tf.TensorInfo[]) => list.map((info) => inputValues(backend, info));
    backwardValues(spec, inputValues(backend, inputs.dy as tf.TensorInfo), values(infos), values(savedInfos), wanted, outputs.arrays, uniformDy ?? undefined);
    return outputs.finish();
  };
}

/**
 * Float64 implementations of the forward and gradient kernels for the backend's
 * compileValueAndGrads (which traces logProb and its gradient kernel by kernel), with the same
 * layouts and saved outputs as the tfjs kernels.
 */
function registerCompiled(spec: FusedLogProbSpec, gradName: string): void {
  const names = spec.inputNames;
  const savedNames = Array.from({length: savedCount(spec)}, (_, s) => `saved${s}`);
  const f64 = (a: Float64Array) => a as unknown as Float32Array;
  registerCompiledKernel(spec.kernelName, {
    inputNames: [...names],
    build: (call, inputs, outputs) => () => forwardValues(spec, inputs.map(f64), outputs[0].length, f64(outputs[0]), outputs.slice(1).map(f64)),
  });
  registerCompiledKernel(gradName, {
    inputNames: ['dy', ...names, ...savedNames],
    build: (call, inputs, outputs) => {
      const wanted = call.attrs.wanted as number[];
      const k = names.length;
      return () => backwardValues(spec, f64(inputs[0]), inputs.slice(1, 1 + k).map(f64), inputs.slice(1 + k).map(f64), wanted, outputs.map(f64));
    },
  });
}

function outputShapeOf(infos: tf.TensorInfo[]): number[] {
  return infos.reduce((shape, info) => tf.backend_util.assertAndGetBroadcastShape(shape, info.shape), [] as number[]);
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i]);
}

/** True when `shape` is read in place against `out`: without leading 1s, a suffix of `out`. */
function readsInPlace(shape: readonly number[], out: readonly number[]): boolean {
  let first = 0;
  while (first < shape.length && shape[first] === 1) first++;
  const core = shape.slice(first);
  if (core.length > out.length) return false;
  return core.every((d, i) => d === out[out.length - core.length + i]);
}

function register(spec: FusedLogProbSpec): void {
  const gradName = `${spec.kernelName}Grad`;
  const forward = fusedForward(spec);
  const backward = fusedBackward(spec);
  for (const backendName of FUSED_KERNEL_BACKENDS) {
    if (tf.getKernel(spec.kernelName, backendName) === undefined) {
      tf.registerKernel({kernelName: spec.kernelName, backendName, kernelFunc: forward});
      tf.registerKernel({kernelName: gradName, backendName, kernelFunc: backward});
    }
  }
  registerCompiled(spec, gradName);
  if (tf.getGradient(spec.kernelName) !== undefined) return;
  const saved = savedCount(spec);
  tf.registerGradient({
    kernelName: spec.kernelName,
    inputsToSave: [...spec.inputNames],
    outputsToSave: [false, ...Array.from({length: saved}, () => true)],
    gradFunc: (dy, savedTensors) => {
      const inputs = savedTensors.slice(0, spec.inputNames.length);
      const extra = savedTensors.slice(spec.inputNames.length);
      // With saved outputs the kernel has several outputs and tfjs passes one dy per output (zeros
      // for the saved ones, which are only read by the gradient).
      const dyTensor = Array.isArray(dy) ? dy[0] : dy;
      const thunks: Record<string, () => tf.Tensor> = {};
      if (tf.engine().isTapeOn()) {
        // Computed here, outside the per-input tidies, so that every thunk can return its own.
        const grads = spec.gradientOps(dyTensor, inputs).map((g, j) => reduceTo(g, inputs[j].shape));
        spec.inputNames.forEach((name, k) => (thunks[name] = () => grads[k]));
        return thunks;
      }
      const run = (wanted: number[]): tf.Tensor[] => {
        const kernelInputs: tf.NamedTensorMap = {dy: dyTensor};
        spec.inputNames.forEach((name, k) => (kernelInputs[name] = inputs[k]));
        extra.forEach((t, s) => (kernelInputs[`saved${s}`] = t));
        const uniformDy = markedUniform(dyTensor);
        const attrs = uniformDy === undefined ? {wanted} : {wanted, uniformDy};
        const result = tf.engine().runKernel(gradName, kernelInputs, attrs as unknown as tf.NamedAttrMap);
        return Array.isArray(result) ? (result as tf.Tensor[]) : [result as tf.Tensor];
      };
      // Parameter gradients in one pass now (they are summed to parameter shapes, so cheap to keep);
      // `x`'s only if asked for.
      const params = run(spec.inputNames.map((_, k) => k).slice(1));
      spec.inputNames.forEach((name, k) => {
        thunks[name] = k === 0 ? () => run([0])[0] : () => params[k - 1];
      });
      return thunks;
    },
  });
}

/** Sums a gradient of the broadcast shape back to an input's shape. */
function reduceTo(g: tf.Tensor, shape: number[]): tf.Tensor {
  if (sameShape(g.shape, shape)) return g;
  const lead = g.rank - shape.length;
  const axes: number[] = [];
  for (let i = 0; i < g.rank; i++) {
    if (i < lead || shape[i - lead] === 1) axes.push(i);
  }
  return tf.reshape(tf.sum(g, axes), shape);
}

/**
 * Runs a kernel's loops a few times on a handful of points, with every branch taken, before the
 * first real call. V8 compiles a long loop mid-call (on-stack replacement); code after the loop that
 * has never run then has no type feedback, and optimized code that reaches it is thrown away, on
 * every call (seen: 11 ms instead of ~2 ms per 1e6 points).
 */
export function warmUp(run: () => void): void {
  for (let i = 0; i < 4; i++) run();
}

function warmUpSpec(spec: FusedLogProbSpec): void {
  warmUp(() => {
    const g = Float64Array.from([1, 2, 3, 4, 5, 6]);
    accumulate(g, 6, new Float64Array(1));
    accumulate(g, 5, new Float64Array(1));
    accumulate(g, 6, new Float64Array(3));
    accumulate(g, 2, new Float64Array(3));
  });
  const count = spec.inputNames.length;
  const saved = spec.savedOutputs ?? 0;
  const n = 6;
  const points = () => Float32Array.from([0.5, 1.5, 2, -1, 0, 3]);
  warmUp(() => {
    for (const p of [1, 1.5]) {
      const params = Array.from({length: count - 1}, () => p);
      const savedArrays = Array.from({length: saved}, points);
      const sums = spec.forwardScalar?.(n, new Float32Array(n), points(), params) ?? [];
      if (spec.float32Logs !== undefined) {
        spec.float32Logs.squareOf?.(params);
        spec.forwardScalar?.(n, new Float32Array(n), points(), params, Float32Array.from(points(), (v) => Math.log(Math.abs(v) + 0.5)));
      }
      // dy the same at every point, and not.
      spec.backwardScalar?.(n, new Float32Array(n).fill(p), points(), params, sums);
      spec.backwardScalar?.(n, points(), points(), params, sums);
      spec.backwardScalar?.(n, new Float32Array(n).fill(p), points(), params, sums, p);
      const ins = Array.from({length: count}, (_, k) => (k === 0 ? points() : new Float32Array(n).fill(p)));
      spec.forward(n, new Float32Array(n), 0, ins, ins.map(() => 0), savedArrays);
      const all = [points(), ...ins, ...savedArrays];
      spec.backward(n, all, all.map(() => 0), ins.map(() => new Float64Array(n)));
      spec.backward(n, all, all.map(() => 0), ins.map(() => new Float32Array(n)));
      spec.backward(n, all, all.map(() => 0), ins.map((_, k) => (k === 0 ? new Float64Array(n) : null)));
    }
  });
}

/** A fused log-density op: registers `spec` and returns a function of its inputs (inputNames order). */
export function defineFusedLogProb(spec: FusedLogProbSpec): (...inputs: tf.Tensor[]) => tf.Tensor {
  register(spec);
  warmUpSpec(spec);
  return (...inputs: tf.Tensor[]): tf.Tensor =>
    tf.tidy(() => {
      const floats = inputs.map((t) => (t.dtype === 'float32' ? t : tf.cast(t, 'float32')));
      const shape = floats.reduce((s, t) => tf.backend_util.assertAndGetBroadcastShape(s, t.shape), [] as number[]);
      const n = tf.util.sizeFromShape(shape);
      // Fused: points read in place, every other input smaller than the output (shared or
      // per-column parameters, whose gradients are sums) and read in place too.
      const fused = floats.every((t, k) => readsInPlace(t.shape, shape) && (k === 0 || t.size < n || n <= 1));
      if (!fused) return spec.opByOp(...floats);
      const named: tf.NamedTensorMap = {};
      spec.inputNames.forEach((name, k) => (named[name] = floats[k]));
      const result = tf.engine().runKernel(spec.kernelName, named, {});
      const outs = Array.isArray(result) ? (result as tf.Tensor[]) : [result as tf.Tensor];
      return outs[0];
    });
}

const f64 = new Float64Array(1);
const i32 = new Int32Array(f64.buffer);
const LN2 = Math.LN2;
/** For j < 128, 1 / c_j and log(c_j) with c_j = 1 + j / 128 (c_0 = 1 exactly). */
const INV_C = new Float64Array(128);
const LOG_C = new Float64Array(128);
for (let j = 0; j < 128; j++) {
  INV_C[j] = 128 / (128 + j);
  LOG_C[j] = Math.log1p(j / 128);
}
/** 2^(1023 - e) for each biased exponent e (and e = 2047 after a carry): v * POW2[e] = v / 2^(e - 1023). */
const POW2 = new Float64Array(2048);
for (let e = 1; e < 2048; e++) POW2[e] = 2 ** (1023 - e);

/**
 * Natural log in float64, relative error below 1e-13 (tested): V8's Math.log is an out-of-line
 * call (~9 ns per element here), this inlines to ~5 ns. v = 2^e c_j (1 + r) with c_j = 1 + j / 128
 * the nearest to v's mantissa m (j = 128 carries into e, so v just below 1 has e = 0, c_0 = 1 and
 * r = v - 1 exactly), |r| <= 2^-8: e log 2 + log c_j + log1p(r), the series to r^6 (truncation
 * < 2e-18). Zero, negatives, subnormals, infinities and NaN go to Math.log.
 */
export function log64(v: number): number {
  if (!(v >= 2.2250738585072014e-308 && v < Infinity)) return Math.log(v);
  f64[0] = v;
  const hi = i32[1];
  const rounded = (((hi >> 12) & 255) + 1) >> 1;
  const be = (hi >> 20) + (rounded >> 7);
  const j = rounded & 127;
  const r = v * POW2[be] * INV_C[j] - 1;
  const r2 = r * r;
  const r4 = r2 * r2;
  return (be - 1023) * LN2 + LOG_C[j] + (r + r2 * (r * (1 / 3) - 0.5) + r4 * (r * 0.2 - 0.25) - r4 * r2 * (1 / 6));
}

/**
 * log64 of a positive normal float32 given by its bits (0x00800000 <= bits < 0x7f800000): the
 * same reduction read from the bits, so the same value as log64, without the float64 store and
 * reload that log64 uses to reach the exponent.
 */
export function logOfFloat32Bits(bits: number): number {
  const rounded = (((bits >> 15) & 255) + 1) >> 1;
  const carry = rounded >> 7;
  const j = rounded & 127;
  const r = (1 + (bits & 0x7fffff) * 1.1920928955078125e-7) * POW2[1023 + carry] * INV_C[j] - 1;
  const r2 = r * r;
  const r4 = r2 * r2;
  return ((bits >> 23) - 127 + carry) * LN2 + LOG_C[j] + (r + r2 * (r * (1 / 3) - 0.5) + r4 * (r * 0.2 - 0.25) - r4 * r2 * (1 / 6));
}

/**
 * log(1 + u) in float64 (relative error below 1e-13, tested) for u > -1 (others go to
 * Math.log1p, and so do zeros, for the sign of -0): log64's reduction of v = 1 + u (rounded), plus the rounding error e of v (exact,
 * by TwoSum) as e / v, with 1 / v taken from the reduction (relative error r^2 <= 2^-16 on a term
 * below 2^-53 of the result). Branch-free for the points, no division.
 */
export function log1p64(u: number): number {
  if (!(u > -1 && u < 1e300) || u === 0) return Math.log1p(u);
  const v = 1 + u;
  const bv = v - 1;
  const e = 1 - (v - bv) + (u - bv);
  f64[0] = v;
  const hi = i32[1];
  const rounded = (((hi >> 12) & 255) + 1) >> 1;
  const be = (hi >> 20) + (rounded >> 7);
  const j = rounded & 127;
  const scale = POW2[be] * INV_C[j];
  const r = v * scale - 1;
  const r2 = r * r;
  const r4 = r2 * r2;
  const series = r + r2 * (r * (1 / 3) - 0.5) + r4 * (r * 0.2 - 0.25) - r4 * r2 * (1 / 6);
  return (be - 1023) * LN2 + LOG_C[j] + (series + e * scale * (1 - r));
}

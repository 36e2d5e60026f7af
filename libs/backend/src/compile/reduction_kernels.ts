/**
 * Float64 reductions (Sum, Mean, Max, Min, Prod, All, Any, ArgMax, ArgMin), scans (Cumsum,
 * Cumprod) and Softmax/LogSoftmax along an axis, following tfjs's cpu kernels.
 */
import {CompileError} from './compile_error';
import {CompiledKernelBuilder, KernelCall, registerCompiledKernel} from './kernel_registry';
import {indexTable, normalizeAxes, sizeOf, stridesOf} from './shape_util';

/** For every input element (row-major), the flat index of the output element it reduces into. */
function reductionMap(shape: readonly number[], axes: readonly number[]): {map: Int32Array; outSize: number} {
  const kept = shape.map((_, k) => !axes.includes(k));
  const keptShape = shape.filter((_, k) => kept[k]);
  const keptStrides = stridesOf(keptShape);
  let j = 0;
  const strides = shape.map((_, k) => (kept[k] ? keptStrides[j++] : 0));
  return {map: indexTable(shape, strides, 0), outSize: sizeOf(keptShape)};
}

type Reducer = 'sum' | 'mean' | 'prod' | 'max' | 'min' | 'all' | 'any';

function reductionBuilder(reducer: Reducer): CompiledKernelBuilder {
  return (call, inputs, outputs) => {
    const shape = call.inputs[0].shape;
    // Max names its axes `reductionIndices`, the other reductions `axis`.
    const axes = normalizeAxes(call.attrs.reductionIndices ?? call.attrs.axis, shape.length);
    const {map, outSize} = reductionMap(shape, axes);
    const x = inputs[0];
    const out = outputs[0];
    const n = x.length;
    if (out.length !== outSize) throw new CompileError(`${call.kernelName}: unexpected output size ${out.length}`);
    switch (reducer) {
      case 'sum':
      case 'mean': {
        const scale = reducer === 'mean' ? outSize / Math.max(n, 1) : 1;
        if (outSize === 1) {
          return () => {
            let s = 0;
            for (let i = 0; i < n; i++) s += x[i];
            out[0] = s * scale;
          };
        }
        return () => {
          out.fill(0);
          for (let i = 0; i < n; i++) out[map[i]] += x[i];
          if (scale !== 1) for (let j = 0; j < outSize; j++) out[j] *= scale;
        };
      }
      case 'prod':
        return () => {
          out.fill(1);
          for (let i = 0; i < n; i++) out[map[i]] *= x[i];
        };
      case 'max':
        return () => {
          out.fill(-Infinity);
          for (let i = 0; i < n; i++) {
            const v = x[i];
            const j = map[i];
            if (v > out[j] || v !== v) out[j] = v;
          }
        };
      case 'min':
        return () => {
          out.fill(Infinity);
          for (let i = 0; i < n; i++) {
            const v = x[i];
            const j = map[i];
            if (v < out[j] || v !== v) out[j] = v;
          }
        };
      case 'all':
        return () => {
          out.fill(1);
          for (let i = 0; i < n; i++) if (!x[i]) out[map[i]] = 0;
        };
      case 'any':
        return () => {
          out.fill(0);
          for (let i = 0; i < n; i++) if (x[i]) out[map[i]] = 1;
        };
    }
  };
}

/** The shape split around one axis: outer * length * inner elements. */
function aroundAxis(shape: readonly number[], axis: number): {outer: number; length: number; inner: number} {
  const a = axis < 0 ? axis + shape.length : axis;
  return {outer: sizeOf(shape.slice(0, a)), length: shape[a], inner: sizeOf(shape.slice(a + 1))};
}

/** ArgMax/ArgMin over one axis: the first index of the extreme value (NaN counts as extreme). */
function argBuilder(isMax: boolean): CompiledKernelBuilder {
  return (call, inputs, outputs) => {
    const axes = normalizeAxes(call.attrs.axis, call.inputs[0].shape.length);
    if (axes.length !== 1) throw new CompileError(`${call.kernelName} over ${axes.length} axes is not supported`);
    const {outer, length, inner} = aroundAxis(call.inputs[0].shape, axes[0]);
    const x = inputs[0];
    const out = outputs[0];
    return () => {
      for (let o = 0; o < outer; o++) {
        for (let r = 0; r < inner; r++) {
          const base = o * length * inner + r;
          let best = x[base];
          let arg = 0;
          for (let k = 1; k < length; k++) {
            const v = x[base + k * inner];
            if (best !== best) break;
            if (isMax ? v > best || v !== v : v < best || v !== v) {
              best = v;
              arg = k;
            }
          }
          out[o * inner + r] = arg;
        }
      }
    };
  };
}

/** Cumsum/Cumprod along `axis`, optionally exclusive (shifted by one) and/or reversed. */
function scanBuilder(isProduct: boolean): CompiledKernelBuilder {
  return (call, inputs, outputs) => {
    const {axis, exclusive, reverse} = call.attrs as {axis: number; exclusive?: boolean; reverse?: boolean};
    const {outer, length, inner} = aroundAxis(call.inputs[0].shape, axis);
    const x = inputs[0];
    const out = outputs[0];
    const identity = isProduct ? 1 : 0;
    return () => {
      for (let o = 0; o < outer; o++) {
        for (let r = 0; r < inner; r++) {
          const base = o * length * inner + r;
          let acc = identity;
          for (let step = 0; step < length; step++) {
            const k = reverse ? length - 1 - step : step;
            const at = base + k * inner;
            const v = x[at];
            if (exclusive) {
              out[at] = acc;
              acc = isProduct ? acc * v : acc + v;
            } else {
              acc = isProduct ? acc * v : acc + v;
              out[at] = acc;
            }
          }
        }
      }
    };
  };
}

/** Softmax (or its log) along one axis, shifted by the maximum for stability. */
function softmaxBuilder(log: boolean, axisAttr: string): CompiledKernelBuilder {
  return (call: KernelCall, inputs, outputs) => {
    const shape = call.inputs[0].shape;
    const raw = call.attrs[axisAttr];
    const axis = raw === undefined ? -1 : (raw as number);
    const {outer, length, inner} = aroundAxis(shape, axis);
    const x = inputs[0];
    const out = outputs[0];
    return () => {
      for (let o = 0; o < outer; o++) {
        for (let r = 0; r < inner; r++) {
          const base = o * length * inner + r;
          let max = -Infinity;
          for (let k = 0; k < length; k++) max = Math.max(max, x[base + k * inner]);
          let sum = 0;
          for (let k = 0; k < length; k++) sum += Math.exp(x[base + k * inner] - max);
          if (log) {
            const logSum = Math.log(sum) + max;
            for (let k = 0; k < length; k++) out[base + k * inner] = x[base + k * inner] - logSum;
          } else {
            for (let k = 0; k < length; k++) out[base + k * inner] = Math.exp(x[base + k * inner] - max) / sum;
          }
        }
      }
    };
  };
}

/** Registers every reduction, scan and softmax kernel. */
export function registerReductionKernels(): void {
  const reducers: Record<string, Reducer> = {Sum: 'sum', Mean: 'mean', Prod: 'prod', Max: 'max', Min: 'min', All: 'all', Any: 'any'};
  for (const [name, reducer] of Object.entries(reducers)) {
    registerCompiledKernel(name, {inputNames: ['x'], build: reductionBuilder(reducer)});
  }
  registerCompiledKernel('ArgMax', {inputNames: ['x'], build: argBuilder(true)});
  registerCompiledKernel('ArgMin', {inputNames: ['x'], build: argBuilder(false)});
  registerCompiledKernel('Cumsum', {inputNames: ['x'], build: scanBuilder(false)});
  registerCompiledKernel('Cumprod', {inputNames: ['x'], build: scanBuilder(true)});
  registerCompiledKernel('Softmax', {inputNames: ['logits'], build: softmaxBuilder(false, 'dim')});
  registerCompiledKernel('LogSoftmax', {inputNames: ['logits'], build: softmaxBuilder(true, 'axis')});
}

/**
 * Float64 data-movement kernels: zero-copy reshapes (Reshape, Identity, ExpandDims, Squeeze),
 * index-table gathers (Transpose, Tile, BroadcastTo, Slice, StridedSlice, Reverse, PadV2),
 * Concat, Pack, Unpack, SplitV, Diag, Fill, and the value-indexed GatherV2, UnsortedSegmentSum and OneHot.
 */
import * as tf from '@tensorflow/tfjs';
import {CompileError} from './compile_error';
import {CompiledKernelBuilder, registerCompiledKernel} from './kernel_registry';
import {broadcastIndex, indexTable, sizeOf, stridesOf} from './shape_util';

/** For every output position (row-major), `indexAt(position)`: an input index, or -1 for `fill`. */
function tableFromPositions(shape: readonly number[], indexAt: (pos: number[]) => number): Int32Array {
  const size = sizeOf(shape);
  const table = new Int32Array(size);
  const pos = new Array<number>(shape.length).fill(0);
  for (let i = 0; i < size; i++) {
    table[i] = indexAt(pos);
    for (let k = shape.length - 1; k >= 0; k--) {
      if (++pos[k] < shape[k]) break;
      pos[k] = 0;
    }
  }
  return table;
}

/** out[i] = x[table[i]] (or `fill` where the table holds -1). */
function gatherStep(x: Float64Array, table: Int32Array, out: Float64Array, fill = 0): () => void {
  const n = out.length;
  if (table.includes(-1)) {
    return () => {
      for (let i = 0; i < n; i++) {
        const j = table[i];
        out[i] = j < 0 ? fill : x[j];
      }
    };
  }
  return () => {
    for (let i = 0; i < n; i++) out[i] = x[table[i]];
  };
}

/** A builder from an index table computed from the call's input shape, attrs and output shape. */
function tableBuilder(
  tableFor: (inShape: readonly number[], attrs: Readonly<Record<string, unknown>>, outShape: readonly number[]) => Int32Array,
  fillFor?: (attrs: Readonly<Record<string, unknown>>) => number,
): CompiledKernelBuilder {
  return (call, inputs, outputs) => {
    const table = tableFor(call.inputs[0].shape, call.attrs, call.outputs[0].shape);
    if (table.length !== outputs[0].length) {
      throw new CompileError(`${call.kernelName}: index table of ${table.length} for an output of ${outputs[0].length}`);
    }
    return gatherStep(inputs[0], table, outputs[0], fillFor?.(call.attrs) ?? 0);
  };
}

const transposeTable = (inShape: readonly number[], attrs: Readonly<Record<string, unknown>>, outShape: readonly number[]) => {
  const strides = stridesOf(inShape);
  return indexTable(outShape, (attrs.perm as number[]).map((p) => strides[p]), 0);
};

const tileTable = (inShape: readonly number[], _attrs: unknown, outShape: readonly number[]) => {
  const strides = stridesOf(inShape);
  return tableFromPositions(outShape, (pos) => pos.reduce((s, p, k) => s + (p % inShape[k]) * strides[k], 0));
};

const broadcastToTable = (inShape: readonly number[], _attrs: unknown, outShape: readonly number[]) =>
  broadcastIndex(inShape, outShape);

const sliceTable = (inShape: readonly number[], attrs: Readonly<Record<string, unknown>>, outShape: readonly number[]) => {
  const raw = attrs.begin as number | number[];
  const begin = Array.isArray(raw) ? raw : [raw];
  const strides = stridesOf(inShape);
  const base = inShape.reduce((s, _, k) => s + (begin[k] ?? 0) * strides[k], 0);
  return indexTable(outShape, strides, base);
};

const stridedSliceTable = (inShape: readonly number[], attrs: Readonly<Record<string, unknown>>) => {
  const a = attrs as unknown as tf.StridedSliceAttrs;
  const info = tf.slice_util.sliceInfo(
    [...inShape],
    a.begin,
    a.end,
    a.strides,
    a.beginMask,
    a.endMask,
    a.ellipsisMask,
    a.newAxisMask,
    a.shrinkAxisMask,
  );
  // begin, end and strides are per input axis (shrunk axes have one element): the dense slice shape.
  const inStrides = stridesOf(inShape);
  const dense = info.begin.map((b, k) => Math.max(0, Math.ceil((info.end[k] - b) / info.strides[k])));
  if (dense.length !== inShape.length || sizeOf(dense) !== sizeOf(info.finalShape)) {
    throw new CompileError(`StridedSlice: unsupported combination of masks for input shape [${inShape}]`);
  }
  const base = info.begin.reduce((s, b, k) => s + b * inStrides[k], 0);
  return indexTable(
    dense,
    info.strides.map((s, k) => s * inStrides[k]),
    base,
  );
};

const reverseTable = (inShape: readonly number[], attrs: Readonly<Record<string, unknown>>) => {
  const raw = attrs.dims as number | number[];
  const dims = (Array.isArray(raw) ? raw : [raw]).map((d) => (d < 0 ? d + inShape.length : d));
  const strides = stridesOf(inShape);
  const base = dims.reduce((s, d) => s + (inShape[d] - 1) * strides[d], 0);
  return indexTable(inShape, strides.map((s, k) => (dims.includes(k) ? -s : s)), base);
};

const padTable = (inShape: readonly number[], attrs: Readonly<Record<string, unknown>>, outShape: readonly number[]) => {
  const paddings = attrs.paddings as Array<[number, number]>;
  const strides = stridesOf(inShape);
  return tableFromPositions(outShape, (pos) => {
    let index = 0;
    for (let k = 0; k < pos.length; k++) {
      const p = pos[k] - paddings[k][0];
      if (p < 0 || p >= inShape[k]) return -1;
      index += p * strides[k];
    }
    return index;
  });
};

/** Concat along `axis`: each input's blocks copied to its offset. Pack is Concat along a new axis. */
function concatBuilder(pack: boolean): CompiledKernelBuilder {
  return (call, inputs, outputs) => {
    const outShape = call.outputs[0].shape;
    const rank = outShape.length;
    const rawAxis = call.attrs.axis as number | number[];
    let axis = Array.isArray(rawAxis) ? rawAxis[0] : rawAxis;
    if (axis < 0) axis += rank;
    const outer = sizeOf(outShape.slice(0, axis));
    const inner = sizeOf(outShape.slice(axis + 1));
    const total = outShape[axis] * inner;
    const parts = call.inputs.map((spec, k) => {
      const length = pack ? 1 : spec.shape[axis];
      return {data: inputs[k], block: length * inner};
    });
    let offset = 0;
    const offsets = parts.map((p) => {
      const o = offset;
      offset += p.block;
      return o;
    });
    const out = outputs[0];
    return () => {
      for (let k = 0; k < parts.length; k++) {
        const {data, block} = parts[k];
        const start = offsets[k];
        for (let o = 0; o < outer; o++) {
          const dst = o * total + start;
          const src = o * block;
          for (let i = 0; i < block; i++) out[dst + i] = data[src + i];
        }
      }
    };
  };
}

/** Unpack and SplitV: output k takes its block of each outer slice along `axis`. */
const buildSplit: CompiledKernelBuilder = (call, inputs, outputs) => {
  const inShape = call.inputs[0].shape;
  let axis = call.attrs.axis as number;
  if (axis < 0) axis += inShape.length;
  const outer = sizeOf(inShape.slice(0, axis));
  const inner = sizeOf(inShape.slice(axis + 1));
  const total = inShape[axis] * inner;
  const unpack = call.kernelName === 'Unpack';
  let offset = 0;
  const parts = call.outputs.map((spec, k) => {
    const block = (unpack ? 1 : spec.shape[axis]) * inner;
    const part = {out: outputs[k], block, start: offset};
    offset += block;
    return part;
  });
  const x = inputs[0];
  return () => {
    for (const {out, block, start} of parts) {
      for (let o = 0; o < outer; o++) {
        const src = o * total + start;
        const dst = o * block;
        for (let i = 0; i < block; i++) out[dst + i] = x[src + i];
      }
    }
  };
};

/** GatherV2(x, indices) along `axis` with `batchDims` leading batch dimensions; out-of-range indices give NaN. */
const buildGather: CompiledKernelBuilder = (call, inputs, outputs) => {
  const xShape = call.inputs[0].shape;
  const iShape = call.inputs[1].shape;
  let axis = (call.attrs.axis as number | undefined) ?? 0;
  if (axis < 0) axis += xShape.length;
  let batchDims = (call.attrs.batchDims as number | undefined) ?? 0;
  if (batchDims < 0) batchDims += iShape.length;
  const batch = sizeOf(xShape.slice(0, batchDims));
  const outer = sizeOf(xShape.slice(batchDims, axis));
  const dim = xShape[axis];
  const inner = sizeOf(xShape.slice(axis + 1));
  const perBatch = sizeOf(iShape.slice(batchDims));
  const [x, indices] = inputs;
  const out = outputs[0];
  return () => {
    let at = 0;
    for (let b = 0; b < batch; b++) {
      for (let o = 0; o < outer; o++) {
        const xBase = (b * outer + o) * dim;
        for (let k = 0; k < perBatch; k++) {
          const index = indices[b * perBatch + k];
          if (index >= 0 && index < dim) {
            const src = (xBase + index) * inner;
            for (let r = 0; r < inner; r++) out[at++] = x[src + r];
          } else {
            for (let r = 0; r < inner; r++) out[at++] = NaN;
          }
        }
      }
    }
  };
};

/** UnsortedSegmentSum: out[s, ...] = sum of x[i, ...] over segmentIds[i] = s (ids outside [0, numSegments) are dropped). */
const buildSegmentSum: CompiledKernelBuilder = (call, inputs, outputs) => {
  const [x, ids] = inputs;
  const out = outputs[0];
  const numSegments = call.attrs.numSegments as number;
  const numIds = ids.length;
  const inner = numIds === 0 ? 0 : x.length / numIds;
  return () => {
    out.fill(0);
    for (let i = 0; i < numIds; i++) {
      const s = ids[i];
      if (s < 0 || s >= numSegments) continue;
      const src = i * inner;
      const dst = s * inner;
      for (let r = 0; r < inner; r++) out[dst + r] += x[src + r];
    }
  };
};

/** OneHot: out[..., d] = onValue where indices[...] = d, offValue elsewhere. */
const buildOneHot: CompiledKernelBuilder = (call, inputs, outputs) => {
  const {depth, onValue, offValue} = call.attrs as {depth: number; onValue: number; offValue: number};
  const indices = inputs[0];
  const out = outputs[0];
  return () => {
    out.fill(offValue);
    for (let i = 0; i < indices.length; i++) {
      const d = indices[i];
      if (d >= 0 && d < depth) out[i * depth + d] = onValue;
    }
  };
};

/** Diag: x of shape S on the diagonal of an S + S tensor (out[i, i] = x[i] over the flattened x). */
const buildDiag: CompiledKernelBuilder = (_call, inputs, outputs) => {
  const x = inputs[0];
  const out = outputs[0];
  const n = x.length;
  return () => {
    out.fill(0);
    for (let i = 0; i < n; i++) out[i * n + i] = x[i];
  };
};

/** Fill: every element is `value` (normally folded into a constant while tracing). */
const buildFill: CompiledKernelBuilder = (call, _inputs, outputs) => {
  const value = call.attrs.value as number;
  const out = outputs[0];
  return () => out.fill(value);
};

/** Registers every data-movement kernel. */
export function registerShapeKernels(): void {
  const alias = {isAlias: () => true};
  registerCompiledKernel('Reshape', {inputNames: ['x'], ...alias});
  registerCompiledKernel('Identity', {inputNames: ['x'], ...alias});
  registerCompiledKernel('ExpandDims', {inputNames: ['input'], ...alias});
  registerCompiledKernel('Squeeze', {inputNames: ['x'], ...alias});
  registerCompiledKernel('Transpose', {inputNames: ['x'], build: tableBuilder(transposeTable)});
  registerCompiledKernel('Tile', {inputNames: ['x'], build: tableBuilder(tileTable)});
  registerCompiledKernel('BroadcastTo', {inputNames: ['x'], build: tableBuilder(broadcastToTable)});
  registerCompiledKernel('Slice', {inputNames: ['x'], build: tableBuilder(sliceTable)});
  registerCompiledKernel('StridedSlice', {inputNames: ['x'], build: tableBuilder(stridedSliceTable)});
  registerCompiledKernel('Reverse', {inputNames: ['x'], build: tableBuilder(reverseTable)});
  registerCompiledKernel('PadV2', {
    inputNames: ['x'],
    build: tableBuilder(padTable, (attrs) => attrs.constantValue as number),
  });
  registerCompiledKernel('Concat', {build: concatBuilder(false)});
  registerCompiledKernel('Pack', {build: concatBuilder(true)});
  registerCompiledKernel('Unpack', {inputNames: ['value'], build: buildSplit});
  registerCompiledKernel('SplitV', {inputNames: ['x'], build: buildSplit});
  registerCompiledKernel('GatherV2', {inputNames: ['x', 'indices'], build: buildGather});
  registerCompiledKernel('UnsortedSegmentSum', {inputNames: ['x', 'segmentIds'], build: buildSegmentSum});
  registerCompiledKernel('OneHot', {inputNames: ['indices'], build: buildOneHot});
  registerCompiledKernel('Diag', {inputNames: ['x'], build: buildDiag});
  registerCompiledKernel('Fill', {inputNames: [], build: buildFill});
}

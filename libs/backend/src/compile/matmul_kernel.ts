/** Float64 BatchMatMul: out[..., i, j] = sum_p a[..., i, p] b[..., p, j], with transposes and batch broadcasting. */
import {CompiledKernelBuilder, registerCompiledKernel} from './kernel_registry';
import {broadcastIndex, sizeOf} from './shape_util';

const buildBatchMatMul: CompiledKernelBuilder = (call, inputs, outputs) => {
  const aShape = call.inputs[0].shape;
  const bShape = call.inputs[1].shape;
  const outShape = call.outputs[0].shape;
  const {transposeA, transposeB} = call.attrs as {transposeA?: boolean; transposeB?: boolean};
  const ra = aShape.length;
  const rb = bShape.length;
  const m = transposeA ? aShape[ra - 1] : aShape[ra - 2];
  const k = transposeA ? aShape[ra - 2] : aShape[ra - 1];
  const n = transposeB ? bShape[rb - 2] : bShape[rb - 1];
  // a[i, p] and b[p, j] in each matrix's own row-major storage.
  const aI = transposeA ? 1 : k;
  const aP = transposeA ? m : 1;
  const bP = transposeB ? 1 : n;
  const bJ = transposeB ? k : 1;
  const outBatch = outShape.slice(0, -2);
  const aBatch = broadcastIndex(aShape.slice(0, -2), outBatch);
  const bBatch = broadcastIndex(bShape.slice(0, -2), outBatch);
  const batches = sizeOf(outBatch);
  const [a, b] = inputs;
  const out = outputs[0];
  const aSize = m * k;
  const bSize = k * n;
  return () => {
    let o = 0;
    for (let t = 0; t < batches; t++) {
      const aBase = aBatch[t] * aSize;
      const bBase = bBatch[t] * bSize;
      for (let i = 0; i < m; i++) {
        const aRow = aBase + i * aI;
        for (let j = 0; j < n; j++) {
          let s = 0;
          let ai = aRow;
          let bi = bBase + j * bJ;
          for (let p = 0; p < k; p++) {
            s += a[ai] * b[bi];
            ai += aP;
            bi += bP;
          }
          out[o++] = s;
        }
      }
    }
  };
};

/** Registers BatchMatMul. */
export function registerMatMulKernel(): void {
  registerCompiledKernel('BatchMatMul', {inputNames: ['a', 'b'], build: buildBatchMatMul});
}

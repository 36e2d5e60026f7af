import test, {type ExecutionContext} from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {onCpuAndWasm, seededValues} from './cpu_reference';
import {ELEMENTWISE_BINARY_KERNELS, broadcastPlan} from './elementwise_binary';

test.before(async () => {
  await init({backend: 'wasm'});
});

/** Operand shape pairs: inner, outer and two-sided broadcasts, ranks 1-6, single elements, empty. */
const SHAPES: [number[], number[]][] = [
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[4, 1, 3], [5, 1]],
  [[3, 1], [1, 4]],
  [[1, 4], [3, 1]],
  [[2, 1, 3, 1], [1, 4, 1, 5]],
  [[2, 3, 1, 2, 1, 3], [1, 3, 2, 1, 2, 1]],
  [[1, 2, 1, 2, 1, 2], [2, 1, 2, 1, 2, 1]],
  [[5], [1]],
  [[], [2, 3]],
  [[2, 3], [2, 3]],
  [[0, 3], [3]],
  [[300, 1], [1, 400]],
];

/** Values with many ties (halves in [-1.5, 1.5]), and for float32 NaN and infinities mixed in. */
function operand(shape: number[], seed: number, dtype: 'float32' | 'int32'): Float32Array | Int32Array {
  const raw = seededValues(tf.util.sizeFromShape(shape), seed);
  if (dtype === 'int32') {
    return Int32Array.from(raw, (v) => Math.round(v * 3));
  }
  const specials = [NaN, Infinity, -Infinity, -0];
  return Float32Array.from(raw, (v, i) => (i % 7 === 3 ? specials[(i + seed) % 4] : Math.round(v * 3) / 2));
}

/** Asserts equal lengths and no differing element (Object.is, so NaN and -0 count). */
function sameValues(t: ExecutionContext, a: ArrayLike<number>, b: ArrayLike<number>, message: string): void {
  t.is(a.length, b.length, message);
  let first = -1;
  for (let i = 0; i < a.length && first < 0; i++) {
    if (!Object.is(a[i], b[i])) first = i;
  }
  t.is(first, -1, `${message}: first differing element (-1: none)`);
}

for (const [name, outDtype] of Object.entries(ELEMENTWISE_BINARY_KERNELS)) {
  const logical = name.startsWith('Logical');
  test.serial(`${name} on wasm matches cpu on broadcast shapes, in every dtype it takes, without leaks`, async (t) => {
    for (const dtype of logical ? (['bool'] as const) : (['float32', 'int32'] as const)) {
      for (const [aShape, bShape] of SHAPES) {
        const inputDtype = dtype === 'float32' ? 'float32' : 'int32';
        const a = {shape: aShape, values: operand(aShape, 1, inputDtype), dtype: inputDtype} as const;
        const b = {shape: bShape, values: operand(bShape, 2, inputDtype), dtype: inputDtype} as const;
        let resultDtype = '';
        const out = await onCpuAndWasm([a, b], (x, y) =>
          tf.tidy(() => {
            const [u, v] = dtype === 'bool' ? [tf.greater(x, 0), tf.greater(y, 0)] : [x, y];
            const result = tf.engine().runKernel(name, {a: u, b: v}) as tf.Tensor;
            resultDtype = result.dtype;
            return result;
          }),
        );
        const label = `${name} ${dtype} ${JSON.stringify(aShape)} with ${JSON.stringify(bShape)}`;
        t.deepEqual(out.shape, tf.backend_util.assertAndGetBroadcastShape(aShape, bShape), label);
        t.is(resultDtype, outDtype ?? dtype, label);
        sameValues(t, out.wasm, out.cpu, label);
        t.is(out.wasmLeaks, 0, label);
      }
    }
  });
}

test('broadcastPlan merges axes both operands broadcast alike and drops length-1 axes', (t) => {
  t.deepEqual(broadcastPlan([2, 3, 4], [4], [2, 3, 4]), {shape: [6, 4], aStrides: [4, 1], bStrides: [0, 1]});
  t.deepEqual(broadcastPlan([3, 1], [1, 4], [3, 4]), {shape: [3, 4], aStrides: [1, 0], bStrides: [0, 1]});
  t.deepEqual(broadcastPlan([1, 5, 1], [2, 5, 1], [2, 5, 1]), {shape: [2, 5], aStrides: [0, 1], bStrides: [5, 1]});
  t.deepEqual(broadcastPlan([1], [1, 1], [1, 1]), {shape: [1], aStrides: [1], bStrides: [1]});
});

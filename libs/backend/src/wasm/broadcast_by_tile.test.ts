import test, {type ExecutionContext} from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {onCpuAndWasm, seededValues} from './cpu_reference';
import {BROADCAST_BY_TILE_KERNELS} from './broadcast_by_tile';

test.before(async () => {
  await init({backend: 'wasm'});
});

/** Operand shape pairs: inner, outer and two-sided broadcasts, ranks 1-6, single elements, empty. */
const SHAPES: [number[], number[]][] = [
  [[2, 3], [3]],
  [[3], [2, 3]],
  [[4, 1, 3], [5, 1]],
  [[3, 1], [1, 4]],
  [[2, 1, 3, 1], [1, 4, 1, 5]],
  [[2, 3, 1, 2, 1, 3], [1, 3, 2, 1, 2, 1]],
  [[5], [1]],
  [[], [2, 3]],
  [[0, 3], [3]],
  [[200, 1], [1, 300]],
];

/** Non-zero values in (-4, 4) (a: any sign; b: positive for Pow so results stay real). */
function operand(shape: number[], seed: number, dtype: 'float32' | 'int32', positive: boolean): Float32Array | Int32Array {
  const raw = seededValues(tf.util.sizeFromShape(shape), seed).map((v) => (positive ? 0.25 + 1.75 * (v + 1) : 4 * v || 0.5));
  return dtype === 'int32' ? Int32Array.from(raw, (v) => Math.round(v) || 1) : raw;
}

/** Largest |x - y| / max(1, |y|) over finite pairs; Infinity when finiteness differs. */
function maxRelativeError(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let worst = x.length === y.length ? 0 : Infinity;
  for (let i = 0; i < x.length; i++) {
    if (Number.isFinite(x[i]) !== Number.isFinite(y[i])) return Infinity;
    if (Number.isFinite(y[i])) worst = Math.max(worst, Math.abs(x[i] - y[i]) / Math.max(1, Math.abs(y[i])));
  }
  return worst;
}

async function check(t: ExecutionContext, name: string, dtype: 'float32' | 'int32', aShape: number[], bShape: number[]): Promise<void> {
  const label = `${name} ${dtype} ${JSON.stringify(aShape)} with ${JSON.stringify(bShape)}`;
  const a = {shape: aShape, values: operand(aShape, 3, dtype, false), dtype};
  const b = {shape: bShape, values: operand(bShape, 4, dtype, name === 'Pow'), dtype};
  const out = await onCpuAndWasm([a, b], (x, y) => tf.engine().runKernel(name, {a: x, b: y}) as tf.Tensor);
  const outShape = tf.backend_util.assertAndGetBroadcastShape(aShape, bShape);
  t.deepEqual(out.shape, outShape, label);
  // float32 Pow/Atan2 in C++ (wasm) and double Math (cpu) may differ by a few ulps (6e-8
  // relative each); 1e-6 allows ~8. FloorDiv and Mod are exact on these values.
  t.true(maxRelativeError(out.wasm, out.cpu) <= 1e-6, `${label} against cpu`);
  t.is(out.wasmLeaks, 0, label);
  // The same stock kernel on operands broadcast beforehand (equal shapes): identical bits.
  const direct = await onCpuAndWasm([a, b], (x, y) =>
    tf.tidy(() => tf.engine().runKernel(name, {a: tf.broadcastTo(x, outShape), b: tf.broadcastTo(y, outShape)}) as tf.Tensor),
  );
  let differing = -1;
  for (let i = 0; i < out.wasm.length && differing < 0; i++) {
    if (!Object.is(out.wasm[i], direct.wasm[i])) differing = i;
  }
  t.is(differing, -1, `${label} against wasm on equal shapes (first differing element)`);
}

for (const name of BROADCAST_BY_TILE_KERNELS) {
  test.serial(`${name} on wasm with broadcast operands matches cpu and the stock kernel on equal shapes, without leaks`, async (t) => {
    for (const dtype of name === 'Atan2' ? (['float32'] as const) : (['float32', 'int32'] as const)) {
      for (const [aShape, bShape] of SHAPES) {
        await check(t, name, dtype, aShape, bShape);
      }
    }
  });
}

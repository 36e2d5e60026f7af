import * as tf from '@tensorflow/tfjs';
import test from 'ava';
import {getCompiledKernel} from './kernel_registry';
import {testKernelCases} from './compile_test_util';
import {KernelCase, withZeroGradient} from './testing';

/** Weights that make every output element's gradient distinct. */
const weights = (x: tf.Tensor) => tf.reshape(tf.range(1, x.size + 1), x.shape);
const weighted = (x: tf.Tensor) => tf.mul(x, weights(x));

const cases: KernelCase[] = [
  {kernel: 'Reshape', fn: (x) => weighted(tf.reshape(tf.exp(x), [3, 2])), shapes: [[2, 3]]},
  {kernel: 'ExpandDims', fn: (x, y) => tf.mul(tf.expandDims(x, 1), y), shapes: [[2], [2, 3]]},
  {kernel: 'Transpose', fn: (x) => weighted(tf.transpose(tf.exp(x), [2, 0, 1])), shapes: [[2, 3, 4]]},
  {kernel: 'Tile', fn: (x) => weighted(tf.tile(tf.exp(x), [2, 3])), shapes: [[2, 3]]},
  {kernel: 'Slice', fn: (x) => weighted(tf.slice(tf.exp(x), [1, 0], [2, -1])), shapes: [[3, 4]]},
  // tfjs 4.22 has no StridedSlice gradient: the sliced values enter through a zero-gradient customGrad.
  {
    kernel: 'StridedSlice',
    fn: (x) => tf.add(tf.sum(x), weighted(withZeroGradient((v) => tf.stridedSlice(tf.exp(v), [0, 1], [3, 4], [2, 2]))(x))),
    shapes: [[3, 4]],
  },
  {
    kernel: 'StridedSlice',
    fn: (x) =>
      tf.add(tf.sum(x), weighted(withZeroGradient((v) => tf.stridedSlice(tf.exp(v), [0, 3], [3, 0], [1, -1]))(x))),
    shapes: [[3, 4]],
  },
  {
    kernel: 'StridedSlice',
    fn: (x) => tf.add(tf.sum(x), weighted(withZeroGradient((v) => tf.stridedSlice(tf.exp(v), [0, 1], [2, 3], [1, 1], 0, 0, 0, 1))(x))),
    shapes: [[3, 4]],
  },
  {kernel: 'Reverse', fn: (x) => weighted(tf.reverse(tf.exp(x), [1])), shapes: [[3, 4]]},
  {kernel: 'PadV2', fn: (x) => weighted(tf.pad(tf.exp(x), [[1, 0], [0, 2]], 0.5)), shapes: [[2, 3]]},
  {kernel: 'Concat', fn: (x, y) => weighted(tf.concat([tf.exp(x), y, x], 1)), shapes: [[2, 3], [2, 1]]},
  {kernel: 'Concat', fn: (x, y) => weighted(tf.concat([tf.exp(x), y], 0)), shapes: [[2, 3], [1, 3]]},
  {kernel: 'Pack', fn: (x, y) => weighted(tf.stack([tf.exp(x), y], 1)), shapes: [[2, 3], [2, 3]]},
  {kernel: 'Unpack', fn: (x) => tf.addN(tf.unstack(weighted(tf.exp(x)), 1).map((p, i) => tf.mul(p, i + 1))), shapes: [[2, 3]]},
  {kernel: 'SplitV', fn: (x) => tf.mul(weighted(tf.split(tf.exp(x), [1, 3], 1)[1]), 2), shapes: [[2, 4]]},
  {kernel: 'GatherV2', fn: (x) => weighted(tf.gather(tf.exp(x), tf.tensor1d([2, 0, 2, 1], 'int32'), 0)), shapes: [[3, 2]]},
  {kernel: 'GatherV2', fn: (x) => weighted(tf.gather(tf.exp(x), tf.tensor2d([[1, 0], [2, 2]], [2, 2], 'int32'), 1)), shapes: [[2, 3]]},
  {
    kernel: 'UnsortedSegmentSum',
    fn: (x) => weighted(tf.unsortedSegmentSum(tf.exp(x), tf.tensor1d([1, 0, 1, 3], 'int32'), 4)),
    shapes: [[4, 2]],
  },
  {
    kernel: 'OneHot',
    fn: (x) => tf.mul(x, tf.sum(tf.oneHot(tf.cast(tf.mul(tf.abs(x), 1.7), 'int32'), 4), -1)),
    shapes: [[5]],
  },
  // tfjs 4.22 has no Diag gradient.
  {kernel: 'Diag', fn: (x) => tf.add(tf.sum(x), weighted(withZeroGradient((v) => tf.diag(tf.exp(v)))(x))), shapes: [[2, 2]]},
  // tf.linalg.bandPart is composed of Range, comparisons, Unpack, Select and Pack in tfjs 4.22.
  {kernel: 'Unpack', fn: (x) => weighted(tf.linalg.bandPart(tf.exp(x), 1, 0)), shapes: [[3, 3]]},
  {kernel: 'Pack', fn: (x) => weighted(tf.linalg.bandPart(tf.exp(x), 0, -1)), shapes: [[2, 3, 3]]},
];

testKernelCases(cases);

test('BroadcastTo (no tfjs 4.22 backend dispatches it: the builder against tf.broadcastTo)', (t) => {
  const kernel = getCompiledKernel('BroadcastTo')!;
  const x = Float64Array.from([1, 2]);
  const out = new Float64Array(12);
  kernel.build!(
    {kernelName: 'BroadcastTo', inputs: [{shape: [2, 1], dtype: 'float32'}], attrs: {shape: [3, 2, 2]}, outputs: [{shape: [3, 2, 2], dtype: 'float32'}]},
    [x],
    [out],
  )();
  const want = tf.tidy(() => Array.from(tf.broadcastTo(tf.tensor2d([1, 2], [2, 1]), [3, 2, 2]).dataSync()));
  t.deepEqual(Array.from(out), want);
});

test('StridedSlice with a shrunk axis and a negative stride (tfjs 4.22 cpu fails on it: checked by hand)', (t) => {
  const kernel = getCompiledKernel('StridedSlice')!;
  const x = Float64Array.from({length: 12}, (_, k) => k);
  const out = new Float64Array(3);
  const attrs = {begin: [1, 3], end: [2, 0], strides: [1, -1], beginMask: 0, endMask: 0, ellipsisMask: 0, newAxisMask: 0, shrinkAxisMask: 1};
  kernel.build!(
    {kernelName: 'StridedSlice', inputs: [{shape: [3, 4], dtype: 'float32'}], attrs, outputs: [{shape: [3], dtype: 'float32'}]},
    [x],
    [out],
  )();
  t.deepEqual(Array.from(out), [7, 6, 5]);
});

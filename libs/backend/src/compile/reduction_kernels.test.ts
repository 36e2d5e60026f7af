import * as tf from '@tensorflow/tfjs';
import {testKernelCases} from './compile_test_util';
import {KernelCase, withZeroGradient} from './testing';

const flag = (x: tf.Tensor) => tf.cast(x, 'float32');

const cases: KernelCase[] = [
  {kernel: 'Sum', fn: (x) => tf.sum(tf.square(x), [0, 2]), shapes: [[2, 3, 4]]},
  {kernel: 'Sum', fn: (x) => tf.sum(tf.square(x), -1, true), shapes: [[2, 3, 4]]},
  {kernel: 'Sum', fn: (x) => tf.sum(tf.exp(x)), shapes: [[2, 3]]},
  {kernel: 'Mean', fn: (x) => tf.mean(tf.square(x), 1, true), shapes: [[2, 3, 4]]},
  {kernel: 'Max', fn: (x) => tf.max(tf.mul(x, x), [1]), shapes: [[3, 4]]},
  {kernel: 'Min', fn: (x) => tf.min(tf.mul(x, x), 0, true), shapes: [[3, 4]]},
  {kernel: 'Prod', fn: (x) => tf.prod(x, 1), shapes: [[3, 4]], lo: 0.5, hi: 1.5},
  // tfjs has no gradients for All and Any: their flags enter through a zero-gradient customGrad.
  {kernel: 'All', fn: (x) => tf.mul(x, withZeroGradient((v) => flag(tf.all(tf.greater(v, -1), 1, true)))(x)), shapes: [[3, 4]]},
  {kernel: 'Any', fn: (x) => tf.mul(x, withZeroGradient((v) => flag(tf.any(tf.greater(v, 1.2), 0)))(x)), shapes: [[3, 4]]},
  {kernel: 'ArgMax', fn: (x) => tf.mul(x, tf.expandDims(flag(tf.argMax(x, 1)), 1)), shapes: [[3, 4]]},
  {kernel: 'ArgMin', fn: (x) => tf.mul(x, tf.cast(tf.argMin(x, 0), 'float32')), shapes: [[3, 4]]},
  {kernel: 'Cumsum', fn: (x) => tf.mul(tf.cumsum(x, 1), x), shapes: [[3, 4]]},
  // Exclusive and reversed (along the last axis: tfjs 4.22's Cumsum gradient mis-shapes other axes).
  {kernel: 'Cumsum', fn: (x) => tf.mul(tf.cumsum(x, 1, true, true), x), shapes: [[3, 4]]},
  {kernel: 'Cumsum', fn: (x) => tf.mul(tf.cumsum(x, 0), x), shapes: [[5]]},
  {kernel: 'Softmax', fn: (x) => tf.mul(tf.softmax(x), tf.range(0, 4)), shapes: [[3, 4]]},
  // tf.logSoftmax is composed of Max, Sub, Exp, Sum and Log in tfjs 4.22 (the LogSoftmax kernel is compiled but never dispatched).
  {kernel: 'Max', fn: (x) => tf.mul(tf.logSoftmax(x), tf.range(0, 4)), shapes: [[3, 4]]},
];

testKernelCases(cases);

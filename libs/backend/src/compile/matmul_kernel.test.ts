import * as tf from '@tensorflow/tfjs';
import {testKernelCases} from './compile_test_util';
import {KernelCase} from './testing';

const cases: KernelCase[] = [
  {kernel: 'BatchMatMul', fn: (a, b) => tf.matMul(a, b), shapes: [[2, 3], [3, 4]]},
  {kernel: 'BatchMatMul', fn: (a, b) => tf.matMul(a, b, true, false), shapes: [[3, 2], [3, 4]]},
  {kernel: 'BatchMatMul', fn: (a, b) => tf.matMul(a, b, false, true), shapes: [[2, 3], [4, 3]]},
  {kernel: 'BatchMatMul', fn: (a, b) => tf.matMul(a, b, true, true), shapes: [[3, 2], [4, 3]]},
  {kernel: 'BatchMatMul', fn: (a, b) => tf.matMul(a, b), shapes: [[2, 2, 3], [2, 3, 2]]},
  // Batch broadcasting: a [2, 3, 2, 3] times a constant b [3, 3, 2] (tfjs 4.22's gradient does not
  // reduce a broadcast input, so the broadcast operand is a constant here).
  {
    kernel: 'BatchMatMul',
    fn: (a) => tf.square(tf.matMul(a, tf.reshape(tf.range(0, 18), [3, 3, 2]))),
    shapes: [[2, 3, 2, 3]],
  },
  {kernel: 'BatchMatMul', fn: (a, b) => tf.matMul(a, tf.square(b)), shapes: [[2, 3], [3, 1]]},
];

testKernelCases(cases);

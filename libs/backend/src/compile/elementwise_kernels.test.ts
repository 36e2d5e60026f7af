import * as tf from '@tensorflow/tfjs';
import {testKernelCases} from './compile_test_util';
import {KernelCase} from './testing';

/** Unary kernel `op` applied to x + y (x [2, 3], y [3]: a broadcasting Add in front), scaled by x. */
function unary(kernel: string, op: (x: tf.Tensor) => tf.Tensor, lo = -2, hi = 2): KernelCase {
  return {kernel, fn: (x, y) => tf.mul(op(tf.add(x, y)), x), shapes: [[2, 3], [3]], lo: lo / 2, hi: hi / 2};
}

/** Binary kernel `op` on broadcasting shapes. */
function binary(kernel: string, op: (a: tf.Tensor, b: tf.Tensor) => tf.Tensor, shapes: number[][], lo = -2, hi = 2): KernelCase {
  return {kernel, fn: (a, b) => tf.mul(op(a, b), tf.add(a, 1)), shapes, lo, hi};
}

const asFloat = (t: tf.Tensor) => tf.cast(t, 'float32');

const cases: KernelCase[] = [
  unary('Neg', tf.neg),
  unary('Abs', tf.abs),
  unary('Exp', tf.exp),
  unary('Expm1', tf.expm1),
  unary('Log', tf.log, 0.2, 3),
  unary('Log1p', tf.log1p, -0.8, 3),
  unary('Sqrt', tf.sqrt, 0.2, 3),
  unary('Rsqrt', tf.rsqrt, 0.2, 3),
  unary('Square', tf.square),
  unary('Reciprocal', tf.reciprocal, 0.3, 3),
  unary('Sigmoid', tf.sigmoid),
  unary('Softplus', tf.softplus),
  unary('Tanh', tf.tanh),
  unary('Sin', tf.sin),
  unary('Cos', tf.cos),
  unary('Tan', tf.tan, -1.8, 1.8),
  unary('Asin', tf.asin, -1.6, 1.6),
  unary('Acos', tf.acos, -1.6, 1.6),
  unary('Atan', tf.atan),
  unary('Sinh', tf.sinh),
  unary('Cosh', tf.cosh),
  unary('Asinh', tf.asinh),
  unary('Acosh', tf.acosh, 2.4, 6),
  unary('Atanh', tf.atanh, -1.6, 1.6),
  unary('Erf', tf.erf),
  unary('Sign', tf.sign),
  unary('Floor', (x) => tf.floor(tf.mul(x, 2.9))),
  unary('Ceil', (x) => tf.ceil(tf.mul(x, 2.9))),
  unary('Round', (x) => tf.round(tf.mul(x, 2.9))),
  unary('Relu', tf.relu),
  unary('Relu6', (x) => tf.relu6(tf.mul(x, 4))),
  unary('Elu', tf.elu),
  unary('Selu', tf.selu),
  unary('LeakyRelu', (x) => tf.leakyRelu(x, 0.3)),
  unary('Step', (x) => tf.step(x, 0.3)),
  unary('ClipByValue', (x) => tf.clipByValue(x, -0.4, 0.5)),
  unary('IsNan', (x) => tf.add(x, asFloat(tf.isNaN(tf.log(x))))),
  unary('IsInf', (x) => tf.add(x, asFloat(tf.isInf(tf.div(1, tf.relu(x)))))),
  unary('IsFinite', (x) => tf.add(x, asFloat(tf.isFinite(tf.div(1, tf.relu(x)))))),
  unary('LogicalNot', (x) => tf.add(x, asFloat(tf.logicalNot(tf.greater(x, 0.1))))),
  unary('Cast', (x) => tf.add(x, asFloat(tf.cast(tf.mul(x, 2.9), 'int32')))),
  unary('OnesLike', (x) => tf.add(x, tf.onesLike(x))),
  unary('ZerosLike', (x) => tf.add(x, tf.zerosLike(x))),
  binary('Add', tf.add, [[2, 3], [3]]),
  binary('Sub', tf.sub, [[2, 1], [1, 3]]),
  binary('Multiply', tf.mul, [[3], [2, 3]]),
  binary('RealDiv', tf.div, [[2, 3], [2, 1]], 0.5, 2),
  binary('Pow', tf.pow, [[2, 3], [3]], 0.5, 2),
  // tfjs 4.22's SquaredDifference gradient does not reduce broadcast inputs: same shapes here.
  binary('SquaredDifference', tf.squaredDifference, [[2, 3], [2, 3]]),
  binary('Maximum', tf.maximum, [[2, 3], [3]]),
  binary('Minimum', tf.minimum, [[2, 1], [1, 3]]),
  binary('FloorDiv', (a, b) => tf.floorDiv(tf.mul(a, 3.1), b), [[2, 3], [3]], 0.5, 2),
  binary('Mod', (a, b) => tf.mod(tf.mul(a, 3.1), b), [[2, 3], [3]]),
  binary('Atan2', tf.atan2, [[2, 3], [3]]),
  binary('Greater', (a, b) => tf.where(tf.greater(a, b), a, b), [[2, 3], [3]]),
  binary('GreaterEqual', (a, b) => tf.where(tf.greaterEqual(a, b), a, tf.mul(b, 2)), [[2, 3], [3]]),
  binary('Less', (a, b) => tf.where(tf.less(a, b), a, tf.mul(b, 2)), [[2, 3], [2, 1]]),
  binary('LessEqual', (a, b) => tf.where(tf.lessEqual(a, b), a, tf.mul(b, 2)), [[2, 3], [3]]),
  binary('Equal', (a, b) => tf.add(a, asFloat(tf.equal(tf.round(a), tf.round(b)))), [[2, 3], [3]]),
  binary('NotEqual', (a, b) => tf.add(a, asFloat(tf.notEqual(tf.round(a), tf.round(b)))), [[2, 3], [3]]),
  binary('LogicalAnd', (a, b) => tf.where(tf.logicalAnd(tf.greater(a, 0), tf.less(b, 0.5)), a, b), [[2, 3], [3]]),
  binary('LogicalOr', (a, b) => tf.where(tf.logicalOr(tf.greater(a, 0), tf.less(b, -0.5)), a, b), [[2, 3], [3]]),
  binary('Prelu', (a, b) => tf.prelu(a, b), [[2, 3], [3]]),
  binary('Select', (a, b) => tf.where(tf.greater(tf.sum(a, 1, true), 0), a, tf.mul(b, 3)), [[4, 3], [3]]),
  binary('AddN', (a, b) => tf.addN([a, tf.mul(b, 2), tf.square(a)]), [[2, 3], [2, 3]]),
  {kernel: 'EluGrad', fn: (x) => tf.sum(tf.mul(tf.elu(x), x)), shapes: [[5]]},
];

testKernelCases(cases);

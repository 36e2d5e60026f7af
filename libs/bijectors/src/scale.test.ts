import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Scale} from './scale';
import {assertClose, assertNoLeak, checkBijector, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Tolerances as in elementwise.test.ts: float32 round trips 1e-5, log-dets 1e-4.

test('Scale: scale and logScale, reductions count the constant once per event element', (t) => {
  checkElementwise(t, new Scale({scale: [2, -0.5, 3]}), [-2, -0.5, 0.1, 0.3, 1, 4]);
  checkElementwise(t, new Scale({logScale: [[0.5], [-1]]}), [-2, -0.5, 0.1, 0.3, 1, 4]);
  const b = new Scale({scale: 2});
  // TFP reduces a constant part against the event dims only: a scalar 6 log 2, broadcastable to the batch [4].
  const zeros = tf.zeros([4, 2, 3]);
  const l = b.forwardLogDetJacobian(zeros, 2);
  zeros.dispose();
  t.deepEqual(l.shape, []);
  assertClose(t, l, [6 * Math.LN2], 1e-5);
  // Event ndims 1 with a batch of scales [2]: the per-part log|scale| broadcasts with x's event dim.
  const b2 = new Scale({scale: [[1], [2]]});
  const l2 = b2.forwardLogDetJacobian([[1, 1, 1]], 1);
  assertClose(t, l2, [0, 3 * Math.LN2], 1e-5);
  t.deepEqual(l2.shape, [2]);
  tf.dispose([l, l2]);
});

test('Scale errors: zero scale, both or neither parameter, tensor checks with validateArgs', (t) => {
  t.throws(() => new Scale({scale: [1, 0]}), {message: "Scale: parameter 'scale' must be finite and nonzero, got 0 (element 1 of [1,0])"});
  t.throws(() => new Scale({scale: 1, logScale: 0}), {message: /Scale: give exactly one of 'scale' and 'logScale', got both/});
  t.throws(() => new Scale({}), {message: /got neither/});
  const zero = tf.tensor1d([2, 0]);
  t.throws(() => new Scale({scale: zero, validateArgs: true}), {message: /Scale: parameter 'scale' must be finite and nonzero, got 0 \(element 1 of a tensor of shape \[2\]\)/});
  zero.dispose();
});

test('Scale with a tf.Variable: gradients reach the variable', (t) => {
  const v = tf.variable(tf.scalar(1.5));
  const b = new Scale({scale: v});
  const {value, grads} = tf.variableGrads(() => tf.add(tf.sum(b.forward([1, 2])), b.forwardLogDetJacobian([1, 2], 1)) as tf.Scalar, [v]);
  // d/ds [s*1 + s*2 + 2 log s] = 3 + 2/s.
  assertClose(t, grads[v.name], [3 + 2 / 1.5], 1e-5);
  tf.dispose([value, grads[v.name], v]);
});

test('Scale on a vector event with batch broadcasting (params [3], x [2,3])', (t) => {
  checkBijector(t, new Scale({scale: [1, 2, 3]}), [[1, 2, 3], [4, 5, 6]], {eventNdims: 1});
});

test('Scale leaks no tensors', (t) => {
  for (const b of [new Scale({scale: 2}), new Scale({logScale: 1})]) {
    assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]), b.name);
  }
});

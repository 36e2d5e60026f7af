import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Shift} from './shift';
import {assertClose, assertNoLeak, checkBijector, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Tolerances as in elementwise.test.ts: float32 round trips 1e-5, log-dets 1e-4.

test('Shift: y = x + shift, zero log-det returned as a scalar (TFP), broadcasting a batch of shifts', (t) => {
  const b = new Shift({shift: [1, -2, 0.5]});
  checkElementwise(t, b, [-2, -0.5, 0, 0.3, 1, 4]);
  const y = b.forward([[0, 0, 0]]);
  assertClose(t, y, [[1, -2, 0.5]], 1e-6);
  const l = b.forwardLogDetJacobian([[1, 2, 3]], 1);
  t.deepEqual(l.shape, []);
  tf.dispose([y, l]);
  t.true(b.isConstantJacobian);
});

test('Shift on a vector event with a batch of shifts; errors; no leaks', (t) => {
  checkBijector(t, new Shift({shift: [1, 2, 3]}), [[1, 2, 3], [4, 5, 6]], {eventNdims: 1});
  t.throws(() => new Shift({shift: NaN}), {message: /Shift: parameter 'shift' must be finite, got NaN/});
  const b = new Shift({shift: 1});
  assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]));
});

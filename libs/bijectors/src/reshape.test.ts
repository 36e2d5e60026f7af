import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Reshape} from './reshape';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Reshape: event [6] <-> [2, 3] with batch dims kept, log-det 0 (scalar)', (t) => {
  const b = new Reshape({eventShapeOut: [2, 3], eventShapeIn: [6]});
  const x = tf.range(0, 12).reshape([2, 6]);
  const y = b.forward(x);
  t.deepEqual(y.shape, [2, 2, 3]);
  assertClose(t, y, tf.range(0, 12).reshape([2, 2, 3]), 0);
  checkBijector(t, b, x);
  checkBijector(t, b, x, {eventNdims: 2});
  t.deepEqual(b.forwardEventShape([6]), [2, 3]);
  t.deepEqual(b.inverseEventShape([2, 3]), [6]);
  tf.dispose([x, y]);
});

test('Reshape with -1 infers the size; default eventShapeIn [-1]', (t) => {
  const b = new Reshape({eventShapeOut: [-1, 2]});
  t.is(b.forwardMinEventNdims, 1);
  t.is(b.inverseMinEventNdims, 2);
  t.deepEqual(b.forwardEventShape([8]), [4, 2]);
  const y = b.forward([[1, 2, 3, 4]]);
  t.deepEqual(y.shape, [1, 2, 2]);
  y.dispose();
  // Scalar events to a [1] vector.
  const s = new Reshape({eventShapeOut: [1], eventShapeIn: []});
  const v = s.forward([1, 2, 3]);
  t.deepEqual(v.shape, [3, 1]);
  v.dispose();
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2]), b.inverse([[1, 2]]), b.forwardLogDetJacobian([1, 2]), b.inverseLogDetJacobian([[1, 2]])]));
});

test('Reshape errors name the shapes', (t) => {
  t.throws(() => new Reshape({eventShapeOut: [2, 3], eventShapeIn: [5]}), {
    message: 'Reshape: eventShapeIn [5] (5 elements) and eventShapeOut [2, 3] (6 elements) must have the same number of elements',
  });
  t.throws(() => new Reshape({eventShapeOut: [-1, -1]}), {message: /at most one -1, got \[-1, -1\]/});
  t.throws(() => new Reshape({eventShapeOut: [1.5]}), {message: /'eventShapeOut' must be an array of non-negative integers or -1, got \[1.5\]/});
  const b = new Reshape({eventShapeOut: [-1, 4]});
  t.throws(() => b.forward([1, 2, 3, 4, 5, 6]), {message: 'reshape.forward: cannot reshape event shape [6] (6 elements) to [-1, 4]'});
  const c = new Reshape({eventShapeOut: [2, 2], eventShapeIn: [4]});
  t.throws(() => c.inverse([[1, 2, 3], [4, 5, 6]]), {message: 'reshape.inverse: event shape [2, 3] does not match the expected [2, 2]'});
});

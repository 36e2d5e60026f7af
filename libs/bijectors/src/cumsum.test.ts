import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Cumsum} from './cumsum';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Cumsum along the last and a negative axis', (t) => {
  const b = new Cumsum();
  const y = b.forward([1, 2, 3]);
  assertClose(t, y, [1, 3, 6], 0);
  y.dispose();
  checkBijector(t, b, [[0.5, -1, 2], [0.1, 0.3, -0.7]]);
  const c = new Cumsum({axis: -2});
  t.is(c.forwardMinEventNdims, 2);
  checkBijector(t, c, [[0.5, -1, 2], [0.1, 0.3, -0.7]]);
  t.throws(() => new Cumsum({axis: 1}), {message: "Cumsum: parameter 'axis' must be a negative integer, got 1"});
});

test('Cumsum leaks no tensors', (t) => {
  const b = new Cumsum();
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2, 3]), b.inverse([1, 3, 6]), b.forwardLogDetJacobian([1, 2, 3]), b.inverseLogDetJacobian([1, 3, 6])]));
});

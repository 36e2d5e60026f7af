import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Expm1, Reciprocal, Square} from './simple_elementwise';
import {assertClose, assertNoLeak, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Expm1, Square, Reciprocal', (t) => {
  checkElementwise(t, new Expm1(), [-2, -0.5, 1e-3, 0.3, 1, 2]);
  checkElementwise(t, new Square(), [0.1, 0.5, 1, 1.5, 2, 3]);
  checkElementwise(t, new Reciprocal(), [-2, -0.5, 0.1, 0.3, 1, 4]);
  const y = new Expm1().forward([1e-7]);
  assertClose(t, y, [1e-7], 0, 1e-6);
  y.dispose();
  t.throws(() => new Reciprocal({validateArgs: true}).forward([0]), {message: /reciprocal.forward: x must be nonzero, got 0/});
});

test('Expm1, Square, Reciprocal leak no tensors', (t) => {
  for (const b of [new Expm1(), new Square(), new Reciprocal()]) {
    assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]));
  }
});

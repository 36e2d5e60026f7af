import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Power} from './power';
import {assertClose, assertNoLeak, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Tolerances as in elementwise.test.ts: float32 round trips 1e-5, log-dets 1e-4.

test('Power: positive half-line for real powers, all reals for odd integers', (t) => {
  checkElementwise(t, new Power({power: 2.5}), [0.1, 0.5, 1, 1.5, 2, 3]);
  checkElementwise(t, new Power({power: [0.5, -1, 3]}), [0.1, 0.5, 1, 1.5, 2, 3]);
  checkElementwise(t, new Power({power: 3}), [-2, -0.5, 0.1, 0.3, 1, 1.7]);
  const y = new Power({power: 3}).forward([-2]);
  assertClose(t, y, [-8], 1e-5);
  y.dispose();
  t.throws(() => new Power({power: 0}), {message: /Power: parameter 'power' must be finite and nonzero, got 0/});
});

test('Power leaks no tensors', (t) => {
  const b = new Power({power: 2});
  assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]));
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Ascending} from './ascending';
import {Ordered} from './ordered';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Ascending: y0 = x0, y_i = y_(i-1) + exp(x_i); Ordered is its inverse', (t) => {
  const b = new Ascending();
  const y = b.forward([1, 0, Math.log(2)]);
  assertClose(t, y, [1, 2, 4], 1e-6);
  y.dispose();
  checkBijector(t, b, [[0.5, -1, 2], [0.1, 0.3, -0.7]]);
  checkBijector(t, b, [[0.5, -1, 2], [0.1, 0.3, -0.7]], {eventNdims: 2});
  const o = new Ordered();
  t.is(o.name, 'ordered');
  const x = o.forward([1, 2, 4]);
  assertClose(t, x, [1, 0, Math.log(2)], 1e-6);
  x.dispose();
  checkBijector(t, o, [[-1, 0.5, 3], [0, 0.1, 0.2]], {atol: 1e-4, rtol: 1e-4});
  t.throws(() => new Ordered({validateArgs: true}).forward([1, 1, 2]), {message: /ascending.inverse: the increments of y must be positive \(y strictly increasing\), got 0/});
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2]), b.inverse([1, 2]), b.forwardLogDetJacobian([1, 2]), b.inverseLogDetJacobian([1, 2])]));
});

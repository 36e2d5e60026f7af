import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Ascending} from './ascending';
import {Cumsum} from './cumsum';
import {Inline} from './inline';
import {Ordered} from './ordered';
import {Expm1, Reciprocal, Square} from './simple_elementwise';
import {assertClose, assertNoLeak, checkBijector, checkElementwise} from './internal/testing';
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

test('Expm1, Square, Reciprocal', (t) => {
  checkElementwise(t, new Expm1(), [-2, -0.5, 1e-3, 0.3, 1, 2]);
  checkElementwise(t, new Square(), [0.1, 0.5, 1, 1.5, 2, 3]);
  checkElementwise(t, new Reciprocal(), [-2, -0.5, 0.1, 0.3, 1, 4]);
  const y = new Expm1().forward([1e-7]);
  assertClose(t, y, [1e-7], 0, 1e-6);
  y.dispose();
  t.throws(() => new Reciprocal({validateArgs: true}).forward([0]), {message: /reciprocal.forward: x must be nonzero, got 0/});
});

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

test('Inline: user functions, one log-det derived', (t) => {
  const b = new Inline({
    forwardFn: (x) => tf.mul(3, x),
    inverseFn: (y) => tf.div(y, 3),
    inverseLogDetJacobianFn: (y) => tf.fill(y.shape, -Math.log(3)),
    forwardMinEventNdims: 0,
    name: 'triple',
  });
  t.is(b.name, 'triple');
  checkElementwise(t, b, [-2, -0.5, 0, 0.3, 1, 4]);
  t.throws(() => new Inline({forwardFn: (x) => x, inverseFn: (y) => y, forwardMinEventNdims: 0}), {message: /give 'forwardLogDetJacobianFn' or 'inverseLogDetJacobianFn'/});
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Inline} from './inline';
import {assertNoLeak, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

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

test('Inline leaks no tensors', (t) => {
  const b = new Inline({forwardFn: (x) => tf.exp(x), inverseFn: (y) => tf.log(y), forwardLogDetJacobianFn: (x) => tf.clone(x), forwardMinEventNdims: 0});
  assertNoLeak(t, () => tf.dispose([b.forward([0.5]), b.inverse([0.75]), b.forwardLogDetJacobian([0.5]), b.inverseLogDetJacobian([0.75])]));
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Chain} from './chain';
import {Exp} from './exp';
import {FillTriangular} from './fill_triangular';
import {Reshape} from './reshape';
import {Scale} from './scale';
import {ScaleMatvecTriL} from './scale_matvec_tril';
import {Shift} from './shift';
import {Softplus} from './softplus';
import {assertClose, assertNoLeak, checkBijector, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Round trips 1e-5 (a few float32 ops), log-dets 1e-4 against the autodiff Jacobian.

test('Chain applies right to left and adds log-dets', (t) => {
  const b = new Chain([new Shift({shift: 1}), new Scale({scale: 2}), new Exp()]);
  const y = b.forward([0, 1]);
  assertClose(t, y, [3, 2 * Math.E + 1], 1e-5, 1e-6);
  // fldj = x + log 2 per element.
  const l = b.forwardLogDetJacobian([0, 1], 1);
  assertClose(t, l, [1 + 2 * Math.LN2], 1e-5);
  tf.dispose([y, l]);
  checkElementwise(t, b, [-2, -0.5, 0, 0.3, 1, 2]);
  t.is(b.name, 'chain_of_shift_of_scale_of_exp');
  t.false(b.isConstantJacobian);
  t.true(new Chain([new Shift({shift: 1}), new Scale({scale: 2})]).isConstantJacobian);
});

test('Chain min event ndims: max over constituents, tracking rank changes', (t) => {
  const c1 = new Chain([new Exp(), new ScaleMatvecTriL({scaleTril: [[1, 0], [0.5, 2]]})]);
  t.is(c1.forwardMinEventNdims, 1);
  t.is(c1.inverseMinEventNdims, 1);
  // Reshape [6] -> [2, 3] then Softplus (elementwise) then FillTriangular on... : forward 1 -> 2.
  const c2 = new Chain([new Softplus(), new Reshape({eventShapeOut: [2, 3], eventShapeIn: [6]})]);
  t.is(c2.forwardMinEventNdims, 1);
  t.is(c2.inverseMinEventNdims, 2);
  // FillTriangular (1 -> 2) after Reshape [2, 3] -> [6] (2 -> 1): 2 -> 2.
  const c3 = new Chain([new FillTriangular(), new Reshape({eventShapeOut: [6], eventShapeIn: [2, 3]})]);
  t.is(c3.forwardMinEventNdims, 2);
  t.is(c3.inverseMinEventNdims, 2);
  t.deepEqual(c3.forwardEventShape([2, 3]), [3, 3]);
  t.deepEqual(c3.inverseEventShape([3, 3]), [2, 3]);
  // (A batch of 2: FillTriangular's gradient through tf.linalg.bandPart fails for a single matrix in tfjs 4.22.)
  checkBijector(t, c3, [[[1, 2, 3], [4, 5, 6]], [[0, -1, 2], [0.5, 3, -2]]], {outputIndices: [0, 3, 4, 6, 7, 8]});
  checkBijector(t, c1, [[0.3, -1], [2, 0.5]]);
});

test('Chain of shape-changers: log-det on a batch with eventNdims above the minimum', (t) => {
  const c = new Chain([new Exp(), new Reshape({eventShapeOut: [2, 2], eventShapeIn: [4]})]);
  // eventNdims 2 for x [3, 2, 4]: Reshape sees 2 (reduces the extra batch-like dim), Exp sees 3.
  const x = tf.randomNormal([3, 2, 4], 0, 1, 'float32', 7);
  checkBijector(t, c, x, {eventNdims: 2});
  const l = c.forwardLogDetJacobian(x, 2);
  const expected = tf.sum(x, [1, 2]);
  assertClose(t, l, expected, 1e-5, 1e-5);
  tf.dispose([x, l, expected]);
});

test('Chain errors and leaks', (t) => {
  t.throws(() => new Chain([new Exp(), 3 as unknown as Exp]), {message: /Chain: bijectors\[1\] is not a Bijector, got 3/});
  const c = new Chain([new Exp(), new ScaleMatvecTriL({scaleTril: [[1, 0], [0.5, 2]]})]);
  t.throws(() => c.forwardLogDetJacobian([1, 2], 0), {message: /eventNdims=0 is below the bijector's minimum event ndims 1/});
  assertNoLeak(t, () => tf.dispose([c.forward([0.5, 1]), c.inverse([0.75, 1]), c.forwardLogDetJacobian([[0.5, 1]], 2), c.inverseLogDetJacobian([0.75, 1])]));
  const empty = new Chain([]);
  checkElementwise(t, empty, [1, 2, 3, 4, 5, 6]);
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Exp} from './exp';
import {FillTriangular} from './fill_triangular';
import {Invert} from './invert';
import {Softplus} from './softplus';
import {assertClose, assertNoLeak, checkBijector, checkElementwise, lowerIndices} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Invert swaps forward/inverse and the log-dets', (t) => {
  const b = new Invert(new Exp());
  const y = b.forward([1, Math.E]);
  assertClose(t, y, [0, 1], 1e-6);
  const l = b.forwardLogDetJacobian([2]);
  assertClose(t, l, [-Math.log(2)], 1e-6);
  tf.dispose([y, l]);
  checkElementwise(t, b, [0.1, 0.5, 1, 2, 5, 30]);
  checkElementwise(t, new Invert({bijector: new Softplus({hingeSoftness: 0.5})}), [0.1, 0.5, 1, 2, 5, 30]);
  t.is(b.name, 'invert_exp');
});

test('Invert of a shape-changing bijector swaps min event ndims and event shapes', (t) => {
  const b = new Invert(new FillTriangular());
  t.is(b.forwardMinEventNdims, 2);
  t.is(b.inverseMinEventNdims, 1);
  t.deepEqual(b.forwardEventShape([3, 3]), [6]);
  t.deepEqual(b.inverseEventShape([6]), [3, 3]);
  // The Jacobian from the lower-triangle coordinates of x to y is a permutation: log-det 0.
  checkBijector(t, b, [[[1, 0, 0], [2, 3, 0], [4, 5, 6]], [[-1, 0, 0], [2, 0.5, 0], [1, 2, 3]]], {inputIndices: lowerIndices(3)});
  assertNoLeak(t, () => tf.dispose([b.forward([[1, 0], [2, 3]]), b.inverse([1, 2, 3])]));
  t.throws(() => new Invert({bijector: {} as Exp}), {message: /Invert: 'bijector' must be a Bijector/});
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Exp} from './exp';
import {FillScaleTriL} from './fill_scale_tril';
import {Scale} from './scale';
import {TransformDiagonal} from './transform_diagonal';
import {assertClose, assertNoLeak, checkBijector, lowerIndices} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Batches of 2 (see fill_triangular.test.ts about tf.linalg.bandPart's gradient); round trips go
// through softplus and its inverse: 2e-5; log-dets 1e-4.

test('TransformDiagonal applies the bijector to the diagonal only', (t) => {
  const b = new TransformDiagonal({diagBijector: new Exp()});
  const y = b.forward([[0, 2], [3, Math.log(2)]]);
  assertClose(t, y, [[1, 2], [3, 2]], 1e-6);
  y.dispose();
  checkBijector(t, b, [[[0.5, 1], [2, -1]], [[0, 3], [-2, 1]]]);
  t.throws(() => new TransformDiagonal({diagBijector: new FillScaleTriL()}), {message: /TransformDiagonal: 'diagBijector' \(fill_scale_tril\) must act on vectors/});
});

test('FillScaleTriL: lower-triangular with diagonal softplus(x) + 1e-5, log-det on the free coordinates', (t) => {
  const b = new FillScaleTriL();
  const y = b.forward([1, 2, 3, 4, 5, 6]);
  const sp = (v: number) => Math.log1p(Math.exp(v));
  assertClose(t, y, [[sp(4) + 1e-5, 0, 0], [6, sp(5) + 1e-5, 0], [3, 2, sp(1) + 1e-5]], 1e-5, 1e-6);
  y.dispose();
  t.is(b.forwardMinEventNdims, 1);
  t.is(b.inverseMinEventNdims, 2);
  t.deepEqual(b.forwardEventShape([6]), [3, 3]);
  checkBijector(t, b, [[1, -2, 0.3, 4, -0.5, 0.6], [0.1, 0.2, -0.3, -1, 2, 1.5]], {outputIndices: lowerIndices(3), atol: 2e-5, rtol: 2e-5});
  const c = new FillScaleTriL({diagBijector: new Scale({scale: 2}), diagShift: null});
  checkBijector(t, c, [[1, -2, 0.3], [0.1, 0.2, -0.3]], {outputIndices: lowerIndices(2)});
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2, 3]), b.inverse([[1, 0], [2, 3]]), b.forwardLogDetJacobian([1, 2, 3]), b.inverseLogDetJacobian([[1, 0], [2, 3]])]));
});

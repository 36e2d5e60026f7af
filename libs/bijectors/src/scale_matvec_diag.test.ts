import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {ScaleMatvecDiag} from './scale_matvec_diag';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('ScaleMatvecDiag: y = d * x, log-det sum log|d|, batch of diagonals', (t) => {
  const b = new ScaleMatvecDiag({scaleDiag: [2, -3, 0.5]});
  const l = b.forwardLogDetJacobian([1, 1, 1]);
  assertClose(t, l, [Math.log(3)], 1e-6);
  l.dispose();
  checkBijector(t, b, [[1, 2, 3], [-1, 0.5, 2]]);
  checkBijector(t, b, [[1, 2, 3], [-1, 0.5, 2]], {eventNdims: 2});
  checkBijector(t, new ScaleMatvecDiag({scaleDiag: [[2, -3, 0.5], [1, 4, 0.1]]}), [[1, 2, 3], [-1, 0.5, 2]]);
  t.throws(() => new ScaleMatvecDiag({scaleDiag: [1, 0]}), {message: "ScaleMatvecDiag: parameter 'scaleDiag' must be finite and nonzero, got 0 (element 1 of [1,0])"});
  t.throws(() => new ScaleMatvecDiag({scaleDiag: 2}), {message: /must have shape \[..., n\] \(rank >= 1\), got shape \[\]/});
});

test('ScaleMatvecDiag leaks no tensors', (t) => {
  const b = new ScaleMatvecDiag({scaleDiag: [2, -3, 0.5]});
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2, 3]), b.inverse([1, 2, 3]), b.forwardLogDetJacobian([1, 2, 3]), b.inverseLogDetJacobian([1, 2, 3])]));
});

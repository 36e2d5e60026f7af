import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {ScaleMatvecTriL} from './scale_matvec_tril';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

const L = [[2, 0, 0], [0.5, -1.5, 0], [1, 2, 0.7]];

test('ScaleMatvecTriL: y = L x and L^T x, inverse by substitution, log-det sum log|L_ii|', (t) => {
  const b = new ScaleMatvecTriL({scaleTril: L});
  const y = b.forward([1, 1, 1]);
  assertClose(t, y, [2, -1, 3.7], 1e-6);
  const yt = new ScaleMatvecTriL({scaleTril: L, adjoint: true}).forward([1, 1, 1]);
  assertClose(t, yt, [3.5, 0.5, 0.7], 1e-6);
  tf.dispose([y, yt]);
  checkBijector(t, b, [[1, 2, 3], [-1, 0.5, 2]]);
  checkBijector(t, new ScaleMatvecTriL({scaleTril: L, adjoint: true}), [[1, 2, 3], [-1, 0.5, 2]]);
  // The upper triangle is ignored.
  checkBijector(t, new ScaleMatvecTriL({scaleTril: [[1, 9], [2, 3]]}), [[1, 2], [3, 4]]);
  // A batch of two matrices against a batch of two vectors.
  checkBijector(t, new ScaleMatvecTriL({scaleTril: [L, [[1, 0, 0], [0, 2, 0], [3, 0, -1]]]}), [[1, 2, 3], [-1, 0.5, 2]]);
  t.throws(() => new ScaleMatvecTriL({scaleTril: [[1, 0], [2, 0]]}), {message: "ScaleMatvecTriL: parameter 'diagonal of scaleTril' must be finite and nonzero, got 0 (element 1 of [1,0])"});
  t.throws(() => new ScaleMatvecTriL({scaleTril: [1, 2]}), {message: /must be a \(batch of\) square matrices \[..., n, n\], got shape \[2\]/});
});

test('ScaleMatvecTriL with a trainable (variable) scaleTril gets gradients', (t) => {
  const v = tf.variable(tf.tensor2d([[1, 0], [0.5, 2]]));
  const b = new ScaleMatvecTriL({scaleTril: v});
  const {value, grads} = tf.variableGrads(() => tf.add(tf.sum(b.forward([1, 1])), b.forwardLogDetJacobian([1, 1])) as tf.Scalar, [v]);
  // d/dL [sum(L x) + log L00 + log L11] with x = 1: ones on the lower triangle, plus 1/L_ii on the diagonal.
  assertClose(t, grads[v.name], [[2, 0], [1, 1.5]], 1e-5);
  tf.dispose([value, grads[v.name], v]);
  const c = new ScaleMatvecTriL({scaleTril: L});
  assertNoLeak(t, () => tf.dispose([c.forward([1, 2, 3]), c.inverse([1, 2, 3]), c.forwardLogDetJacobian([1, 2, 3]), c.inverseLogDetJacobian([1, 2, 3])]));
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {LinearOperatorDiag, LinearOperatorFullMatrix, LinearOperatorLowerTriangular} from '@tfjs-probability/math';
import {ScaleMatvecLinearOperator} from './scale_matvec_linear_operator';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

// Solves of 3 x 3 well-conditioned systems in float32: round trips to 2e-5.

test('ScaleMatvecLinearOperator with lower-triangular, diagonal and full operators', (t) => {
  const tril = new LinearOperatorLowerTriangular({tril: [[2, 0, 0], [0.5, -1.5, 0], [1, 2, 0.7]]});
  const b = new ScaleMatvecLinearOperator({scale: tril});
  const y = b.forward([1, 1, 1]);
  assertClose(t, y, [2, -1, 3.7], 1e-6);
  y.dispose();
  checkBijector(t, b, [[1, 2, 3], [-1, 0.5, 2]], {atol: 2e-5, rtol: 2e-5});
  checkBijector(t, new ScaleMatvecLinearOperator({scale: tril, adjoint: true}), [[1, 2, 3], [-1, 0.5, 2]], {atol: 2e-5, rtol: 2e-5});
  const diag = new LinearOperatorDiag({diag: [[2, -3, 0.5], [1, 1, 4]]});
  checkBijector(t, new ScaleMatvecLinearOperator({scale: diag}), [[1, 2, 3], [-1, 0.5, 2]], {atol: 2e-5, rtol: 2e-5});
  const full = new LinearOperatorFullMatrix({matrix: [[2, 1, 0], [1, 3, 1], [0, 1, 4]]});
  checkBijector(t, new ScaleMatvecLinearOperator({scale: full}), [[1, 2, 3], [-1, 0.5, 2]], {atol: 2e-5, rtol: 2e-5});
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2, 3]), b.inverse([1, 2, 3]), b.forwardLogDetJacobian([1, 2, 3]), b.inverseLogDetJacobian([1, 2, 3])]));
  tril.dispose();
  diag.dispose();
  full.dispose();
});

test('ScaleMatvecLinearOperator rejects non-operators and non-square operators', (t) => {
  t.throws(() => new ScaleMatvecLinearOperator({scale: [[1, 0], [0, 1]] as never}), {message: /parameter 'scale' must be a LinearOperator, got 1,0,0,1/});
  const rect = new LinearOperatorFullMatrix({matrix: [[1, 2, 3], [4, 5, 6]]});
  t.throws(() => new ScaleMatvecLinearOperator({scale: rect}), {message: /parameter 'scale' \(LinearOperatorFullMatrix\) must be square, got shape \[2,3\]/});
  rect.dispose();
});

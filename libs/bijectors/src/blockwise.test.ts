import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Blockwise} from './blockwise';
import {CholeskyOuterProduct} from './cholesky_outer_product';
import {Exp} from './exp';
import {ScaleMatvecTriL} from './scale_matvec_tril';
import {SoftmaxCentered} from './softmax_centered';
import {Softplus} from './softplus';
import {assertClose, assertNoLeak, checkBijector} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('Blockwise applies each bijector to its block of the last axis', (t) => {
  const b = new Blockwise({bijectors: [new Exp(), new ScaleMatvecTriL({scaleTril: [[1, 0], [2, 3]]})], blockSizes: [1, 2]});
  const y = b.forward([0, 1, 1]);
  assertClose(t, y, [1, 1, 5], 1e-6);
  // log-det: x0 + log 1 + log 3.
  const l = b.forwardLogDetJacobian([0.5, 1, 1]);
  assertClose(t, l, [0.5 + Math.log(3)], 1e-6);
  tf.dispose([y, l]);
  checkBijector(t, b, [[0.5, -1, 2], [0.1, 0.3, -0.7]]);
  checkBijector(t, b, [[0.5, -1, 2], [0.1, 0.3, -0.7]], {eventNdims: 2});
  t.is(b.forwardMinEventNdims, 1);
});

test('Blockwise default block sizes are 1; size-changing blocks (SoftmaxCentered) follow their event shapes', (t) => {
  const b = new Blockwise({bijectors: [new Exp(), new Softplus()]});
  checkBijector(t, b, [[0.5, -1], [0.1, 0.3]]);
  const c = new Blockwise({bijectors: [new SoftmaxCentered(), new Exp()], blockSizes: [2, 1]});
  t.deepEqual(c.forwardEventShape([3]), [4]);
  t.deepEqual(c.inverseEventShape([4]), [3]);
  checkBijector(t, c, [[0.5, -1, 2], [0.1, 0.3, -0.7]], {outputIndices: [0, 1, 3]});
});

test('Blockwise errors and leaks', (t) => {
  t.throws(() => new Blockwise({bijectors: [new Exp(), new Exp()], blockSizes: [1]}), {message: "Blockwise: 'blockSizes' must be 2 positive integers (one per bijector), got [1]"});
  t.throws(() => new Blockwise({bijectors: [new CholeskyOuterProduct()]}), {message: /bijectors\[0\] \(cholesky_outer_product\) must act on scalars or vectors/});
  const b = new Blockwise({bijectors: [new Exp(), new Exp()], blockSizes: [1, 2]});
  t.throws(() => b.forward([1, 2]), {message: 'blockwise_of_exp_and_exp.forward: the last axis must have size 3 (blocks [1, 2]), got shape [2]'});
  assertNoLeak(t, () => tf.dispose([b.forward([1, 2, 3]), b.inverse([1, 2, 3]), b.forwardLogDetJacobian([1, 2, 3]), b.inverseLogDetJacobian([1, 2, 3])]));
});

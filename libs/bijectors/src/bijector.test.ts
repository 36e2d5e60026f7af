import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Bijector, BijectorOptions, reduceOverEvent} from './bijector';
import {Exp} from './exp';
import {Scale} from './scale';
import {ScaleMatvecDiag} from './scale_matvec_diag';
import {assertClose, assertNoLeak, checkElementwise} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

/** y = x^3 + x, implementing only the forward log-det: the inverse log-det must be derived. */
class Cubic extends Bijector {
  constructor(options: BijectorOptions = {}) {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'cubic'}, options);
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.add(tf.pow(x, 3), x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    // Newton iterations from x = y / (1 + |y|^(2/3)); converge for this monotone cubic.
    let x = tf.div(y, tf.add(1, tf.pow(tf.abs(y), 2 / 3)));
    for (let i = 0; i < 30; i++) x = tf.sub(x, tf.div(tf.sub(tf.add(tf.pow(x, 3), x), y), tf.add(tf.mul(3, tf.square(x)), 1)));
    return x;
  }
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.log(tf.add(tf.mul(3, tf.square(x)), 1));
  }
}

/** Implements only the inverse log-det. */
class InverseOnly extends Cubic {
  protected override _forwardLogDetJacobian(x: tf.Tensor): tf.Tensor {
    return tf.neg(this._inverseLogDetJacobian(this._forward(x)));
  }
  protected override _inverseLogDetJacobian(y: tf.Tensor): tf.Tensor {
    return tf.neg(tf.log(tf.add(tf.mul(3, tf.square(this._inverse(y))), 1)));
  }
}

/** Implements neither log-det. */
class NoLdj extends Bijector {
  constructor() {
    super({forwardMinEventNdims: 0, inverseMinEventNdims: 0, parameters: {}, defaultName: 'no_ldj'});
  }
  protected _forward(x: tf.Tensor): tf.Tensor {
    return tf.clone(x);
  }
  protected _inverse(y: tf.Tensor): tf.Tensor {
    return tf.clone(y);
  }
}

test('one log-det derives the other: ildj(y) = -fldj(inverse(y)) and back', (t) => {
  checkElementwise(t, new Cubic(), [-2, -0.5, 0, 0.3, 1, 1.7], {atol: 1e-5, rtol: 1e-5});
  checkElementwise(t, new InverseOnly(), [-2, -0.5, 0, 0.3, 1, 1.7], {atol: 1e-5, rtol: 1e-5});
  t.throws(() => new NoLdj().forwardLogDetJacobian([1]), {message: 'no_ldj: neither log-det-Jacobian is implemented'});
  t.throws(() => new NoLdj().inverseLogDetJacobian([1]), {message: 'no_ldj: neither log-det-Jacobian is implemented'});
});

test('name, parameters, validateArgs and event-ndims bookkeeping', (t) => {
  const b = new Scale({scale: 2, name: 'doubler', validateArgs: true});
  t.is(b.name, 'doubler');
  t.is(b.parameters.scale, 2);
  t.is(b.parameters.validateArgs, true);
  t.true(b.validateArgs);
  t.is(new Exp().forwardEventNdims(2), 2);
  const m = new ScaleMatvecDiag({scaleDiag: [1, 2]});
  t.is(m.inverseEventNdims(3), 3);
  t.throws(() => m.forwardEventNdims(0), {message: /scale_matvec_diag.forwardEventNdims: eventNdims=0 is below the bijector's minimum event ndims 1/});
  t.throws(() => new Exp().forwardLogDetJacobian([1, 2], 1.5), {message: 'exp.forwardLogDetJacobian: eventNdims must be a non-negative integer, got 1.5'});
  t.throws(() => new Exp().forwardLogDetJacobian([1, 2], 2), {message: 'exp.forwardLogDetJacobian: input of shape [2] has rank 1, less than eventNdims=2'});
});

test('reduceOverEvent: sums the extra event dims, counting a constant part once per element', (t) => {
  assertNoLeak(t, () =>
    tf.tidy(() => {
      // A batch-shaped part [2, 3] reduced over 1 dim -> [2].
      assertClose(t, reduceOverEvent(tf.tensor2d([[1, 2, 3], [4, 5, 6]]), [2, 3], 1), [6, 15], 0);
      // A scalar part over dims [2, 3] -> 6 * part, a scalar (TFP does not broadcast to the batch).
      const r = reduceOverEvent(tf.scalar(0.5), [4, 2, 3], 2);
      t.deepEqual(r.shape, []);
      assertClose(t, r, [3], 0);
      // A part with parameter batch [5, 1] against event dim 3 -> [5].
      const p = reduceOverEvent(tf.ones([5, 1]), [7, 3], 1);
      t.deepEqual(p.shape, [5]);
      assertClose(t, p, [3, 3, 3, 3, 3], 0);
      // k = 0 returns the part unchanged.
      t.deepEqual(reduceOverEvent(tf.ones([2]), [2], 0).shape, [2]);
    }),
  );
});

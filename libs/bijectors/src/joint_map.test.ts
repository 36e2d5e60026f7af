import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {Exp} from './exp';
import {FillTriangular} from './fill_triangular';
import {Invert} from './invert';
import {JointMap} from './joint_map';
import {ScaleMatvecTriL} from './scale_matvec_tril';
import {Softplus} from './softplus';
import {assertClose, assertNoLeak, disposeAll, jacobian, logAbsDet} from './internal/testing';
import {useBackend} from './internal/setup_tests';

useBackend();

test('JointMap over an object: parts map independently, log-dets add', (t) => {
  const b = new JointMap({bijectors: {a: new Exp(), m: new ScaleMatvecTriL({scaleTril: [[2, 0], [1, 1]]})}});
  t.deepEqual(b.forwardMinEventNdims, {a: 0, m: 1});
  const y = b.forward({a: [0, 1], m: [1, 1]}) as {a: tf.Tensor; m: tf.Tensor};
  assertClose(t, y.a, [1, Math.E], 1e-6);
  assertClose(t, y.m, [2, 2], 1e-6);
  const x = b.inverse(y) as {a: tf.Tensor; m: tf.Tensor};
  assertClose(t, x.a, [0, 1], 1e-6);
  assertClose(t, x.m, [1, 1], 1e-6);
  // fldj with eventNdims {a: 1, m: 1}: (0 + 1) + log 2.
  const l = b.forwardLogDetJacobian({a: [0, 1], m: [1, 1]}, {a: 1, m: 1});
  assertClose(t, l, [1 + Math.LN2], 1e-6);
  const il = b.inverseLogDetJacobian(y, {a: 1, m: 1});
  assertClose(t, il, [-1 - Math.LN2], 1e-6);
  disposeAll([y, x, l, il]);
  t.deepEqual(b.forwardEventShape({a: [2], m: [2]}), {a: [2], m: [2]});
});

test('JointMap over an array, with a shape-changing part: log-det against the autodiff Jacobian of the flattened map', (t) => {
  const b = new JointMap([new Softplus(), new FillTriangular()]);
  t.deepEqual(b.forwardMinEventNdims, [0, 1]);
  t.deepEqual(b.inverseMinEventNdims, [0, 2]);
  t.deepEqual(b.forwardEventShape([[2], [3]]), [[2], [2, 2]]);
  t.deepEqual(b.forwardEventNdims([1, 1]), [1, 2]);
  // Batch of 2 (see fill_triangular.test.ts about bandPart's gradient).
  const xa = [[0.3, -1], [2, 0.5]];
  const xb = [[1, 2, 3], [-1, 0.5, 0.2]];
  const fldj = b.forwardLogDetJacobian([xa, xb], [1, 1]);
  // Flatten (a, b) into one vector per batch member; keep the lower-triangle outputs of b.
  const flatForward = (v: tf.Tensor) => {
    const [a, m] = tf.split(v, [2, 3], -1);
    const [ya, ym] = b.forward([a, m]) as tf.Tensor[];
    return tf.concat([ya, tf.reshape(ym, [2, 4])], -1);
  };
  const xFlat = tf.concat([tf.tensor2d(xa), tf.tensor2d(xb)], -1);
  const J = jacobian(flatForward, xFlat);
  const keep = [0, 1, 2, 4, 5];
  const expected = [0, 1].map((k) => logAbsDet(keep.map((r) => [0, 1, 2, 3, 4].map((c) => J[k * 6 + r][k * 5 + c]))));
  assertClose(t, fldj, expected, 1e-4, 1e-4);
  tf.dispose([fldj, xFlat]);
  const inv = new Invert(b);
  t.deepEqual(inv.forwardMinEventNdims, [0, 2]);
});

test('JointMap layout errors and leaks', (t) => {
  const b = new JointMap({bijectors: {a: new Exp(), c: new Exp()}});
  t.throws(() => b.forward({a: [1]} as never), {message: /must have the parts keys \[a, c\], got keys \[a\]/});
  t.throws(() => b.forward([1, 2] as never), {message: /x must be an object laid out like the bijectors \(keys \[a, c\]\), got an array of 2/});
  t.throws(() => new JointMap([new Exp(), 3 as never]), {message: /JointMap: bijectors\["1"\] is not a Bijector, got 3/});
  assertNoLeak(t, () => disposeAll([b.forward({a: [1], c: 2}), b.inverse({a: [1], c: 2}), b.forwardLogDetJacobian({a: [1], c: 2}), b.inverseLogDetJacobian({a: [1], c: 2})]));
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Normal as NormalDistribution} from '../normal';
import {assertClose, assertNoLeak} from '../internal/testing';
import * as ed from './index';

test.before(async () => {
  await init();
});

test('a constructor builds the named distribution and samples a value with the sample shape', (t) => {
  assertNoLeak(t, () => {
    const x = ed.Normal({loc: [1, -1], scale: 2, name: 'x', sampleShape: [3], seed: 4});
    t.true(x.distribution instanceof NormalDistribution);
    t.is(x.name, 'x');
    t.is(x.distribution.name, 'x');
    t.deepEqual(x.shape, [3, 2]);
    t.deepEqual(x.sampleShape, [3]);
    t.is(x.dtype, 'float32');
    // The same seed gives the value the distribution itself draws.
    tf.tidy(() => assertClose(t, x.value, x.distribution.sample([3], 4), {rtol: 0, atol: 0}));
    // logProb of its own value; Normal log density in float32 (rtol 1e-5).
    tf.tidy(() => {
      const v = x.value.arraySync() as number[][];
      const expected = v.flatMap((row) => row.map((xi, j) => -0.5 * ((xi - [1, -1][j]) / 2) ** 2 - Math.log(2) - 0.5 * Math.log(2 * Math.PI)));
      assertClose(t, x.logProb(), expected, {rtol: 1e-5, atol: 1e-6});
    });
    t.regex(x.toString(), /RandomVariable 'x' \(x\), shape \[3,2\], dtype float32/);
    x.dispose();
  });
});

test('a given value is used as is (tensors borrowed, numbers converted to the distribution dtype)', (t) => {
  const given = tf.tensor1d([0.5, 1.5]);
  assertNoLeak(t, () => {
    const x = ed.Normal({loc: 0, scale: 1, value: given});
    t.is(x.value, given);
    x.dispose();
    t.false(given.isDisposed);
    const k = ed.Poisson({rate: 3, value: [1, 2, 3]});
    assertClose(t, k.value, [1, 2, 3], {rtol: 0, atol: 0});
    k.dispose();
    const c = ed.Categorical({logits: [0, 1, 2], value: 2.0});
    t.is(c.dtype, 'int32');
    c.dispose();
  });
  given.dispose();
});

test('randomVariable wraps an existing distribution without owning it', (t) => {
  const d = new NormalDistribution({loc: 0, scale: 1});
  assertNoLeak(t, () => {
    const x = ed.randomVariable(d, {name: 'z', value: 0.25});
    t.is(x.distribution, d);
    x.dispose();
  });
  t.false(d.loc.isDisposed);
  t.throws(() => ed.randomVariable(3 as unknown as NormalDistribution), {message: /edward2\.randomVariable: expected a Distribution; received 3/});
  t.throws(() => ed.Normal({loc: 0, scale: 1, value: 'a' as unknown as number}), {message: /RandomVariable \(Normal\): 'value' is not a number, array or tensor/});
  d.dispose();
});

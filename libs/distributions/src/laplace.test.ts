import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Laplace} from './laplace';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('laplace');
const make = (p: Params | Record<string, tf.Tensor>) => new Laplace({loc: p.loc, scale: p.scale});

test.before(async () => {
  await init();
});

// Default float32 tolerances; quantile at loc 1e3, scale 1e-2 is loc plus a small offset, so its
// absolute error is one float32 ulp of 1e3 (6e-5). 20000 trapezoids over +-10 scales: the kink at
// loc costs O(h^2) = 1e-6 of mass.
registerFixtureTests(test, 'laplace', fixture, make, {
  tolerances: {quantile: {rtol: 5e-5, atol: 1.2e-4}},
  integrate: {tolerance: 2e-5},
});

test('samples: moments, empirical cdf, seeds and pathwise gradients', (t) => {
  const batch = new Laplace({loc: [-1, 0, 3], scale: [0.5, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  tf.tidy(() => {
    assertClose(t, batch.sample(4, 7), batch.sample(4, 7), {rtol: 0, atol: 0});
    t.notDeepEqual(Array.from(batch.sample(4, 7).dataSync()), Array.from(batch.sample(4, 8).dataSync()));
  });
  batch.dispose();
  const c = fixture.cases[0];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {loc: 0.4, scale: 1.3});
});

test('shapes broadcast: sample x batch, x against batch', (t) => {
  assertNoLeak(t, () => {
    const loc = tf.tensor2d([[0], [1], [2]]);
    const d = new Laplace({loc, scale: [1, 2, 3, 4]});
    t.deepEqual(d.batchShape, [3, 4]);
    t.deepEqual(d.eventShape, []);
    tf.tidy(() => {
      t.deepEqual(d.sample([5, 2], 1).shape, [5, 2, 3, 4]);
      t.deepEqual(d.logProb(tf.zeros([2, 1, 4])).shape, [2, 3, 4]);
      t.deepEqual(d.cdf(0).shape, [3, 4]);
      t.deepEqual(d.mean().shape, [3, 4]);
      t.deepEqual(d.entropy().shape, [3, 4]);
      assertClose(t, d.variance(), [2, 8, 18, 32, 2, 8, 18, 32, 2, 8, 18, 32]);
    });
    d.dispose();
    loc.dispose();
  });
  t.is(Laplace.parameterProperties().scale.eventNdims, 0);
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Laplace({loc: 0, scale: -1}), {message: /Laplace: parameter 'scale' must be positive; received -1/});
  t.throws(() => new Laplace({loc: [0, 1, 2], scale: [1, 2]}), {message: /Laplace: parameter shapes do not broadcast/});
  const bad = tf.scalar(0);
  t.throws(() => new Laplace({loc: 0, scale: bad, validateArgs: true}), {message: /'scale' must be positive; received 0/});
  bad.dispose();
});

test('parameter properties: the default bijector maps reals onto positive scales', (t) => {
  const props = Laplace.parameterProperties();
  t.is(props.loc.eventNdims, 0);
  t.is(props.loc.defaultConstrainingBijector, undefined);
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const y = props.scale.defaultConstrainingBijector!().forward(tf.tensor1d([-100, 0, 3]));
      t.true(Array.from(y.dataSync()).every((v) => v > 0));
      assertClose(t, y, [2 ** -23, Math.log(2) + 2 ** -23, Math.log1p(Math.exp(3)) + 2 ** -23], {rtol: 1e-6, atol: 1e-9});
    });
  });
});

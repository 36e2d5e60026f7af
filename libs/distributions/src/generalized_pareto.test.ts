import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {GeneralizedPareto} from './generalized_pareto';
import {assertClose, assertNoLeak, assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('generalized_pareto');
const make = (p: Params | Record<string, tf.Tensor>) =>
  new GeneralizedPareto({loc: p.loc, scale: p.scale, concentration: p.concentration});

test.before(async () => {
  await init();
});

// Heavy tails (xi = 2.5) spread the mass over decades: 20000 trapezoids on a logarithmic grid in
// x - loc (the fixture's origin); the allowance covers the trapezoid error where the density
// bends fastest (near x = loc, and at the finite upper end for xi < 0).
registerFixtureTests(test, 'genpareto', fixture, make, {integrate: {logGrid: true, tolerance: 1e-4}});

test('undefined moments are NaN, or an Error when allowNanStats is false', (t) => {
  assertNoLeak(t, () => {
    const d = new GeneralizedPareto({loc: 0, scale: 1, concentration: [0.2, 0.7, 1.2]});
    tf.tidy(() => {
      assertClose(t, d.mean(), [1 / 0.8, 1 / 0.3, NaN], {rtol: 1e-6});
      assertClose(t, d.variance(), [1 / (0.64 * 0.6), NaN, NaN], {rtol: 1e-5});
    });
    d.dispose();
  });
  const strict = new GeneralizedPareto({loc: 0, scale: 1, concentration: 1, allowNanStats: false});
  t.throws(() => strict.mean(), {message: /GeneralizedPareto: mean is undefined/});
  strict.dispose();
});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new GeneralizedPareto({loc: [[-1], [0], [3]], scale: [0.5, 1, 4], concentration: [-0.3, 0, 0.1]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  for (const c of [fixture.cases[2], fixture.cases[3]]) {
    const d = make(c.params);
    assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
    d.dispose();
  }
  assertReparameterizedMeanGradient(t, make, {loc: 0.4, scale: 1.3, concentration: 0.15});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new GeneralizedPareto({loc: 0, scale: -1, concentration: 0}), {
    message: /GeneralizedPareto: parameter 'scale' must be positive; received -1/,
  });
  t.throws(() => new GeneralizedPareto({loc: 0, scale: 1, concentration: NaN}), {
    message: /GeneralizedPareto: parameter 'concentration' must be finite; received NaN/,
  });
  t.throws(() => new GeneralizedPareto({loc: [0, 1, 2], scale: [1, 2], concentration: 0}), {
    message: /GeneralizedPareto: parameter shapes do not broadcast/,
  });
});

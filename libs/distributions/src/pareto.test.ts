import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Pareto} from './pareto';
import {assertSampleMoments} from './internal/testing';
import {
  assertReparameterizedMeanGradient,
  assertSampleCdf,
  assertShapesAndSeeds,
  loadUnivariateFixture,
  Params,
  registerFixtureTests,
} from './internal/univariate_testing';

const fixture = loadUnivariateFixture('pareto');
const make = (p: Params | Record<string, tf.Tensor>) => new Pareto({concentration: p.concentration, scale: p.scale});

test.before(async () => {
  await init();
});

// Densities spread over decades: the quadrature runs on a logarithmic grid of 20000 points.
registerFixtureTests(test, 'pareto', fixture, make, {integrate: {logGrid: true, tolerance: 1e-4}});

test('samples: moments, empirical cdf, shapes, seeds and pathwise gradients', (t) => {
  const batch = new Pareto({concentration: [[4.5], [6], [9]], scale: [0.5, 1, 4]});
  assertSampleMoments(t, batch, {n: 20000, seed: 3});
  assertShapesAndSeeds(t, batch);
  batch.dispose();
  const c = fixture.cases[1];
  const d = make(c.params);
  assertSampleCdf(t, d, c.x, c.cdf!, {seed: 11});
  d.dispose();
  assertReparameterizedMeanGradient(t, make, {concentration: 4.5, scale: 1.3});
});

test('bad parameters give errors naming the distribution, parameter and value', (t) => {
  t.throws(() => new Pareto({concentration: -1, scale: 1}), {message: /Pareto: parameter 'concentration' must be positive; received -1/});
  t.throws(() => new Pareto({concentration: 1, scale: 0}), {message: /Pareto: parameter 'scale' must be positive; received 0/});
  t.throws(() => new Pareto({concentration: [1, 2, 3], scale: [1, 2]}), {message: /Pareto: parameter shapes do not broadcast/});
  const bad = tf.scalar(-3);
  t.throws(() => new Pareto({concentration: bad, scale: 1, validateArgs: true}), {message: /'concentration' must be positive; received -3/});
  bad.dispose();
});

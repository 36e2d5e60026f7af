import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import type {Distribution, ParameterProperties} from './distribution';
import {Beta} from './beta';
import {Cauchy} from './cauchy';
import {Chi2} from './chi2';
import {Deterministic} from './deterministic';
import {Exponential} from './exponential';
import {Gamma} from './gamma';
import {GeneralizedPareto} from './generalized_pareto';
import {Gumbel} from './gumbel';
import {HalfCauchy} from './half_cauchy';
import {HalfNormal} from './half_normal';
import {InverseGamma} from './inverse_gamma';
import {JohnsonSU} from './johnson_su';
import {Kumaraswamy} from './kumaraswamy';
import {Laplace} from './laplace';
import {Logistic} from './logistic';
import {LogNormal} from './log_normal';
import {Pareto} from './pareto';
import {StudentT} from './student_t';
import {TruncatedNormal} from './truncated_normal';
import {Uniform} from './uniform';
import {VonMises} from './von_mises';
import {Weibull} from './weibull';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

/** Each class, the parameters its constructor requires, and those TFP constrains to be positive. */
const FAMILIES: {cls: {parameterProperties(): Record<string, ParameterProperties>}; make: (p: Record<string, number>) => Distribution; params: Record<string, number>; positive: string[]}[] = [
  {cls: Laplace, make: (p) => new Laplace({loc: p.loc, scale: p.scale}), params: {loc: 0.5, scale: 2}, positive: ['scale']},
  {cls: Logistic, make: (p) => new Logistic({loc: p.loc, scale: p.scale}), params: {loc: 0.5, scale: 2}, positive: ['scale']},
  {cls: Gumbel, make: (p) => new Gumbel({loc: p.loc, scale: p.scale}), params: {loc: 0.5, scale: 2}, positive: ['scale']},
  {cls: Cauchy, make: (p) => new Cauchy({loc: p.loc, scale: p.scale}), params: {loc: 0.5, scale: 2}, positive: ['scale']},
  {cls: HalfCauchy, make: (p) => new HalfCauchy({loc: p.loc, scale: p.scale}), params: {loc: 0.5, scale: 2}, positive: ['scale']},
  {cls: HalfNormal, make: (p) => new HalfNormal({scale: p.scale}), params: {scale: 2}, positive: ['scale']},
  {cls: LogNormal, make: (p) => new LogNormal({loc: p.loc, scale: p.scale}), params: {loc: 0.5, scale: 2}, positive: ['scale']},
  {
    cls: TruncatedNormal,
    make: (p) => new TruncatedNormal({loc: p.loc, scale: p.scale, low: p.low, high: p.high}),
    params: {loc: 0.5, scale: 2, low: -1, high: 3},
    positive: ['scale'],
  },
  {cls: StudentT, make: (p) => new StudentT({df: p.df, loc: p.loc, scale: p.scale}), params: {df: 3, loc: 0.5, scale: 2}, positive: ['df', 'scale']},
  {cls: Exponential, make: (p) => new Exponential({rate: p.rate}), params: {rate: 2}, positive: ['rate']},
  {cls: Gamma, make: (p) => new Gamma({concentration: p.concentration, rate: p.rate}), params: {concentration: 2, rate: 3}, positive: ['concentration', 'rate']},
  {
    cls: InverseGamma,
    make: (p) => new InverseGamma({concentration: p.concentration, scale: p.scale}),
    params: {concentration: 2, scale: 3},
    positive: ['concentration', 'scale'],
  },
  {cls: Chi2, make: (p) => new Chi2({df: p.df}), params: {df: 3}, positive: ['df']},
  {
    cls: Beta,
    make: (p) => new Beta({concentration1: p.concentration1, concentration0: p.concentration0}),
    params: {concentration1: 2, concentration0: 3},
    positive: ['concentration1', 'concentration0'],
  },
  {
    cls: Kumaraswamy,
    make: (p) => new Kumaraswamy({concentration1: p.concentration1, concentration0: p.concentration0}),
    params: {concentration1: 2, concentration0: 3},
    positive: ['concentration1', 'concentration0'],
  },
  {cls: Uniform, make: (p) => new Uniform({low: p.low, high: p.high}), params: {low: -1, high: 3}, positive: []},
  {cls: Weibull, make: (p) => new Weibull({concentration: p.concentration, scale: p.scale}), params: {concentration: 2, scale: 3}, positive: ['concentration', 'scale']},
  {cls: Pareto, make: (p) => new Pareto({concentration: p.concentration, scale: p.scale}), params: {concentration: 2, scale: 3}, positive: ['concentration', 'scale']},
  {
    cls: GeneralizedPareto,
    make: (p) => new GeneralizedPareto({loc: p.loc, scale: p.scale, concentration: p.concentration}),
    params: {loc: 0.5, scale: 2, concentration: 0.2},
    positive: ['scale'],
  },
  {
    cls: JohnsonSU,
    make: (p) => new JohnsonSU({skewness: p.skewness, tailweight: p.tailweight, loc: p.loc, scale: p.scale}),
    params: {skewness: 0.3, tailweight: 2, loc: 0.5, scale: 2},
    positive: ['tailweight', 'scale'],
  },
  {cls: VonMises, make: (p) => new VonMises({loc: p.loc, concentration: p.concentration}), params: {loc: 0.5, concentration: 2}, positive: ['concentration']},
  {cls: Deterministic, make: (p) => new Deterministic({loc: p.loc, atol: p.atol, rtol: p.rtol}), params: {loc: 0.5, atol: 0.1, rtol: 0.01}, positive: []},
];

test('parameter properties: scalar event ranks; positive parameters get a bijector onto (0, inf)', (t) => {
  for (const {cls, params, positive} of FAMILIES) {
    const props = cls.parameterProperties();
    const name = (cls as unknown as {name: string}).name;
    t.deepEqual(Object.keys(props).sort(), Object.keys(params).sort(), `${name} parameters`);
    for (const [key, p] of Object.entries(props)) {
      t.is(p.eventNdims, 0, `${name}.${key} eventNdims`);
      t.is(p.defaultConstrainingBijector !== undefined, positive.includes(key), `${name}.${key} has a bijector`);
      if (p.defaultConstrainingBijector) {
        assertNoLeak(t, () => {
          tf.tidy(() => {
            const y = p.defaultConstrainingBijector!().forward(tf.tensor1d([-80, -1, 0, 3, 80]));
            t.true(Array.from(y.dataSync()).every((v) => v > 0 && Number.isFinite(v)), `${name}.${key} maps into (0, inf)`);
          });
        });
      }
    }
  }
});

test('copy replaces some parameters and keeps the rest', (t) => {
  for (const {make, params} of FAMILIES) {
    assertNoLeak(t, () => {
      const d = make(params);
      const [first] = Object.keys(params);
      const changed = {[first]: params[first] * 1.5 + (first === 'low' ? -1 : 0)};
      const c = d.copy(changed);
      t.is(c.constructor, d.constructor);
      t.deepEqual(c.batchShape, d.batchShape);
      tf.tidy(() => {
        const expected = make({...params, ...changed});
        assertClose(t, c.logProb([0.7, 1.2]), expected.logProb([0.7, 1.2]), {rtol: 0, atol: 0}, `${d.name} copy`);
        expected.dispose();
      });
      c.dispose();
      d.dispose();
    });
  }
});

test('every public method frees its intermediates (called outside tf.tidy)', (t) => {
  const methods: ((d: Distribution) => tf.Tensor)[] = [
    (d) => d.sample([3, 2], 5),
    (d) => d.logProb([0.7, 1.2]),
    (d) => d.prob([0.7, 1.2]),
    (d) => d.cdf([0.7, 1.2]),
    (d) => d.survivalFunction([0.7, 1.2]),
    (d) => d.logCdf([0.7, 1.2]),
    (d) => d.logSurvivalFunction([0.7, 1.2]),
    (d) => d.quantile([0.3]),
    (d) => d.mean(),
    (d) => d.variance(),
    (d) => d.stddev(),
    (d) => d.mode(),
    (d) => d.entropy(),
    (d) => d.klDivergence(d),
  ];
  for (const {make, params} of FAMILIES) {
    const d = make(params);
    let defined = 0;
    for (const method of methods) {
      const before = tf.memory().numTensors;
      let out: tf.Tensor | undefined;
      try {
        out = method(d);
      } catch (error) {
        // Methods a distribution does not define (TFP leaves them out too) throw by name.
        t.regex((error as Error).message, /does not implement|No KL/, d.name);
      }
      if (out) {
        defined++;
        out.dispose();
      }
      t.is(tf.memory().numTensors, before, `${d.name}: ${method.toString()}`);
    }
    t.true(defined >= 8, `${d.name} defines most methods`);
    d.dispose();
  }
});

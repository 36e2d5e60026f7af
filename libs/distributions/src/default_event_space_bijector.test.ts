import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {Scale} from '@tfjs-probability/bijectors';
import {Bernoulli} from './bernoulli';
import {Beta} from './beta';
import {Binomial} from './binomial';
import {Categorical} from './categorical';
import {Cauchy} from './cauchy';
import {Chi2} from './chi2';
import {CholeskyLKJ} from './cholesky_lkj';
import {Deterministic} from './deterministic';
import {Dirichlet} from './dirichlet';
import {Distribution} from './distribution';
import {Exponential} from './exponential';
import {Gamma} from './gamma';
import {GeneralizedPareto} from './generalized_pareto';
import {Geometric} from './geometric';
import {Gumbel} from './gumbel';
import {HalfCauchy} from './half_cauchy';
import {HalfNormal} from './half_normal';
import {Independent} from './independent';
import {InverseGamma} from './inverse_gamma';
import {JohnsonSU} from './johnson_su';
import {Kumaraswamy} from './kumaraswamy';
import {Laplace} from './laplace';
import {LKJ} from './lkj';
import {Logistic} from './logistic';
import {LogNormal} from './log_normal';
import {MixtureSameFamily} from './mixture_same_family';
import {Multinomial} from './multinomial';
import {MultivariateNormalDiag} from './multivariate_normal_diag';
import {MultivariateNormalTriL} from './multivariate_normal_tril';
import {NegativeBinomial} from './negative_binomial';
import {Normal} from './normal';
import {OneHotCategorical} from './one_hot_categorical';
import {Pareto} from './pareto';
import {Poisson} from './poisson';
import {RelaxedBernoulli} from './relaxed_bernoulli';
import {RelaxedOneHotCategorical} from './relaxed_one_hot_categorical';
import {Sample} from './sample';
import {StudentT} from './student_t';
import {TransformedDistribution} from './transformed_distribution';
import {TruncatedNormal} from './truncated_normal';
import {Uniform} from './uniform';
import {VonMises} from './von_mises';
import {Weibull} from './weibull';
import {WishartTriL} from './wishart_tril';
import {assertClose, assertNoLeak} from './internal/testing';

test.before(async () => {
  await init();
});

/** Every continuous family, with batched parameters where the family allows. */
function continuousCases(): [string, () => Distribution][] {
  return [
    ['Normal', () => new Normal({loc: [-1, 2], scale: [0.5, 3]})],
    ['StudentT', () => new StudentT({df: [1.5, 7], loc: 1, scale: 2})],
    ['JohnsonSU', () => new JohnsonSU({skewness: 0.5, tailweight: 2, loc: [0, 1], scale: 1.5})],
    ['Laplace', () => new Laplace({loc: 1, scale: [1, 2]})],
    ['Logistic', () => new Logistic({loc: -2, scale: 0.3})],
    ['Gumbel', () => new Gumbel({loc: 0, scale: [1, 4]})],
    ['Cauchy', () => new Cauchy({loc: 3, scale: 0.5})],
    ['HalfCauchy', () => new HalfCauchy({loc: [1, -2], scale: 2})],
    ['HalfNormal', () => new HalfNormal({scale: [0.1, 5]})],
    ['Exponential', () => new Exponential({rate: [0.5, 20]})],
    ['Gamma', () => new Gamma({concentration: [0.3, 4], rate: 2})],
    ['InverseGamma', () => new InverseGamma({concentration: [0.8, 3], scale: 1.5})],
    ['Chi2', () => new Chi2({df: [1, 6]})],
    ['Weibull', () => new Weibull({concentration: [0.7, 3], scale: 2})],
    ['LogNormal', () => new LogNormal({loc: [0, 1], scale: 0.5})],
    ['Pareto', () => new Pareto({concentration: 2, scale: [0.5, 3]})],
    ['GeneralizedPareto', () => new GeneralizedPareto({loc: [1, -1, 0], scale: 2, concentration: [0.5, -0.25, 0]})],
    ['Beta', () => new Beta({concentration1: [0.5, 2], concentration0: 3})],
    ['Kumaraswamy', () => new Kumaraswamy({concentration1: [0.5, 2], concentration0: 3})],
    ['RelaxedBernoulli', () => new RelaxedBernoulli({temperature: 0.5, probs: [0.2, 0.7]})],
    ['Uniform', () => new Uniform({low: [-1, 10], high: [1, 30]})],
    ['TruncatedNormal', () => new TruncatedNormal({loc: 0, scale: 1, low: [-1, 2], high: [1, 4]})],
    ['VonMises', () => new VonMises({loc: [0, 2], concentration: [1, 5]})],
    ['Dirichlet', () => new Dirichlet({concentration: [[0.5, 1, 2], [3, 3, 3]]})],
    ['RelaxedOneHotCategorical', () => new RelaxedOneHotCategorical({temperature: 0.7, logits: [0, 1, -1, 2]})],
    ['MultivariateNormalDiag', () => new MultivariateNormalDiag({loc: [1, 2, 3], scaleDiag: [1, 2, 0.5]})],
    ['MultivariateNormalTriL', () => new MultivariateNormalTriL({loc: [0, 1], scaleTril: [[1, 0], [0.5, 2]]})],
    ['CholeskyLKJ', () => new CholeskyLKJ({dimension: 3, concentration: [1, 2.5]})],
    ['LKJ', () => new LKJ({dimension: 3, concentration: 1.5})],
    ['LKJ(inputOutputCholesky)', () => new LKJ({dimension: 2, concentration: 2, inputOutputCholesky: true})],
    ['WishartTriL', () => new WishartTriL({df: 4, scaleTril: [[1, 0], [0.3, 2]]})],
    ['WishartTriL(inputOutputCholesky)', () => new WishartTriL({df: [3, 5], scaleTril: [[1, 0], [0.3, 2]], inputOutputCholesky: true})],
    ['Independent(Gamma)', () => new Independent({distribution: new Gamma({concentration: [1, 2, 3], rate: 1}), reinterpretedBatchNdims: 1})],
    ['Sample(Uniform)', () => new Sample({distribution: new Uniform({low: [0, 10], high: [1, 20]}), sampleShape: [3]})],
    ['Sample(Dirichlet)', () => new Sample({distribution: new Dirichlet({concentration: [[1, 2, 3], [2, 2, 2]]}), sampleShape: [2, 2]})],
    ['TransformedDistribution(Scale(Gamma))', () => new TransformedDistribution({distribution: new Gamma({concentration: 2, rate: 1}), bijector: new Scale({scale: -3})})],
  ];
}

/**
 * Deterministic pseudo-random unconstrained points in [-3, 3] (the range where float32 sigmoids and
 * softpluses keep ~4 significant digits through a round trip).
 */
function unconstrained(shape: number[], seed: number): tf.Tensor {
  return tf.tidy(() => tf.mul(6, tf.sub(tf.randomUniform(shape, 0, 1, 'float32', seed), 0.5)));
}

for (const [label, make] of continuousCases()) {
  test(`${label}: forward lands in the support (finite logProb) and inverse round-trips`, (t) => {
    const d = make();
    assertNoLeak(t, () => {
      const b = d.experimentalDefaultEventSpaceBijector();
      const zEvent = b.inverseEventShape(d.eventShape) as number[];
      const n = 50;
      tf.tidy(() => {
        const z = unconstrained([n, ...d.batchShape, ...zEvent], 17);
        const x = b.forward(z) as tf.Tensor;
        t.deepEqual(x.shape, [n, ...d.batchShape, ...d.eventShape], 'forward has the sample shape');
        const lp = d.logProb(x);
        t.deepEqual(lp.shape, [n, ...d.batchShape]);
        const bad = Array.from(lp.dataSync()).filter((v) => !Number.isFinite(v));
        t.deepEqual(bad, [], 'logProb of forward(z) is finite');
        // Round trip z -> x -> z: float32 maps that lose at most ~3 digits over |z| <= 3 (rtol 2e-3, atol 5e-3).
        assertClose(t, b.inverse(x) as tf.Tensor, z, {rtol: 2e-3, atol: 5e-3}, 'inverse(forward(z))');
        // fldj(z) = -ildj(forward(z)) at the distribution's event rank, one value per point and batch member.
        const xRank = zEvent.length;
        // (A constant Jacobian, Identity's, may come back as a scalar that broadcasts.)
        const fldj = tf.broadcastTo(b.forwardLogDetJacobian(z, xRank), [n, ...d.batchShape]);
        const ildj = b.inverseLogDetJacobian(x, d.eventShape.length);
        assertClose(t, fldj, tf.neg(ildj), {rtol: 1e-3, atol: 5e-3}, 'fldj = -ildj');
      });
    });
    d.dispose();
  });
}

test('scalar bijectors: log|dx/dz| matches central differences of forward', (t) => {
  // Central differences with h = 1e-2 in float32: truncation ~h^2 |f'''| / 6 and rounding ~eps |x| / h,
  // both below 1e-3 relative for these |z| <= 2 and parameters; compared in log space with atol 3e-3.
  const zs = [-2, -0.7, 0, 0.4, 1.9];
  const h = 1e-2;
  for (const [label, make] of continuousCases()) {
    const d = make();
    if (d.eventShape.length > 0 || label.startsWith('Transformed')) {
      d.dispose();
      continue;
    }
    const b = d.experimentalDefaultEventSpaceBijector();
    tf.tidy(() => {
      const shape = [zs.length, ...d.batchShape];
      const z = tf.broadcastTo(tf.reshape(tf.tensor1d(zs), [zs.length, ...d.batchShape.map(() => 1)]), shape);
      const up = b.forward(tf.add(z, h)) as tf.Tensor;
      const down = b.forward(tf.sub(z, h)) as tf.Tensor;
      const numeric = tf.log(tf.abs(tf.div(tf.sub(up, down), 2 * h)));
      assertClose(t, tf.broadcastTo(b.forwardLogDetJacobian(z), shape), numeric, {rtol: 0, atol: 3e-3}, label);
    });
    d.dispose();
  }
});

test('TFP choices: Softplus for positive supports, Exp for LogNormal, shifted and scaled ones for bounded supports', (t) => {
  const at = (d: Distribution, z: number[]) => {
    const x = tf.tidy(() => Array.from((d.experimentalDefaultEventSpaceBijector().forward(tf.tensor1d(z)) as tf.Tensor).dataSync()));
    d.dispose();
    return x;
  };
  const softplus = (z: number) => Math.log1p(Math.exp(z));
  const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));
  // Tolerance: float32 evaluation of elementary functions (rtol 1e-5, atol 1e-6).
  const tol = {rtol: 1e-5, atol: 1e-6};
  assertClose(t, at(new Gamma({concentration: 2, rate: 3}), [0, 1]), [softplus(0), softplus(1)], tol);
  assertClose(t, at(new HalfNormal({scale: 2}), [-1]), [softplus(-1)], tol);
  assertClose(t, at(new LogNormal({loc: 0, scale: 1}), [0, 1]), [1, Math.E], tol);
  assertClose(t, at(new Pareto({concentration: 1, scale: 2.5}), [0]), [2.5 + softplus(0)], tol);
  assertClose(t, at(new HalfCauchy({loc: -1, scale: 1}), [0.5]), [-1 + softplus(0.5)], tol);
  assertClose(t, at(new Uniform({low: [2, -4], high: [6, 4]}), [0, 1]), [4, -4 + 8 * sigmoid(1)], tol);
  assertClose(t, at(new TruncatedNormal({loc: 0, scale: 1, low: 1, high: 3}), [-1]), [1 + 2 * sigmoid(-1)], tol);
  assertClose(t, at(new Beta({concentration1: 1, concentration0: 1}), [2]), [sigmoid(2)], tol);
  assertClose(t, at(new VonMises({loc: 0, concentration: 1}), [0, 30]), [0, Math.PI], tol);
  // GeneralizedPareto: [loc, loc + scale / |xi|] for xi < 0, [loc, inf) otherwise.
  assertClose(t, at(new GeneralizedPareto({loc: [1, 1], scale: 2, concentration: [-0.5, 0.5]}), [0.3, 0.3]), [1 + 4 * sigmoid(0.3), 1 + softplus(0.3)], tol);
  // Dirichlet: SoftmaxCentered maps [0, 0] to the uniform point of the 3-simplex.
  assertClose(t, at(new Dirichlet({concentration: [1, 2, 3]}), [0, 0]), [1 / 3, 1 / 3, 1 / 3], tol);
  // TransformedDistribution: the bijector after the base's: -3 softplus(z).
  assertClose(
    t,
    at(new TransformedDistribution({distribution: new Gamma({concentration: 2, rate: 1}), bijector: new Scale({scale: -3})}), [0.2]),
    [-3 * softplus(0.2)],
    tol,
  );
});

test('Sample moves the draws past the batch: each batch member keeps its own bounds', (t) => {
  const d = new Sample({distribution: new Uniform({low: [0, 10], high: [1, 20]}), sampleShape: [3]});
  assertNoLeak(t, () => {
    const b = d.experimentalDefaultEventSpaceBijector();
    t.is(b.forwardMinEventNdims, 1);
    tf.tidy(() => {
      const z = tf.tensor2d([[-1, 0, 2], [0.5, 0, -3]]);
      const sigmoid = (v: number) => 1 / (1 + Math.exp(-v));
      const expected = [[-1, 0, 2].map(sigmoid), [0.5, 0, -3].map((v) => 10 + 10 * sigmoid(v))].flat();
      assertClose(t, b.forward(z) as tf.Tensor, expected, {rtol: 1e-5, atol: 1e-5});
      // log|J| summed over the 3 draws: log(h - l) + log sigmoid(z) + log sigmoid(-z) per draw.
      const ldj = (v: number, width: number) => Math.log(width) + Math.log(sigmoid(v)) + Math.log(sigmoid(-v));
      const fldj = b.forwardLogDetJacobian(z);
      t.deepEqual(fldj.shape, [2]);
      assertClose(t, fldj, [ldj(-1, 1) + ldj(0, 1) + ldj(2, 1), ldj(0.5, 10) + ldj(0, 10) + ldj(-3, 10)], {rtol: 1e-5, atol: 1e-5});
    });
  });
  d.distribution.dispose();
});

test('discrete distributions, point masses and mixtures have none: a clear error', (t) => {
  const cases: Distribution[] = [
    new Bernoulli({probs: 0.3}),
    new Binomial({totalCount: 5, probs: 0.3}),
    new Categorical({logits: [0, 1]}),
    new OneHotCategorical({logits: [0, 1]}),
    new Geometric({probs: 0.3}),
    new NegativeBinomial({totalCount: 3, probs: 0.4}),
    new Poisson({rate: 2}),
    new Multinomial({totalCount: 4, probs: [0.5, 0.5]}),
    new Deterministic({loc: 1}),
    new MixtureSameFamily({mixtureDistribution: new Categorical({logits: [0, 0]}), componentsDistribution: new Normal({loc: [0, 1], scale: 1})}),
  ];
  for (const d of cases) {
    t.throws(() => d.experimentalDefaultEventSpaceBijector(), {message: new RegExp(`^${d.name}: has no default event-space bijector \\(TFP's is None: discrete support, point mass or mixture`)});
  }
  t.throws(() => new Independent({distribution: new Poisson({rate: [1, 2]})}).experimentalDefaultEventSpaceBijector(), {
    message: /^Poisson: has no default event-space bijector .*event shape \[\]/,
  });
});

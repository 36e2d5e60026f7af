import {Bernoulli as BernoulliDistribution} from '../bernoulli';
import {Beta as BetaDistribution} from '../beta';
import {Binomial as BinomialDistribution} from '../binomial';
import {Categorical as CategoricalDistribution} from '../categorical';
import {Cauchy as CauchyDistribution} from '../cauchy';
import {Chi2 as Chi2Distribution} from '../chi2';
import {CholeskyLKJ as CholeskyLKJDistribution} from '../cholesky_lkj';
import {Deterministic as DeterministicDistribution} from '../deterministic';
import {Dirichlet as DirichletDistribution} from '../dirichlet';
import {Distribution} from '../distribution';
import {Exponential as ExponentialDistribution} from '../exponential';
import {Gamma as GammaDistribution} from '../gamma';
import {GeneralizedPareto as GeneralizedParetoDistribution} from '../generalized_pareto';
import {Geometric as GeometricDistribution} from '../geometric';
import {Gumbel as GumbelDistribution} from '../gumbel';
import {HalfCauchy as HalfCauchyDistribution} from '../half_cauchy';
import {HalfNormal as HalfNormalDistribution} from '../half_normal';
import {Independent as IndependentDistribution} from '../independent';
import {InverseGamma as InverseGammaDistribution} from '../inverse_gamma';
import {JohnsonSU as JohnsonSUDistribution} from '../johnson_su';
import {Kumaraswamy as KumaraswamyDistribution} from '../kumaraswamy';
import {Laplace as LaplaceDistribution} from '../laplace';
import {LKJ as LKJDistribution} from '../lkj';
import {Logistic as LogisticDistribution} from '../logistic';
import {LogNormal as LogNormalDistribution} from '../log_normal';
import {Mixture as MixtureDistribution} from '../mixture';
import {MixtureSameFamily as MixtureSameFamilyDistribution} from '../mixture_same_family';
import {Multinomial as MultinomialDistribution} from '../multinomial';
import {MultivariateNormalDiag as MultivariateNormalDiagDistribution} from '../multivariate_normal_diag';
import {MultivariateNormalFullCovariance as MultivariateNormalFullCovarianceDistribution} from '../multivariate_normal_full_covariance';
import {MultivariateNormalTriL as MultivariateNormalTriLDistribution} from '../multivariate_normal_tril';
import {NegativeBinomial as NegativeBinomialDistribution} from '../negative_binomial';
import {Normal as NormalDistribution} from '../normal';
import {OneHotCategorical as OneHotCategoricalDistribution} from '../one_hot_categorical';
import {Pareto as ParetoDistribution} from '../pareto';
import {Poisson as PoissonDistribution} from '../poisson';
import {RelaxedBernoulli as RelaxedBernoulliDistribution} from '../relaxed_bernoulli';
import {RelaxedOneHotCategorical as RelaxedOneHotCategoricalDistribution} from '../relaxed_one_hot_categorical';
import {StudentT as StudentTDistribution} from '../student_t';
import {TruncatedNormal as TruncatedNormalDistribution} from '../truncated_normal';
import {Uniform as UniformDistribution} from '../uniform';
import {VonMises as VonMisesDistribution} from '../von_mises';
import {Weibull as WeibullDistribution} from '../weibull';
import {WishartTriL as WishartTriLDistribution} from '../wishart_tril';
import {interceptable} from './interception';
import {RandomVariable, RandomVariableOptions} from './random_variable';

/** A random-variable constructor: the distribution's options plus name, value, sampleShape and seed. */
export type RandomVariableConstructor<O> = (options: O & RandomVariableOptions) => RandomVariable;

/**
 * Makes the Edward2 constructor of a distribution class (`ed.Normal({loc, scale, name})`): it builds
 * the distribution (named after the variable) and a RandomVariable that owns it, through the active
 * interceptors.
 */
export function asRandomVariableConstructor<O extends object>(kind: string, Ctor: new (options: O) => Distribution): RandomVariableConstructor<O> {
  return interceptable(kind, (options: O & RandomVariableOptions) => {
    const {value, sampleShape, seed, ...parameters} = options as O & RandomVariableOptions & Record<string, unknown>;
    const name = options.name;
    const distribution = new Ctor((name === undefined ? parameters : {...parameters, name}) as unknown as O);
    return new RandomVariable(distribution, {name, value: value as RandomVariableOptions['value'], sampleShape, seed}, true);
  });
}

/**
 * A random variable of an existing distribution (borrowed, not disposed with the variable), through
 * the active interceptors: `ed.randomVariable(new tfd.Normal(...), {name: 'x'})`.
 */
export function randomVariable(distribution: Distribution, options: RandomVariableOptions = {}): RandomVariable {
  if (!(distribution instanceof Distribution)) {
    throw new Error(`edward2.randomVariable: expected a Distribution; received ${String(distribution)}`);
  }
  const construct = interceptable(distribution.name, (o: RandomVariableOptions) => new RandomVariable(distribution, o));
  return construct(options);
}

export const Bernoulli = asRandomVariableConstructor('Bernoulli', BernoulliDistribution);
export const Beta = asRandomVariableConstructor('Beta', BetaDistribution);
export const Binomial = asRandomVariableConstructor('Binomial', BinomialDistribution);
export const Categorical = asRandomVariableConstructor('Categorical', CategoricalDistribution);
export const Cauchy = asRandomVariableConstructor('Cauchy', CauchyDistribution);
export const Chi2 = asRandomVariableConstructor('Chi2', Chi2Distribution);
export const CholeskyLKJ = asRandomVariableConstructor('CholeskyLKJ', CholeskyLKJDistribution);
export const Deterministic = asRandomVariableConstructor('Deterministic', DeterministicDistribution);
export const Dirichlet = asRandomVariableConstructor('Dirichlet', DirichletDistribution);
export const Exponential = asRandomVariableConstructor('Exponential', ExponentialDistribution);
export const Gamma = asRandomVariableConstructor('Gamma', GammaDistribution);
export const GeneralizedPareto = asRandomVariableConstructor('GeneralizedPareto', GeneralizedParetoDistribution);
export const Geometric = asRandomVariableConstructor('Geometric', GeometricDistribution);
export const Gumbel = asRandomVariableConstructor('Gumbel', GumbelDistribution);
export const HalfCauchy = asRandomVariableConstructor('HalfCauchy', HalfCauchyDistribution);
export const HalfNormal = asRandomVariableConstructor('HalfNormal', HalfNormalDistribution);
export const Independent = asRandomVariableConstructor('Independent', IndependentDistribution);
export const InverseGamma = asRandomVariableConstructor('InverseGamma', InverseGammaDistribution);
export const JohnsonSU = asRandomVariableConstructor('JohnsonSU', JohnsonSUDistribution);
export const Kumaraswamy = asRandomVariableConstructor('Kumaraswamy', KumaraswamyDistribution);
export const Laplace = asRandomVariableConstructor('Laplace', LaplaceDistribution);
export const LKJ = asRandomVariableConstructor('LKJ', LKJDistribution);
export const Logistic = asRandomVariableConstructor('Logistic', LogisticDistribution);
export const LogNormal = asRandomVariableConstructor('LogNormal', LogNormalDistribution);
export const Mixture = asRandomVariableConstructor('Mixture', MixtureDistribution);
export const MixtureSameFamily = asRandomVariableConstructor('MixtureSameFamily', MixtureSameFamilyDistribution);
export const Multinomial = asRandomVariableConstructor('Multinomial', MultinomialDistribution);
export const MultivariateNormalDiag = asRandomVariableConstructor('MultivariateNormalDiag', MultivariateNormalDiagDistribution);
export const MultivariateNormalFullCovariance = asRandomVariableConstructor('MultivariateNormalFullCovariance', MultivariateNormalFullCovarianceDistribution);
export const MultivariateNormalTriL = asRandomVariableConstructor('MultivariateNormalTriL', MultivariateNormalTriLDistribution);
export const NegativeBinomial = asRandomVariableConstructor('NegativeBinomial', NegativeBinomialDistribution);
export const Normal = asRandomVariableConstructor('Normal', NormalDistribution);
export const OneHotCategorical = asRandomVariableConstructor('OneHotCategorical', OneHotCategoricalDistribution);
export const Pareto = asRandomVariableConstructor('Pareto', ParetoDistribution);
export const Poisson = asRandomVariableConstructor('Poisson', PoissonDistribution);
export const RelaxedBernoulli = asRandomVariableConstructor('RelaxedBernoulli', RelaxedBernoulliDistribution);
export const RelaxedOneHotCategorical = asRandomVariableConstructor('RelaxedOneHotCategorical', RelaxedOneHotCategoricalDistribution);
export const StudentT = asRandomVariableConstructor('StudentT', StudentTDistribution);
export const TruncatedNormal = asRandomVariableConstructor('TruncatedNormal', TruncatedNormalDistribution);
export const Uniform = asRandomVariableConstructor('Uniform', UniformDistribution);
export const VonMises = asRandomVariableConstructor('VonMises', VonMisesDistribution);
export const Weibull = asRandomVariableConstructor('Weibull', WeibullDistribution);
export const WishartTriL = asRandomVariableConstructor('WishartTriL', WishartTriLDistribution);

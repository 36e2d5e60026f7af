export {registerLayerFunction} from './internal/registry';
export type {ActivationIdentifier} from './internal/activations';
export * as util from './util';
export type {AddWeightFn, DistributionFactory, DivergenceFn, PosteriorFn, TensorFn, VariableSpec} from './util';
export {VariationalLayer} from './variational';
export type {VariationalEstimator, VariationalLayerArgs} from './variational';
export {VariationalDense} from './variational_dense';
export type {VariationalDenseArgs} from './variational_dense';
export {DenseReparameterization, denseReparameterization} from './dense_reparameterization';
export {DenseFlipout, denseFlipout} from './dense_flipout';
export {DenseLocalReparameterization, denseLocalReparameterization} from './dense_local_reparameterization';
export {VariationalConv} from './variational_conv';
export type {ConvDataFormat, ConvPadding, VariationalConvArgs} from './variational_conv';
export {
  Conv1DReparameterization,
  conv1dReparameterization,
  Conv2DReparameterization,
  conv2dReparameterization,
  Conv3DReparameterization,
  conv3dReparameterization,
} from './conv_reparameterization';
export {Conv1DFlipout, conv1dFlipout, Conv2DFlipout, conv2dFlipout, Conv3DFlipout, conv3dFlipout} from './conv_flipout';
export {attachDistribution, distributionOf, DistributionLayer, hasDistribution, negLogLik} from './distribution_layer';
export type {DistributionLayerArgs} from './distribution_layer';
export {DistributionLambda, distributionLambda} from './distribution_lambda';
export type {DistributionLambdaArgs, MakeDistributionFn} from './distribution_lambda';
export {IndependentLayer} from './independent_layer';
export type {IndependentLayerArgs} from './independent_layer';
export {IndependentNormal, independentNormal} from './independent_normal';
export {IndependentBernoulli, independentBernoulli} from './independent_bernoulli';
export {IndependentPoisson, independentPoisson} from './independent_poisson';
export {OneHotCategorical, oneHotCategorical} from './one_hot_categorical';
export type {OneHotCategoricalArgs} from './one_hot_categorical';
export {MultivariateNormalTriL, multivariateNormalTriL} from './multivariate_normal_tril';
export type {MultivariateNormalTriLArgs} from './multivariate_normal_tril';
export {KLDivergenceRegularizer, klDivergenceRegularizer} from './kl_divergence_regularizer';
export type {DistributionSpec, KLDivergenceRegularizerArgs} from './kl_divergence_regularizer';
export {KLDivergenceAddLoss, klDivergenceAddLoss} from './kl_divergence_add_loss';
export type {KLDivergenceAddLossArgs} from './kl_divergence_add_loss';
export {VariableLayer, variableLayer} from './variable_layer';
export type {VariableLayerArgs} from './variable_layer';
export {predictDistribution} from './predict_distribution';
export {DenseVariational, denseVariational} from './dense_variational';
export type {DenseVariationalArgs} from './dense_variational';
export {dnnToBnn} from './dnn_to_bnn';
export type {DnnToBnnOptions} from './dnn_to_bnn';
export {AutoregressiveNetwork, autoregressiveNetwork} from './autoregressive_network';
export type {AutoregressiveNetworkArgs} from './autoregressive_network';
export {MixtureSameFamily, mixtureSameFamily} from './mixture_same_family';
export type {MixtureSameFamilyArgs} from './mixture_same_family';
export {MixtureNormal, mixtureNormal} from './mixture_normal';
export type {MixtureNormalArgs} from './mixture_normal';
export {CategoricalMixtureOfOneHotCategorical, categoricalMixtureOfOneHotCategorical} from './categorical_mixture_of_one_hot_categorical';
export type {CategoricalMixtureOfOneHotCategoricalArgs} from './categorical_mixture_of_one_hot_categorical';
export {IndependentLogistic, independentLogistic} from './independent_logistic';
export {MixtureLogistic, mixtureLogistic} from './mixture_logistic';
export type {MixtureLogisticArgs} from './mixture_logistic';

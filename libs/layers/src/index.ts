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

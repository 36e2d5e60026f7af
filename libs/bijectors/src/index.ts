/**
 * @tfjs-probability/bijectors — TFP's `tfp.bijectors` (tfb) for TensorFlow.js: invertible,
 * differentiable maps with log-det-Jacobians, composable with Chain, Invert, Blockwise and JointMap.
 * Constructors take one options object (`new Shift({shift: 1})`); parameters may be numbers, nested
 * arrays or tensors (tf.Variables stay trainable); `forwardLogDetJacobian(x, eventNdims)` and
 * `inverseLogDetJacobian(y, eventNdims)` follow TFP's event-ndims semantics.
 */
export {Bijector, reduceOverEvent} from './bijector';
export type {BijectorOptions, BijectorSpec, Kind, Structure, StructureKind, TensorInput, TensorKind} from './bijector';
export {Identity} from './identity';
export {Exp} from './exp';
export {Log} from './log';
export {Softplus} from './softplus';
export type {SoftplusOptions} from './softplus';
export {Sigmoid} from './sigmoid';
export type {SigmoidOptions} from './sigmoid';
export {Tanh} from './tanh';
export {Shift} from './shift';
export type {ShiftOptions} from './shift';
export {Scale} from './scale';
export type {ScaleOptions} from './scale';
export {Power} from './power';
export type {PowerOptions} from './power';
export {KumaraswamyCDF} from './kumaraswamy_cdf';
export type {KumaraswamyCDFOptions} from './kumaraswamy_cdf';
export {WeibullCDF} from './weibull_cdf';
export type {WeibullCDFOptions} from './weibull_cdf';
export {GumbelCDF} from './gumbel_cdf';
export type {GumbelCDFOptions} from './gumbel_cdf';
export {SinhArcsinh} from './sinh_arcsinh';
export type {SinhArcsinhOptions} from './sinh_arcsinh';
export {Chain} from './chain';
export type {ChainOptions} from './chain';
export {Invert} from './invert';
export type {InvertOptions} from './invert';
export {Reshape} from './reshape';
export type {ReshapeOptions} from './reshape';
export {Transpose} from './transpose';
export type {TransposeOptions} from './transpose';
export {Permute} from './permute';
export type {PermuteOptions} from './permute';
export {FillTriangular} from './fill_triangular';
export type {FillTriangularOptions} from './fill_triangular';
export {TransformDiagonal} from './transform_diagonal';
export type {TransformDiagonalOptions} from './transform_diagonal';
export {FillScaleTriL} from './fill_scale_tril';
export type {FillScaleTriLOptions} from './fill_scale_tril';
export {CholeskyOuterProduct} from './cholesky_outer_product';
export {CorrelationCholesky} from './correlation_cholesky';
export {SoftmaxCentered} from './softmax_centered';
export {NormalCDF} from './normal_cdf';
export {ScaleMatvecDiag} from './scale_matvec_diag';
export type {ScaleMatvecDiagOptions} from './scale_matvec_diag';
export {ScaleMatvecTriL} from './scale_matvec_tril';
export type {ScaleMatvecTriLOptions} from './scale_matvec_tril';
export {Blockwise} from './blockwise';
export type {BlockwiseOptions} from './blockwise';
export {JointMap} from './joint_map';
export type {AnyBijector, JointMapOptions} from './joint_map';
export {ScaleMatvecLinearOperator} from './scale_matvec_linear_operator';
export type {ScaleMatvecLinearOperatorOptions} from './scale_matvec_linear_operator';
export {AutoregressiveNetwork} from './autoregressive_network';
export type {AutoregressiveNetworkOptions} from './autoregressive_network';
export {MaskedAutoregressiveFlow} from './masked_autoregressive_flow';
export type {CallableNetwork, MaskedAutoregressiveFlowOptions, ShiftAndLogScale} from './masked_autoregressive_flow';
export {RealNVP, realNvpDefaultTemplate} from './real_nvp';
export type {RealNVPDefaultTemplateOptions, RealNVPOptions, RealNVPShiftAndLogScaleFn, RealNVPTemplate} from './real_nvp';
export type {Activation, Initializer} from './internal/dense';
export {Ascending} from './ascending';
export {Ordered} from './ordered';
export {Expm1, Reciprocal, Square} from './simple_elementwise';
export {Cumsum} from './cumsum';
export type {CumsumOptions} from './cumsum';
export {Inline} from './inline';
export type {InlineOptions} from './inline';

/** Registers the float64 implementations of tfjs's own kernels (once, on import). */
import {registerElementwiseKernels} from './elementwise_kernels';
import {registerMatMulKernel} from './matmul_kernel';
import {registerReductionKernels} from './reduction_kernels';
import {registerShapeKernels} from './shape_kernels';

registerElementwiseKernels();
registerReductionKernels();
registerShapeKernels();
registerMatMulKernel();

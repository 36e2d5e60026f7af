export {
  BACKEND_NAMES,
  backendReport,
  describeBackend,
  init,
} from './backend';
export type {BackendAttempt, BackendInitOptions, BackendName, BackendReport} from './backend';
export {registerWasmKernels} from './wasm/register_wasm_kernels';
export {FileSystemIO, fileSystemIO, registerFileIO} from './io/file_io';
export {registerGradients} from './gradients/register_gradients';
export {compileValueAndGrads} from './compile/compile_value_and_grads';
export type {CompileOptions, CompiledValueAndGrads} from './compile/compile_value_and_grads';
export {CompileError} from './compile/compile_error';
export {registerCompiledElementwise} from './compile/elementwise_kernels';
export {compiledKernelNames, registerCompiledKernel} from './compile/kernel_registry';
export type {CompiledKernel, CompiledKernelBuilder, KernelCall, TensorSpec} from './compile/kernel_registry';

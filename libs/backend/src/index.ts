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

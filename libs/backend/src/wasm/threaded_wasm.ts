import * as tf from '@tensorflow/tfjs';

/**
 * Multithreaded wasm in Node, opt-in with TFP_WASM_THREADS=n (n >= 2).
 *
 * tfjs-backend-wasm 4.22 never uses its threaded-SIMD build in Node: the flag
 * WASM_HAS_MULTITHREAD_SUPPORT is false there, its loader hands Emscripten the pthread worker
 * script and main script as Blob URLs (which Node's worker_threads cannot load), and the
 * C++ side caps the pool at os.cpus().length / 2 threads (1 on a 2-core machine). This module
 * instantiates that build itself: the worker script is written to a temporary file, the main
 * script is the package's own file, os.cpus() reports 2n CPUs while the module starts so the
 * pool gets n threads, and the pool's workers are unref'd so they never keep Node alive.
 * XNNPACK (Conv2D, the matmuls, and the backprops built on them) then splits each operator
 * over the pool; other kernels stay on the calling thread. If the threaded build fails to
 * start (no writable temporary directory, files missing), the stock single-threaded factory
 * runs instead, with a warning unless TFP_QUIET=1.
 *
 * It stays opt-in: the pool's threads spin while they wait for work, so processes running
 * side by side (a test runner's workers, other jobs) oversubscribe the cores. On a 2-core
 * machine shared with other jobs the backend's wasm tests took 400 s with 2 threads against
 * 174 s with 1; the conv layers' own speed-up is only there when the cores are free.
 */

interface EmscriptenWorker {
  unref(): void;
}

interface ThreadedModule {
  cwrap(name: string, returnType: string | null, argTypes: string[]): (...args: number[]) => number;
  PThread: {runningWorkers: EmscriptenWorker[]};
  tfjs?: unknown;
}

type WasmPackage = typeof import('@tensorflow/tfjs-backend-wasm');

/** The thread count asked for with TFP_WASM_THREADS, or undefined (single-threaded). */
export function requestedWasmThreads(): number | undefined {
  const raw = typeof process !== 'undefined' ? process.env?.TFP_WASM_THREADS : undefined;
  if (raw === undefined || raw.trim() === '') {
    return undefined;
  }
  const threads = Number(raw);
  if (!Number.isInteger(threads) || threads < 1 || threads > 8) {
    throw new Error(`TFP_WASM_THREADS must be an integer from 1 to 8 (the wasm pool's limit), got '${raw}'`);
  }
  return threads >= 2 ? threads : undefined;
}

async function instantiateThreaded(threads: number): Promise<ThreadedModule> {
  const fs = require('node:fs') as typeof import('node:fs');
  const os = require('node:os') as typeof import('node:os');
  const path = require('node:path') as typeof import('node:path');
  const outDir = path.join(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm/package.json')), 'wasm-out');
  const mainScript = path.join(outDir, 'tfjs-backend-wasm-threaded-simd.js');
  const factory = require(mainScript) as (config: object) => Promise<ThreadedModule>;
  const {wasmWorkerContents} = require(path.join(outDir, 'tfjs-backend-wasm-threaded-simd.worker.js')) as {
    wasmWorkerContents: string;
  };
  const tempDir = fs.mkdtempSync(path.join(os.tmpdir(), 'tfp-wasm-'));
  process.once('exit', () => fs.rmSync(tempDir, {recursive: true, force: true}));
  const workerScript = path.join(tempDir, 'tfjs-backend-wasm-threaded-simd.worker.js');
  // The package stores the worker as a template string whose "\n" escapes became newlines.
  fs.writeFileSync(workerScript, wasmWorkerContents.replace(/\n/g, '\\n'));
  const cpus = os.cpus;
  os.cpus = () => Array.from({length: 2 * threads}, () => cpus()[0]);
  try {
    const module = await factory({
      locateFile: (file: string) => (file.endsWith('.worker.js') ? workerScript : path.join(outDir, file)),
      mainScriptUrlOrBlob: mainScript,
    });
    module.tfjs = {
      init: module.cwrap('init', null, []),
      initWithThreadsCount: module.cwrap('init_with_threads_count', null, ['number']),
      getThreadsCount: module.cwrap('get_threads_count', 'number', []),
      registerTensor: module.cwrap('register_tensor', null, ['number', 'number', 'number']),
      disposeData: module.cwrap('dispose_data', null, ['number']),
      dispose: module.cwrap('dispose', null, []),
    };
    return module;
  } finally {
    os.cpus = cpus;
  }
}

/**
 * Makes the not-yet-initialised 'wasm' backend start multithreaded with `threads` threads.
 * Returns false (and changes nothing) when the wasm backend is already running.
 */
export function useThreadedWasm(wasm: WasmPackage, threads: number): boolean {
  const engine = tf.engine() as unknown as {
    registry: Record<string, unknown>;
    registryFactory: Record<string, {factory: () => tf.KernelBackend | Promise<tf.KernelBackend>; priority: number}>;
  };
  const stock = engine.registryFactory.wasm;
  if (stock === undefined || engine.registry.wasm !== undefined) {
    return false;
  }
  tf.removeBackend('wasm');
  tf.registerBackend(
    'wasm',
    async () => {
      try {
        const module = await instantiateThreaded(threads);
        wasm.setThreadsCount(threads);
        const backend = new wasm.BackendWasm(module as never);
        for (const worker of module.PThread.runningWorkers) {
          worker.unref();
        }
        return backend;
      } catch (error) {
        if (process.env.TFP_QUIET !== '1') {
          console.warn(`tfjs-probability: threaded wasm failed (${(error as Error).message}); using 1 thread`);
        }
        wasm.setThreadsCount(1);
        return stock.factory();
      }
    },
    stock.priority,
  );
  return true;
}

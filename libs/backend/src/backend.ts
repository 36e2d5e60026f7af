import * as tf from '@tensorflow/tfjs';
import {registerGradients} from './gradients/register_gradients';
import {registerFileIO} from './io/file_io';
import {registerWasmKernels} from './wasm/register_wasm_kernels';
import {requestedWasmThreads, useThreadedWasm} from './wasm/threaded_wasm';

/** The backends tfjs-probability can run on, best first. */
export const BACKEND_NAMES = ['node-gpu', 'node', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

export interface BackendInitOptions {
  /** Force one backend instead of picking the best installed one ('auto', the default). */
  backend?: BackendName | 'auto';
  /** Directory or URL prefix holding the tfjs-backend-wasm `.wasm` files (browser deployments). */
  wasmPaths?: string;
}

export interface BackendAttempt {
  name: BackendName;
  ok: boolean;
  /** Why the backend was chosen or skipped. */
  reason: string;
}

export interface BackendReport {
  /** The backend every package now runs on. */
  chosen: BackendName;
  /** The name tfjs knows it by (`tf.getBackend()`). */
  tfjsBackend: string;
  /** True when `options.backend` or `TFP_BACKEND` forced the choice. */
  forced: boolean;
  /** Threads the wasm backend computes with (1: the single-threaded build); undefined on other backends. */
  threads?: number;
  attempts: BackendAttempt[];
}

interface Candidate {
  name: BackendName;
  tfjsName: string;
  npmPackage: string;
  install: string;
  load(options: BackendInitOptions): Promise<void>;
}

/** `require` an optional package; undefined when it is not installed. */
function requireOptional(moduleName: string): unknown {
  try {
    require.resolve(moduleName);
  } catch {
    return undefined;
  }
  return require(moduleName);
}

function nodeCandidate(name: 'node-gpu' | 'node', npmPackage: string): Candidate {
  return {
    name,
    tfjsName: 'tensorflow',
    npmPackage,
    install:
      `npm install ${npmPackage}@${tf.version_core}` +
      (name === 'node-gpu' ? ' (needs CUDA and cuDNN on the machine; see the README)' : ''),
    async load() {
      if (requireOptional(npmPackage) === undefined) {
        throw new NotInstalledError(`${npmPackage} is not installed`);
      }
      if (tf.findBackend('tensorflow') == null) {
        throw new Error(
          `${npmPackage} loaded, but it registered its backend with another copy of ` +
            `@tensorflow/tfjs-core than ${tf.version_core}; install ${npmPackage}@${tf.version_core}`,
        );
      }
    },
  };
}

class NotInstalledError extends Error {}

const CANDIDATES: Candidate[] = [
  nodeCandidate('node-gpu', '@tensorflow/tfjs-node-gpu'),
  nodeCandidate('node', '@tensorflow/tfjs-node'),
  {
    name: 'wasm',
    tfjsName: 'wasm',
    npmPackage: '@tensorflow/tfjs-backend-wasm',
    install: `npm install @tensorflow/tfjs-backend-wasm@${tf.version_core}`,
    async load(options) {
      const wasm = requireOptional('@tensorflow/tfjs-backend-wasm') as
        | typeof import('@tensorflow/tfjs-backend-wasm')
        | undefined;
      if (wasm === undefined) {
        throw new NotInstalledError('@tensorflow/tfjs-backend-wasm is not installed');
      }
      const paths = options.wasmPaths ?? defaultWasmPaths();
      if (paths !== undefined) {
        wasm.setWasmPaths(paths);
      }
      const threads = requestedWasmThreads();
      if (threads !== undefined) {
        useThreadedWasm(wasm, threads);
      }
      registerWasmKernels();
    },
  },
  {
    name: 'cpu',
    tfjsName: 'cpu',
    npmPackage: '@tensorflow/tfjs-backend-cpu',
    install: `npm install @tensorflow/tfjs@${tf.version_core}`,
    async load() {},
  },
];

/** In Node the `.wasm` binaries sit beside the package's entry point. */
function defaultWasmPaths(): string | undefined {
  if (typeof process === 'undefined' || process.versions?.node === undefined) {
    return undefined;
  }
  const path = require('node:path') as typeof import('node:path');
  return path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + path.sep;
}

let current: BackendReport | undefined;
let pending: Promise<BackendReport> | undefined;
let pendingKey: string | undefined;

function parseBackendName(value: string, source: string): BackendName | 'auto' {
  const name = value.trim().toLowerCase();
  if (name === 'auto' || (BACKEND_NAMES as readonly string[]).includes(name)) {
    return name as BackendName | 'auto';
  }
  throw new Error(
    `Unknown backend '${value}' (from ${source}); valid backends are: auto, ${BACKEND_NAMES.join(', ')}`,
  );
}

function requestedBackend(options: BackendInitOptions): {name: BackendName | 'auto'; source: string} {
  if (options.backend !== undefined) {
    return {name: parseBackendName(options.backend, 'options.backend'), source: 'options.backend'};
  }
  const fromEnv = typeof process !== 'undefined' ? process.env?.TFP_BACKEND : undefined;
  if (fromEnv !== undefined && fromEnv !== '') {
    return {name: parseBackendName(fromEnv, 'the TFP_BACKEND environment variable'), source: 'TFP_BACKEND'};
  }
  return {name: 'auto', source: 'default'};
}

async function activate(candidate: Candidate, options: BackendInitOptions): Promise<void> {
  await candidate.load(options);
  const ok = await tf.setBackend(candidate.tfjsName);
  if (!ok) {
    throw new Error(`tf.setBackend('${candidate.tfjsName}') failed to initialise`);
  }
  await tf.ready();
}

/** The running wasm backend's thread count, or undefined for other backends. */
function wasmThreads(candidate: Candidate): number | undefined {
  if (candidate.name !== 'wasm') {
    return undefined;
  }
  const wasm = require('@tensorflow/tfjs-backend-wasm') as typeof import('@tensorflow/tfjs-backend-wasm');
  return wasm.getThreadsCount();
}

async function choose(options: BackendInitOptions): Promise<BackendReport> {
  const requested = requestedBackend(options);
  const attempts: BackendAttempt[] = [];
  if (requested.name !== 'auto') {
    const candidate = CANDIDATES.find((c) => c.name === requested.name)!;
    try {
      await activate(candidate, options);
    } catch (error) {
      const message = (error as Error).message;
      const hint =
        error instanceof NotInstalledError
          ? `it is not installed. Install it with \`${candidate.install}\``
          : `it failed to start: ${message}`;
      throw new Error(`Backend '${candidate.name}' (requested by ${requested.source}) cannot be used: ${hint}.`);
    }
    attempts.push({name: candidate.name, ok: true, reason: `forced by ${requested.source}`});
    return {chosen: candidate.name, tfjsBackend: tf.getBackend(), forced: true, threads: wasmThreads(candidate), attempts};
  }
  for (const candidate of CANDIDATES) {
    try {
      await activate(candidate, options);
      attempts.push({name: candidate.name, ok: true, reason: 'best available'});
      return {chosen: candidate.name, tfjsBackend: tf.getBackend(), forced: false, threads: wasmThreads(candidate), attempts};
    } catch (error) {
      attempts.push({name: candidate.name, ok: false, reason: (error as Error).message});
    }
  }
  throw new Error(
    'No tfjs backend could be started: ' + attempts.map((a) => `${a.name}: ${a.reason}`).join('; '),
  );
}

/**
 * Picks the backend all of tfjs-probability runs on: the first of node-gpu, node, wasm, cpu
 * that is installed and starts, unless `options.backend` or `TFP_BACKEND` forces one. In Node it
 * also registers a `file://` model IO handler when none is (tfjs-node brings its own), and on
 * every backend it completes tfjs's gradients (registerGradients). Idempotent: later calls with the same request return the same report.
 */
export async function init(options: BackendInitOptions = {}): Promise<BackendReport> {
  const key = requestedBackend(options).name + '|' + (options.wasmPaths ?? '');
  if (current !== undefined && pendingKey === key) {
    return current;
  }
  if (pending === undefined || pendingKey !== key) {
    pendingKey = key;
    pending = choose(options).then(
      (report) => {
        registerGradients();
        registerFileIO();
        return (current = report);
      },
      (error) => {
        pending = undefined;
        pendingKey = undefined;
        throw error;
      },
    );
  }
  return pending;
}

/** The report of the last successful `init`, or undefined before it. */
export function backendReport(): BackendReport | undefined {
  return current;
}

/** One log line: the chosen backend and why the better ones were skipped. */
export function describeBackend(report: BackendReport | undefined = current): string {
  if (report === undefined) {
    return 'tfjs-probability backend: not initialised (call tfp.backend.init())';
  }
  const skipped = report.attempts.filter((a) => !a.ok).map((a) => `${a.name}: ${a.reason}`);
  return (
    `tfjs-probability backend: ${report.chosen} (tfjs '${report.tfjsBackend}', ` +
    `${report.forced ? 'forced' : 'auto'}` +
    (report.threads !== undefined ? `, ${report.threads} thread${report.threads === 1 ? '' : 's'}` : '') +
    ')' +
    (skipped.length > 0 ? `; skipped ${skipped.join('; ')}` : '')
  );
}

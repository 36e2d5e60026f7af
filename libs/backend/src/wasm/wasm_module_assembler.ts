import type {BackendWasm} from '@tensorflow/tfjs-backend-wasm';

/**
 * The byte-level assembler of our own small WebAssembly modules (simd_kernels.ts,
 * simd_log_kernels.ts): LEB128 immediates, value types, and a module of exported functions that
 * imports the wasm backend's memory (`env.memory`), so its kernels work on tensors where they live.
 * No toolchain: the bytes are built here, at load time.
 */

/** Unsigned LEB128 (indices, counts, memory offsets). */
export function u32(value: number): number[] {
  const out: number[] = [];
  do {
    let byte = value & 0x7f;
    value >>>= 7;
    if (value !== 0) byte |= 0x80;
    out.push(byte);
  } while (value !== 0);
  return out;
}

/** Signed LEB128 (i32.const immediates). */
export function s32(value: number): number[] {
  const out: number[] = [];
  for (;;) {
    const byte = value & 0x7f;
    value >>= 7;
    if ((value === 0 && (byte & 0x40) === 0) || (value === -1 && (byte & 0x40) !== 0)) {
      out.push(byte);
      return out;
    }
    out.push(byte | 0x80);
  }
}

/** Value types. */
export const I32 = 0x7f;
export const F32 = 0x7d;
export const F64 = 0x7c;
export const V128 = 0x7b;

/** The `end` opcode (closes a block, a loop or a function body). */
export const END = 0x0b;

/** A SIMD instruction (prefix 0xfd and its LEB128 code). */
export const simd = (code: number): number[] => [0xfd, ...u32(code)];

/** The core (non-SIMD) instructions both modules use: locals, i32 arithmetic and control flow. */
export const coreOps = {
  get: (i: number): number[] => [0x20, ...u32(i)],
  set: (i: number): number[] => [0x21, ...u32(i)],
  tee: (i: number): number[] => [0x22, ...u32(i)],
  i32: (v: number): number[] => [0x41, ...s32(v)],
  add: [0x6a],
  mul: [0x6c],
  shl: [0x74],
  geU: [0x4f],
  and32: [0x71],
  block: [0x02, 0x40],
  loop: [0x03, 0x40],
  end: [END],
  br: (depth: number): number[] => [0x0c, ...u32(depth)],
  brIf: (depth: number): number[] => [0x0d, ...u32(depth)],
};

/** An exported function: parameter and local types, and its instructions without the final `end`. */
export interface AssembledFunction {
  name: string;
  params: number[];
  locals: number[];
  code: number[];
}

function section(id: number, body: number[]): number[] {
  return [id, ...u32(body.length), ...body];
}

function vector(items: number[][]): number[] {
  return [...u32(items.length), ...items.flat()];
}

function name(text: string): number[] {
  const bytes = [...new TextEncoder().encode(text)];
  return [...u32(bytes.length), ...bytes];
}

/** A function body: its locals grouped by runs of one type, the code, and `end`. */
function functionCode(locals: number[], code: number[]): number[] {
  const groups: number[][] = [];
  for (let i = 0; i < locals.length; ) {
    let j = i;
    while (j < locals.length && locals[j] === locals[i]) j++;
    groups.push([...u32(j - i), locals[i]]);
    i = j;
  }
  const body = [...vector(groups), ...code, END];
  return [...u32(body.length), ...body];
}

/**
 * The bytes of a module exporting `functions` (no results) and importing `env.memory`; `shared`
 * must match the backend's memory (the threaded build shares it).
 */
export function moduleBytes(functions: AssembledFunction[], shared: boolean): Uint8Array<ArrayBuffer> {
  // A shared memory must declare a maximum; 65536 pages (4 GiB) admits any actual maximum.
  const limits = shared ? [0x03, 0, ...u32(65536)] : [0x00, 0];
  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vector(functions.map((f) => [0x60, ...vector(f.params.map((t) => [t])), 0]))),
    ...section(2, vector([[...name('env'), ...name('memory'), 0x02, ...limits]])),
    ...section(3, vector(functions.map((_, i) => u32(i)))),
    ...section(7, vector(functions.map((f, i) => [...name(f.name), 0x00, ...u32(i)]))),
    ...section(10, vector(functions.map((f) => functionCode(f.locals, f.code)))),
  ];
  return new Uint8Array(bytes);
}

interface EmscriptenModule {
  wasmMemory?: WebAssembly.Memory;
  asm?: {memory?: WebAssembly.Memory};
}

/**
 * A loader of the module `bytes(shared)` bound to a wasm backend's heap: instantiated once per
 * heap, its exports typed as T; null when it cannot run (no wasm SIMD, or a build that hides its
 * memory), and callers then keep their JS loops.
 */
export function heapModule<T>(bytes: (shared: boolean) => Uint8Array<ArrayBuffer>): (backend: BackendWasm) => T | null {
  const instances = new WeakMap<WebAssembly.Memory, T | null>();
  return (backend) => {
    const module = backend.wasm as unknown as EmscriptenModule;
    const memory = module.wasmMemory ?? module.asm?.memory;
    if (memory === undefined) return null;
    let exports = instances.get(memory);
    if (exports === undefined) {
      try {
        const shared = typeof SharedArrayBuffer !== 'undefined' && memory.buffer instanceof SharedArrayBuffer;
        exports = new WebAssembly.Instance(new WebAssembly.Module(bytes(shared)), {env: {memory}}).exports as unknown as T;
      } catch {
        exports = null;
      }
      instances.set(memory, exports);
    }
    return exports;
  };
}

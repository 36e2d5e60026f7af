/**
 * Elementwise loops for compiled kernels: out[i] = f(in_0[.], in_1[.], ...), each input read at
 * element i (same shape as the output), element 0 (one element, broadcast) or element index[i]
 * (a precomputed broadcast table). The loop source is instantiated once per scalar function and
 * read pattern, so every call site of `f` sees one function and V8 can inline it.
 */

/** One input of an elementwise step. */
export interface ElementwiseOperand {
  readonly data: Float64Array;
  /** Flat input index per output element, or null: element i (same size) or element 0 (size 1). */
  readonly index: Int32Array | null;
}

type ScalarFn = (...args: number[]) => number;
type LoopFactory = (f: ScalarFn, data: Float64Array[], index: (Int32Array | null)[], out: Float64Array) => () => void;

const factories = new WeakMap<ScalarFn, Map<string, LoopFactory>>();

function makeFactory(modes: string): LoopFactory {
  const decl: string[] = [];
  const scalars: string[] = [];
  const args: string[] = [];
  for (let j = 0; j < modes.length; j++) {
    decl.push(`const d${j} = data[${j}], x${j} = index[${j}];`);
    if (modes[j] === 's') {
      scalars.push(`const s${j} = d${j}[0];`);
      args.push(`s${j}`);
    } else {
      args.push(modes[j] === 'd' ? `d${j}[i]` : `d${j}[x${j}[i]]`);
    }
  }
  const source =
    `return function (f, data, index, out) { ${decl.join(' ')} const n = out.length; ` +
    `return function () { ${scalars.join(' ')} for (let i = 0; i < n; i++) out[i] = f(${args.join(', ')}); }; };`;
  return new Function(source)() as LoopFactory;
}

/** A step computing out[i] = f(operands at i). */
export function elementwiseStep(f: ScalarFn, operands: readonly ElementwiseOperand[], out: Float64Array): () => void {
  const modes = operands.map((o) => (o.index !== null ? 'x' : o.data.length === out.length ? 'd' : 's')).join('');
  let byModes = factories.get(f);
  if (byModes === undefined) factories.set(f, (byModes = new Map()));
  let factory = byModes.get(modes);
  if (factory === undefined) byModes.set(modes, (factory = makeFactory(modes)));
  return factory(
    f,
    operands.map((o) => o.data),
    operands.map((o) => o.index),
    out,
  );
}

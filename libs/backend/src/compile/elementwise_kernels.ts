/**
 * Float64 implementations of tfjs's elementwise kernels (unary, binary with numpy broadcasting,
 * Select, AddN), following the semantics of tfjs's cpu kernels.
 */
import * as tf from '@tensorflow/tfjs';
import {elementwiseStep} from './elementwise_loop';
import {CompiledKernelBuilder, KernelCall, registerCompiledKernel} from './kernel_registry';
import {erf, floorMod, roundHalfEven, sigmoid, softplus} from './scalar_math';
import {operandIndex} from './shape_util';

type Scalar = (...args: number[]) => number;

/** A builder for an elementwise kernel whose inputs broadcast to the output's shape. */
function broadcastingBuilder(scalarFor: (call: KernelCall) => Scalar): CompiledKernelBuilder {
  return (call, inputs, outputs) => {
    const outShape = call.outputs[0].shape;
    const operands = inputs.map((data, k) => ({data, index: operandIndex(call.inputs[k].shape, outShape)}));
    return elementwiseStep(scalarFor(call), operands, outputs[0]);
  };
}

/**
 * Registers a float64 elementwise kernel for compileValueAndGrads: `scalar` is applied per element
 * of the inputs (named `inputNames`, broadcast to the output's shape). Packages above the backend
 * (libs/math's special functions) register their own kernels with it.
 */
export function registerCompiledElementwise(
  kernelName: string,
  scalar: (...args: number[]) => number,
  inputNames: readonly string[],
): void {
  registerCompiledKernel(kernelName, {inputNames: [...inputNames], build: broadcastingBuilder(() => scalar)});
}

const SELU_SCALE = tf.backend_util.SELU_SCALE;
const SELU_SCALEALPHA = tf.backend_util.SELU_SCALEALPHA;

const UNARY: Record<string, Scalar> = {
  Neg: (x) => -x,
  Abs: Math.abs,
  Exp: Math.exp,
  Expm1: Math.expm1,
  Log: Math.log,
  Log1p: Math.log1p,
  Sqrt: Math.sqrt,
  Rsqrt: (x) => 1 / Math.sqrt(x),
  Square: (x) => x * x,
  Reciprocal: (x) => 1 / x,
  Sigmoid: sigmoid,
  Softplus: softplus,
  Tanh: Math.tanh,
  Sin: Math.sin,
  Cos: Math.cos,
  Tan: Math.tan,
  Asin: Math.asin,
  Acos: Math.acos,
  Atan: Math.atan,
  Sinh: Math.sinh,
  Cosh: Math.cosh,
  Asinh: Math.asinh,
  Acosh: Math.acosh,
  Atanh: Math.atanh,
  Erf: erf,
  Sign: (x) => (x < 0 ? -1 : x > 0 ? 1 : 0),
  Floor: Math.floor,
  Ceil: Math.ceil,
  Round: roundHalfEven,
  Relu: (x) => (x < 0 ? 0 : x),
  Relu6: (x) => Math.min(Math.max(0, x), 6),
  Elu: (x) => (x >= 0 ? x : Math.expm1(x)),
  Selu: (x) => (x >= 0 ? SELU_SCALE * x : SELU_SCALEALPHA * Math.expm1(x)),
  IsNan: (x) => (Number.isNaN(x) ? 1 : 0),
  IsInf: (x) => (x === Infinity || x === -Infinity ? 1 : 0),
  IsFinite: (x) => (Number.isFinite(x) ? 1 : 0),
  LogicalNot: (x) => (x ? 0 : 1),
  OnesLike: () => 1,
  ZerosLike: () => 0,
};

/** Unary kernels whose scalar function depends on attrs. */
const UNARY_WITH_ATTRS: Record<string, (attrs: Readonly<Record<string, unknown>>) => Scalar> = {
  LeakyRelu: (attrs) => {
    const alpha = attrs.alpha as number;
    return (x) => (x < 0 ? alpha * x : x);
  },
  Step: (attrs) => {
    const alpha = attrs.alpha as number;
    return (x) => (Number.isNaN(x) ? NaN : x > 0 ? 1 : alpha);
  },
  ClipByValue: (attrs) => {
    const lo = attrs.clipValueMin as number;
    const hi = attrs.clipValueMax as number;
    return (x) => (x > hi ? hi : x < lo ? lo : x);
  },
};

const BINARY: Record<string, Scalar> = {
  Add: (a, b) => a + b,
  Sub: (a, b) => a - b,
  Multiply: (a, b) => a * b,
  RealDiv: (a, b) => a / b,
  Pow: Math.pow,
  SquaredDifference: (a, b) => (a - b) * (a - b),
  Maximum: Math.max,
  Minimum: Math.min,
  FloorDiv: (a, b) => Math.floor(a / b),
  Mod: floorMod,
  Atan2: Math.atan2,
  Greater: (a, b) => (a > b ? 1 : 0),
  GreaterEqual: (a, b) => (a >= b ? 1 : 0),
  Less: (a, b) => (a < b ? 1 : 0),
  LessEqual: (a, b) => (a <= b ? 1 : 0),
  Equal: (a, b) => (a === b ? 1 : 0),
  NotEqual: (a, b) => (a !== b ? 1 : 0),
  LogicalAnd: (a, b) => (a && b ? 1 : 0),
  LogicalOr: (a, b) => (a || b ? 1 : 0),
};

/** float -> int32 truncates toward zero (wrapping like Int32Array), -> bool is x != 0. */
function castScalar(dtype: tf.DataType): Scalar {
  if (dtype === 'int32') return (x) => x | 0;
  if (dtype === 'bool') return (x) => (x !== 0 ? 1 : 0);
  return (x) => x;
}

/** Cast changes no value when the target is float32, the same dtype, or bool -> int32. */
function castIsAlias(call: KernelCall): boolean {
  const from = call.inputs[0].dtype;
  const to = call.outputs[0].dtype;
  return to === 'float32' || to === from || (from === 'bool' && to === 'int32');
}

/** Select(condition, t, e): t where condition, else e; a rank-1 condition picks whole rows of t and e. */
const buildSelect: CompiledKernelBuilder = (call, inputs, outputs) => {
  const [cond, t, e] = inputs;
  const out = outputs[0];
  const outShape = call.outputs[0].shape;
  const condShape = call.inputs[0].shape;
  if (condShape.length === 1 && outShape.length > 1 && condShape[0] === outShape[0] && outShape[0] !== 1) {
    const row = out.length / outShape[0];
    const tIndex = operandIndex(call.inputs[1].shape, outShape);
    const eIndex = operandIndex(call.inputs[2].shape, outShape);
    const condRow = new Int32Array(out.length).map((_, i) => Math.floor(i / row));
    return elementwiseStep(
      (c, a, b) => (c ? a : b),
      [
        {data: cond, index: condRow},
        {data: t, index: tIndex},
        {data: e, index: eIndex},
      ],
      out,
    );
  }
  return broadcastingBuilder(() => (c, a, b) => (c ? a : b))(call, inputs, outputs);
};

/** AddN: the elementwise sum of same-shaped inputs. */
const buildAddN: CompiledKernelBuilder = (call, inputs, outputs) => {
  const out = outputs[0];
  const n = out.length;
  return () => {
    out.set(inputs[0]);
    for (let k = 1; k < inputs.length; k++) {
      const x = inputs[k];
      for (let i = 0; i < n; i++) out[i] += x[i];
    }
  };
};

/** Registers every elementwise kernel. */
export function registerElementwiseKernels(): void {
  for (const [name, f] of Object.entries(UNARY)) {
    registerCompiledKernel(name, {build: broadcastingBuilder(() => f)});
  }
  for (const [name, make] of Object.entries(UNARY_WITH_ATTRS)) {
    registerCompiledKernel(name, {build: broadcastingBuilder((call) => make(call.attrs))});
  }
  for (const [name, f] of Object.entries(BINARY)) {
    registerCompiledKernel(name, {inputNames: ['a', 'b'], build: broadcastingBuilder(() => f)});
  }
  registerCompiledKernel('Prelu', {
    inputNames: ['x', 'alpha'],
    build: broadcastingBuilder(() => (x, alpha) => (x < 0 ? alpha * x : x)),
  });
  registerCompiledKernel('EluGrad', {
    inputNames: ['dy', 'y'],
    build: broadcastingBuilder(() => (dy, y) => (y >= 0 ? dy : dy * (y + 1))),
  });
  registerCompiledKernel('Cast', {
    isAlias: castIsAlias,
    build: broadcastingBuilder((call) => castScalar(call.outputs[0].dtype)),
  });
  registerCompiledKernel('Select', {inputNames: ['condition', 't', 'e'], build: buildSelect});
  registerCompiledKernel('AddN', {build: buildAddN});
}

import * as tf from '@tensorflow/tfjs';

/** Comparisons and logical ops: piecewise constant, so their gradient is zero (TF's None). */
const BINARY_NON_DIFFERENTIABLE = ['Greater', 'GreaterEqual', 'Less', 'LessEqual', 'Equal', 'NotEqual', 'LogicalAnd', 'LogicalOr'];
const UNARY_NON_DIFFERENTIABLE = ['LogicalNot', 'IsNan', 'IsInf', 'IsFinite'];

function zeroGradient(kernelName: string, inputs: string[]): tf.GradConfig {
  return {
    kernelName,
    inputsToSave: inputs,
    gradFunc: (_dy, saved) =>
      Object.fromEntries(inputs.map((name, i) => [name, () => tf.zerosLike(saved[i]).toFloat()])),
  };
}

/**
 * Unpack (tf.unstack) with a single output: tfjs 4.22 hands its gradient function one tensor
 * rather than an array and then fails in tf.stack, which breaks the gradient of
 * tf.linalg.bandPart for any unbatched or batch-1 matrix. The gradient is the stack of the
 * output gradients along `axis`.
 */
const unpackGradient: tf.GradConfig = {
  kernelName: 'Unpack',
  gradFunc: (dy, _saved, attrs) => {
    const {axis} = attrs as unknown as tf.UnpackAttrs;
    const parts = Array.isArray(dy) ? dy : [dy];
    return {value: () => tf.stack(parts, axis)};
  },
};

/** Sums a gradient of the broadcast shape back to an input's shape. */
function reduceToShape(gradient: tf.Tensor, shape: number[]): tf.Tensor {
  const axes = tf.backend_util.getReductionAxes(shape, gradient.shape);
  return axes.length > 0 ? tf.reshape(tf.sum(gradient, axes), shape) : gradient;
}

/**
 * Maximum and Minimum with broadcasting: tfjs 4.22's gradients return dy at the broadcast shape
 * instead of summing it back to each input's shape. The gradient goes to a where a >= b (a <= b
 * for Minimum), to b elsewhere, as in TF.
 */
function extremumGradient(kernelName: 'Maximum' | 'Minimum'): tf.GradConfig {
  const picksA = kernelName === 'Maximum' ? tf.greaterEqual : tf.lessEqual;
  return {
    kernelName,
    inputsToSave: ['a', 'b'],
    gradFunc: (dy, saved) => {
      const [a, b] = saved;
      const g = dy as tf.Tensor;
      return {
        a: () => reduceToShape(tf.mul(g, tf.cast(picksA(a, b), 'float32')), a.shape),
        b: () => reduceToShape(tf.mul(g, tf.cast(tf.logicalNot(picksA(a, b)), 'float32')), b.shape),
      };
    },
  };
}

/**
 * Tile (and so tf.broadcastTo, which tiles): tfjs 4.22's gradient adds one slice of dy per
 * repetition, one op each, which takes seconds for a scalar broadcast to 1e5 elements. The
 * gradient is dy reshaped to [reps_0, x_0, reps_1, x_1, ...] summed over the reps axes.
 */
const tileGradient: tf.GradConfig = {
  kernelName: 'Tile',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const {reps} = attrs as unknown as tf.TileAttrs;
    const g = dy as tf.Tensor;
    return {
      x: () => {
        const interleaved = x.shape.flatMap((d, i) => [reps[i], d]);
        const repAxes = x.shape.map((_, i) => 2 * i);
        return tf.sum(tf.reshape(g, interleaved), repAxes);
      },
    };
  },
};

/**
 * Sum: tfjs 4.22's gradient is dy reshaped (reduced axes kept as 1s) times ones(x.shape): a
 * full-size ones tensor written from JS and a full-size multiply (~3-4 ms per 1e6 elements on
 * wasm). dy * 1 is dy exactly (NaN and infinities included), so the gradient is the same values
 * as one broadcast of dy (one Tile, differentiable through the Tile gradient above), float32 as
 * tfjs's is.
 */
/**
 * A tensor every element of which is the number stored under this key (a global symbol, so
 * packages read it without importing this one): set on the Sum gradient's broadcast of a scalar
 * dy (the gradient of a plain sum), where reading dy is a heap read (cpu, wasm). The fused
 * log-density gradients use it to skip a pass over dy. Tensors are immutable, so it stays true.
 */
const UNIFORM_VALUE = Symbol.for('tfjs-probability.uniformValue');
const UNIFORM_READABLE = ['cpu', 'wasm'];

const sumGradient: tf.GradConfig = {
  kernelName: 'Sum',
  inputsToSave: ['x'],
  gradFunc: (dy, saved, attrs) => {
    const [x] = saved;
    const {axis} = attrs as unknown as tf.SumAttrs;
    const g = dy as tf.Tensor;
    return {
      x: () => {
        // (Empty x: broadcastTo would keep dy's 1s where a dimension is 0.)
        if (x.size === 0) return tf.zeros(x.shape);
        const kept = x.shape.slice();
        for (const a of tf.util.parseAxisParam(axis, x.shape)) kept[a] = 1;
        const expanded = tf.reshape(g.dtype === 'float32' ? g : tf.cast(g, 'float32'), kept);
        const out = tf.broadcastTo(expanded, x.shape);
        if (expanded.size === 1 && UNIFORM_READABLE.includes(tf.getBackend())) {
          Object.defineProperty(out, UNIFORM_VALUE, {value: expanded.dataSync()[0]});
        }
        return out;
      },
    };
  },
};

let registered = false;

/**
 * Completes and fixes tfjs 4.22's gradient registry for every backend: zero gradients for the
 * comparison and logical ops (so `tf.where(x > 0, ...)` differentiates in x, as in TF), a
 * corrected Unpack gradient, broadcasting Maximum/Minimum gradients, a one-op Tile gradient and a
 * Sum gradient that broadcasts dy without a ones tensor.
 * Idempotent.
 */
export function registerGradients(): void {
  if (registered) {
    return;
  }
  registered = true;
  for (const name of BINARY_NON_DIFFERENTIABLE) {
    if (tf.getGradient(name) === undefined) tf.registerGradient(zeroGradient(name, ['a', 'b']));
  }
  for (const name of UNARY_NON_DIFFERENTIABLE) {
    if (tf.getGradient(name) === undefined) tf.registerGradient(zeroGradient(name, ['x']));
  }
  tf.registerGradient(unpackGradient);
  tf.registerGradient(extremumGradient('Maximum'));
  tf.registerGradient(extremumGradient('Minimum'));
  tf.registerGradient(tileGradient);
  tf.registerGradient(sumGradient);
}

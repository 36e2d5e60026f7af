import * as tf from '@tensorflow/tfjs';

/** A tfjs-layers initializer (glorotUniform, heNormal, zeros, ...). */
export type Initializer = ReturnType<typeof tf.initializers.glorotUniform>;

/** An activation by name (tfjs-layers' names) or as a function. */
export type Activation = 'linear' | 'relu' | 'tanh' | 'sigmoid' | 'elu' | 'softplus' | 'selu' | ((x: tf.Tensor) => tf.Tensor);

export function activationFn(a: Activation | null | undefined, owner: string): (x: tf.Tensor) => tf.Tensor {
  if (a === null || a === undefined || a === 'linear') return (x) => x;
  if (typeof a === 'function') return a;
  const table: Record<string, (x: tf.Tensor) => tf.Tensor> = {
    relu: tf.relu,
    tanh: tf.tanh,
    sigmoid: tf.sigmoid,
    elu: tf.elu,
    softplus: tf.softplus,
    selu: tf.selu,
  };
  const f = table[a];
  if (!f) throw new Error(`${owner}: unknown activation '${a}', expected one of linear, ${Object.keys(table).join(', ')} or a function`);
  return f;
}

/** A dense layer `act((x @ (W * mask)) + b)` whose kernel and bias are trainable tf.Variables. */
export class DenseLayer {
  readonly kernel: tf.Variable;
  readonly bias: tf.Variable | null;
  private readonly mask: tf.Tensor | null;

  constructor(
    inputs: number,
    units: number,
    options: {mask?: number[][]; useBias?: boolean; seed?: number; name: string; kernelInitializer?: Initializer},
  ) {
    const init = options.kernelInitializer ?? tf.initializers.glorotUniform({seed: options.seed});
    const k = tf.tidy(() => init.apply([inputs, units], 'float32'));
    this.kernel = tf.variable(k, true, `${options.name}/kernel_${uniqueId()}`);
    k.dispose();
    this.bias = options.useBias === false ? null : tf.variable(tf.zeros([units]), true, `${options.name}/bias_${uniqueId()}`);
    this.mask = options.mask ? tf.keep(tf.tensor2d(options.mask, [inputs, units], 'float32')) : null;
  }

  apply(x: tf.Tensor): tf.Tensor {
    const w = this.mask ? tf.mul(this.kernel, this.mask) : this.kernel;
    const flat = tf.reshape(x, [-1, x.shape[x.rank - 1]]);
    let h = tf.matMul(flat, w);
    if (this.bias) h = tf.add(h, this.bias);
    return tf.reshape(h, [...x.shape.slice(0, -1), h.shape[1] as number]);
  }

  get variables(): tf.Variable[] {
    return this.bias ? [this.kernel, this.bias] : [this.kernel];
  }

  dispose(): void {
    this.kernel.dispose();
    this.bias?.dispose();
    this.mask?.dispose();
  }
}

let counter = 0;
function uniqueId(): number {
  return counter++;
}

/** A small seeded PRNG (mulberry32) for reproducible random orders and degrees. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

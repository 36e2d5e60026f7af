import * as tf from '@tensorflow/tfjs';
import {ActivationIdentifier, getActivation} from './internal/activations';
import {Initializer, Kwargs, LayerArgs, LayerConfig} from './internal/layer_args';

export interface VariableLayerArgs extends LayerArgs {
  /** Shape of the variable (and of the output). */
  shape: number | number[];
  activation?: ActivationIdentifier;
  /** Default 'zeros'. */
  initializer?: 'zeros' | 'ones' | 'glorotUniform' | 'glorotNormal' | 'randomNormal' | 'randomUniform' | Initializer;
}

/**
 * A layer that ignores its input and returns activation(v) for a trainable variable v of the given
 * shape (TFP's `tfp.layers.VariableLayer`), e.g. the trainable parameters of a distribution that
 * does not depend on the input.
 */
export class VariableLayer extends tf.layers.Layer {
  static className = 'VariableLayer';
  readonly shape: number[];
  readonly activationName: ActivationIdentifier;
  private readonly initializer: Initializer;
  private readonly initializerName: string | undefined;
  private readonly activationFn: (x: tf.Tensor) => tf.Tensor;
  private variable: tf.LayerVariable | undefined;

  constructor(args: VariableLayerArgs) {
    super(args);
    const owner = `VariableLayer '${this.name}'`;
    const shape = typeof args.shape === 'number' ? [args.shape] : args.shape;
    if (!Array.isArray(shape) || shape.some((d) => !Number.isInteger(d) || d < 1)) {
      throw new Error(`${owner}: shape must be a positive integer or a list of them; received ${JSON.stringify(args.shape)}`);
    }
    this.shape = shape;
    this.activationName = args.activation ?? 'linear';
    this.activationFn = getActivation(owner, this.activationName);
    const init = args.initializer ?? 'zeros';
    if (typeof init === 'string') {
      const make = (tf.initializers as unknown as Record<string, ((a: object) => Initializer) | undefined>)[init];
      if (make === undefined) throw new Error(`${owner}: unknown initializer '${init}'`);
      this.initializer = make({});
      this.initializerName = init;
    } else {
      this.initializer = init;
      this.initializerName = undefined;
    }
  }

  override build(_inputShape: tf.Shape | tf.Shape[]): void {
    this.variable = this.addWeight('constant', this.shape, 'float32', this.initializer, undefined, true);
    this.built = true;
  }

  override computeOutputShape(_inputShape: tf.Shape | tf.Shape[]): tf.Shape {
    return this.shape;
  }

  override call(_inputs: tf.Tensor | tf.Tensor[], _kwargs: Kwargs): tf.Tensor {
    if (this.variable === undefined) throw new Error(`VariableLayer '${this.name}': not built`);
    const v = this.variable.read();
    return tf.tidy(() => {
      const out = this.activationFn(v);
      return out === v ? tf.clone(v) : out;
    });
  }

  override getConfig(): LayerConfig {
    return {
      ...super.getConfig(),
      shape: this.shape,
      activation: this.activationName,
      ...(this.initializerName === undefined ? {} : {initializer: this.initializerName}),
    };
  }
}
tf.serialization.registerClass(VariableLayer);

/** Factory of {@link VariableLayer}. */
export function variableLayer(args: VariableLayerArgs): VariableLayer {
  return new VariableLayer(args);
}

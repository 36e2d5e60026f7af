import * as tf from '@tensorflow/tfjs';

/** tfjs-core's NamedTensor (not re-exported by @tensorflow/tfjs). */
export interface NamedTensor {
  name: string;
  tensor: tf.Tensor;
}

/** A per-variable state tensor of an optimizer, saved under `<variable name>/<slot>`. */
interface Slot {
  originalName: string;
  variable: tf.Variable;
}

/**
 * Shared machinery of this package's tf.Optimizer subclasses: per-variable slot variables
 * (created on first use with `slotInitializer`), applyGradients looping over variables inside
 * tf.tidy, and getWeights/setWeights in tfjs's format (iterations first, then slots grouped by
 * slot name). Subclasses implement `applyUpdate` for one variable.
 */
export abstract class SlottedOptimizer extends tf.Optimizer {
  private readonly slots = new Map<string, Slot[]>();

  protected constructor(private readonly slotSpecs: Array<{name: string; initializer: 'zeros' | 'ones'}>) {
    super();
    for (const {name} of slotSpecs) this.slots.set(name, []);
  }

  /** Updates `value` in place from `gradient` and its slots (keyed by slot name); runs inside tf.tidy. */
  protected abstract applyUpdate(
      value: tf.Variable, gradient: tf.Tensor, slots: Record<string, tf.Variable>, variableIndex: number): void;

  applyGradients(variableGradients: tf.NamedTensorMap | NamedTensor[]): void {
    const names = Array.isArray(variableGradients) ? variableGradients.map(item => item.name) :
                                                     Object.keys(variableGradients);
    names.forEach((name, i) => {
      const value = tf.engine().registeredVariables[name];
      const gradient = Array.isArray(variableGradients) ? variableGradients[i].tensor : variableGradients[name];
      if (gradient == null) return;
      const slotVariables: Record<string, tf.Variable> = {};
      for (const {name: slotName, initializer} of this.slotSpecs) {
        const list = this.slots.get(slotName)!;
        if (list[i] == null) {
          list[i] = {
            originalName: `${name}/${slotName}`,
            variable: tf.tidy(() => (initializer === 'ones' ? tf.onesLike(value) : tf.zerosLike(value)).variable(false)),
          };
        }
        slotVariables[slotName] = list[i].variable;
      }
      tf.tidy(() => this.applyUpdate(value, gradient, slotVariables, i));
    });
    this.incrementIterations();
  }

  override dispose(): void {
    for (const list of this.slots.values()) tf.dispose(list.filter(s => s != null).map(s => s.variable));
    for (const name of this.slots.keys()) this.slots.set(name, []);
  }

  override async getWeights(): Promise<NamedTensor[]> {
    const all = [...this.slots.values()].flat().filter(s => s != null);
    return [await this.saveIterations(), ...all.map(s => ({name: s.originalName, tensor: s.variable}))];
  }

  override async setWeights(weightValues: NamedTensor[]): Promise<void> {
    const rest = await this.extractIterations(weightValues);
    const k = this.slotSpecs.length;
    if (rest.length % k !== 0) {
      throw new Error(`${this.getClassName()}.setWeights: expected a multiple of ${k} slot tensors after the iteration ` +
          `count; received ${rest.length}.`);
    }
    this.dispose();
    const perSlot = rest.length / k;
    this.slotSpecs.forEach(({name}, s) => {
      this.slots.set(name, rest.slice(s * perSlot, (s + 1) * perSlot)
          .map(w => ({originalName: w.name, variable: w.tensor.variable(false)})));
    });
  }
}

import * as tf from '@tensorflow/tfjs';
import {Bijector, Structure, StructureKind} from '@tfjs-probability/bijectors';
import type {Distribution} from './distribution';
import {SeedStream} from './internal/seed';
import {JointModelInternals, packFreeParts, readFreeParts, toTensor} from './joint_model';

/** One free part's event ranks and shapes on both sides of its bijector (from a run of the model). */
interface PartEvent {
  xRank: number;
  yRank: number;
  xShape: number[];
  yShape: number[];
}

/** A part's default event-space bijector, with the part named in the error if it has none. */
function partBijector(model: JointModelInternals, distribution: Distribution, label: string): Bijector {
  try {
    return distribution.experimentalDefaultEventSpaceBijector();
  } catch (error) {
    throw new Error(`${model.name}: ${label}: ${(error as Error).message}`);
  }
}

/** Runs the model once (pinned parts at their values, free parts sampled) to read each free part's event. */
function probeEvents(model: JointModelInternals, pins: Map<string, tf.Tensor>): Map<string, PartEvent> {
  const events = new Map<string, PartEvent>();
  tf.tidy(() => {
    model.run([], new SeedStream(0, model.name), (key) => pins.get(key), ({key, label, distribution}) => {
      if (pins.has(key)) return;
      const b = partBijector(model, distribution, label);
      const yShape = distribution.eventShape;
      const yRank = yShape.length;
      events.set(key, {xRank: b.inverseEventNdims(yRank), yRank, xShape: b.inverseEventShape(yShape) as number[], yShape});
    });
  });
  return events;
}

function sameShape(a: unknown, b: number[]): boolean {
  return Array.isArray(a) && a.length === b.length && a.every((d, i) => d === b[i]);
}

/**
 * The default event-space bijector of a joint distribution, or of its pinned posterior over the free
 * parts (TFP's `_DefaultJointBijector`): maps a structure of unconstrained values, one per free
 * part, onto the model's support. It runs the model: each free part's bijector is the default
 * event-space bijector of its distribution built from the constrained values before it (pinned
 * parts at their pins), so dependent supports such as Uniform(0, x0) are respected.
 *
 * Minimum event ranks are the parts' whole events, so `forwardLogDetJacobian(z)` with the default
 * event ndims is one log|det J| per leading (sample, chain) index: the sum over the free parts of
 * their log-dets over their events. Pins and the model's borrowed tensors must outlive it.
 */
export class JointEventSpaceBijector extends Bijector<StructureKind, StructureKind> {
  private readonly model: JointModelInternals;
  private readonly pins: Map<string, tf.Tensor>;
  /** The free parts, in the structure's order. */
  readonly freeKeys: readonly string[];
  private readonly events: Map<string, PartEvent>;

  /** @internal Built by `experimentalDefaultEventSpaceBijector()` of a joint or pinned distribution. */
  constructor(model: JointModelInternals, pins: Map<string, tf.Tensor>) {
    const freeKeys = model.keys.filter((k) => !pins.has(k));
    const events = probeEvents(model, pins);
    const struct = (f: (e: PartEvent) => number) => packFreeParts(model, freeKeys, new Map(freeKeys.map((k) => [k, f(events.get(k) as PartEvent)])));
    super({
      forwardMinEventNdims: struct((e) => e.xRank),
      inverseMinEventNdims: struct((e) => e.yRank),
      parameters: {},
      defaultName: `${model.name}_default_event_space_bijector`,
    });
    this.model = model;
    this.pins = pins;
    this.freeKeys = freeKeys;
    this.events = events;
  }

  override convertX(x: Structure<unknown>): Structure<tf.Tensor> {
    return packFreeParts(this.model, [...this.freeKeys], this.read(x, 'x'));
  }

  override convertY(y: Structure<unknown>): Structure<tf.Tensor> {
    return packFreeParts(this.model, [...this.freeKeys], this.read(y, 'y'));
  }

  private read(values: unknown, what: string): Map<string, tf.Tensor> {
    return readFreeParts(this.name, what, this.model, [...this.freeKeys], values, (v) => toTensor(v as tf.Tensor));
  }

  /**
   * Runs the model forward from unconstrained `z`, calling `visit` for each free part with its
   * bijector, unconstrained and constrained values. Returns the constrained values by key.
   */
  private runForward(z: Map<string, tf.Tensor>, visit?: (key: string, b: Bijector, z: tf.Tensor, dist: Distribution, x: tf.Tensor) => void): Map<string, tf.Tensor> {
    const out = new Map<string, tf.Tensor>();
    this.model.run([], new SeedStream(undefined, this.name), (key, distribution, label) => {
      const pinned = this.pins.get(key);
      if (pinned !== undefined) return pinned;
      const b = partBijector(this.model, distribution, label);
      const zi = z.get(key);
      if (zi === undefined) throw new Error(`${this.name}: the model ran ${label}, which is neither pinned nor a free part`);
      const x = b.forward(zi) as tf.Tensor;
      out.set(key, x);
      visit?.(key, b, zi, distribution, x);
      return x;
    }, () => undefined);
    return out;
  }

  /** Runs the model at constrained `y` (all free parts given), calling `visit` with each free part's bijector. */
  private runAt(y: Map<string, tf.Tensor>, visit: (key: string, b: Bijector, y: tf.Tensor) => void): void {
    this.model.run([], new SeedStream(undefined, this.name), (key) => this.pins.get(key) ?? y.get(key), ({key, label, distribution, value}) => {
      if (!this.pins.has(key)) visit(key, partBijector(this.model, distribution, label), value);
    });
  }

  protected _forward(z: Structure<tf.Tensor>): Structure<tf.Tensor> {
    return packFreeParts(this.model, [...this.freeKeys], this.runForward(this.read(z, 'x')));
  }

  protected _inverse(y: Structure<tf.Tensor>): Structure<tf.Tensor> {
    const z = new Map<string, tf.Tensor>();
    this.runAt(this.read(y, 'y'), (key, b, yi) => z.set(key, b.inverse(yi) as tf.Tensor));
    return packFreeParts(this.model, [...this.freeKeys], z);
  }

  override fldjAt(z: Structure<tf.Tensor>, eventNdims: Structure<number>): tf.Tensor {
    this.checkEventNdims('forwardLogDetJacobian', eventNdims, (e) => e.xRank);
    let total: tf.Tensor = tf.scalar(0);
    this.runForward(this.read(z, 'x'), (key, b, zi) => {
      total = tf.add(total, b.forwardLogDetJacobian(zi, (this.events.get(key) as PartEvent).xRank));
    });
    return total;
  }

  override ildjAt(y: Structure<tf.Tensor>, eventNdims: Structure<number>): tf.Tensor {
    this.checkEventNdims('inverseLogDetJacobian', eventNdims, (e) => e.yRank);
    let total: tf.Tensor = tf.scalar(0);
    this.runAt(this.read(y, 'y'), (key, b, yi) => {
      total = tf.add(total, b.inverseLogDetJacobian(yi, (this.events.get(key) as PartEvent).yRank));
    });
    return total;
  }

  /** Event ndims are each free part's whole event; anything else is an error naming the part. */
  private checkEventNdims(method: string, eventNdims: Structure<number>, expected: (e: PartEvent) => number): void {
    const given = readFreeParts(this.name, `${method} eventNdims`, this.model, [...this.freeKeys], eventNdims, (v) => v);
    for (const key of this.freeKeys) {
      const want = expected(this.events.get(key) as PartEvent);
      if (given.get(key) !== want) {
        throw new Error(
          `${this.name}.${method}: eventNdims of ${this.model.label(key)} must be its event rank ${want}; received ${String(given.get(key))}`,
        );
      }
    }
  }

  override forwardEventNdims(eventNdims: Structure<number>): Structure<number> {
    this.checkEventNdims('forwardEventNdims', eventNdims, (e) => e.xRank);
    return this.inverseMinEventNdims;
  }

  override inverseEventNdims(eventNdims: Structure<number>): Structure<number> {
    this.checkEventNdims('inverseEventNdims', eventNdims, (e) => e.yRank);
    return this.forwardMinEventNdims;
  }

  /** The free parts' event shapes, from their unconstrained event shapes (which must be the model's). */
  protected override _forwardEventShape(shape: Structure<number[]>): Structure<number[]> {
    return this.mapShapes(shape, 'forwardEventShape', (e) => e.xShape, (e) => e.yShape);
  }

  protected override _inverseEventShape(shape: Structure<number[]>): Structure<number[]> {
    return this.mapShapes(shape, 'inverseEventShape', (e) => e.yShape, (e) => e.xShape);
  }

  private mapShapes(shape: Structure<number[]>, method: string, from: (e: PartEvent) => number[], to: (e: PartEvent) => number[]): Structure<number[]> {
    const given = readFreeParts(this.name, `${method} shape`, this.model, [...this.freeKeys], shape, (v) => v);
    const out = new Map<string, number[]>();
    for (const key of this.freeKeys) {
      const e = this.events.get(key) as PartEvent;
      if (!sameShape(given.get(key), from(e))) {
        throw new Error(`${this.name}.${method}: ${this.model.label(key)} has event shape [${from(e)}]; received ${JSON.stringify(given.get(key))}`);
      }
      out.set(key, [...to(e)]);
    }
    return packFreeParts(this.model, [...this.freeKeys], out) as Structure<number[]>;
  }
}

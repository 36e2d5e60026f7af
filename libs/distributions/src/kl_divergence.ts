import * as tf from '@tensorflow/tfjs';
import {Distribution, DistributionClass, setKlDivergenceImpl} from './distribution';

/** A closed-form KL(p || q) between two distribution classes. */
export type KLFunction<P extends Distribution = Distribution, Q extends Distribution = Distribution> = (
  p: P,
  q: Q,
) => tf.Tensor;

const registry = new Map<DistributionClass, Map<DistributionClass, KLFunction>>();

/**
 * Registers the closed form of KL(p || q) for `p instanceof PClass` and `q instanceof QClass`
 * (TFP's `@kl.RegisterKL`). Registering a pair twice is an error.
 */
export function registerKL<P extends Distribution, Q extends Distribution>(
  PClass: abstract new (...args: never[]) => P,
  QClass: abstract new (...args: never[]) => Q,
  fn: KLFunction<P, Q>,
): void {
  let row = registry.get(PClass);
  if (row === undefined) {
    row = new Map();
    registry.set(PClass, row);
  }
  if (row.has(QClass)) {
    throw new Error(`registerKL: KL(${PClass.name} || ${QClass.name}) is already registered`);
  }
  row.set(QClass, fn as KLFunction);
}

/** The class and its ancestors, nearest first (the analogue of TFP's MRO walk). */
function lineage(instance: Distribution): DistributionClass[] {
  const classes: DistributionClass[] = [];
  let proto = Object.getPrototypeOf(instance);
  while (proto !== null && proto.constructor !== Object) {
    classes.push(proto.constructor as DistributionClass);
    proto = Object.getPrototypeOf(proto);
  }
  return classes;
}

/** The registered KL function for the most specific pair of classes, or undefined. */
export function lookupKL(p: Distribution, q: Distribution): KLFunction | undefined {
  const qLineage = lineage(q);
  let best: {fn: KLFunction; distance: number} | undefined;
  lineage(p).forEach((pClass, i) => {
    const row = registry.get(pClass);
    if (row === undefined) return;
    qLineage.forEach((qClass, j) => {
      const fn = row.get(qClass);
      if (fn !== undefined && (best === undefined || i + j < best.distance)) {
        best = {fn, distance: i + j};
      }
    });
  });
  return best?.fn;
}

/**
 * KL(p || q) = E_p[log p(X) - log q(X)], with shape the broadcast of both batch shapes
 * (TFP's `tfd.kl_divergence`). Throws when no closed form is registered for the pair.
 */
export function klDivergence(p: Distribution, q: Distribution): tf.Tensor {
  const fn = lookupKL(p, q);
  if (fn === undefined) {
    throw new Error(
      `No KL(${p.name} || ${q.name}) registered for classes ${p.constructor.name} and ${q.constructor.name}; ` +
        'register one with registerKL or use a Monte Carlo estimate',
    );
  }
  return tf.tidy(() => fn(p, q));
}

setKlDivergenceImpl(klDivergence);

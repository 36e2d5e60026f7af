import * as tf from '@tensorflow/tfjs';
import type {Distribution} from '../distribution';
import {Seed} from './seed';

/**
 * n draws of `dist` with its batch broadcast to `batchShape`, each broadcast batch member drawn
 * independently: shape [n, ...batchShape, ...eventShape]. The extra leading dims, and the size-1
 * batch dims that broadcast to a larger size, are drawn as sample dims of `dist` and moved into
 * place, so a component shared by a batch does not give every batch member the same draw.
 */
export function sampleBroadcastBatch(dist: Distribution, n: number, batchShape: number[], seed: Seed | undefined): tf.Tensor {
  const own = dist.batchShape;
  const rank = batchShape.length;
  if (own.length > rank) {
    throw new Error(`${dist.name}: batch shape [${own}] does not broadcast to [${batchShape}]`);
  }
  // The distribution's batch padded on the left with 1s to the target rank.
  const padded = [...new Array(rank - own.length).fill(1), ...own];
  const broadcast: number[] = [];
  padded.forEach((d, i) => {
    if (d === batchShape[i]) return;
    if (d !== 1) throw new Error(`${dist.name}: batch shape [${own}] does not broadcast to [${batchShape}]`);
    broadcast.push(i);
  });
  const event = dist.eventShape;
  if (broadcast.length === 0) {
    return tf.reshape(dist.sample([n], seed), [n, ...batchShape, ...event]);
  }
  // Draws [n, ...broadcast dims, ...padded batch, ...event]; each broadcast dim takes the place of
  // its size-1 batch dim, which moves out of the way and is dropped by the final reshape.
  const extra = broadcast.map((i) => batchShape[i]);
  const draws = tf.reshape(dist.sample([n, ...extra], seed), [n, ...extra, ...padded, ...event]);
  const batchAxis = (i: number) => 1 + extra.length + i;
  const perm = [0];
  for (let i = 0; i < rank; i++) {
    const j = broadcast.indexOf(i);
    perm.push(j >= 0 ? 1 + j : batchAxis(i));
  }
  broadcast.forEach((i) => perm.push(batchAxis(i)));
  event.forEach((_, k) => perm.push(1 + extra.length + rank + k));
  return tf.reshape(tf.transpose(draws, perm), [n, ...batchShape, ...event]);
}

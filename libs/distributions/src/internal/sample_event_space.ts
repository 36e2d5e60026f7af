import * as tf from '@tensorflow/tfjs';
import {Bijector, Inline} from '@tfjs-probability/bijectors';

/** `[0, ..., n-1]` with the block `[from, from + len)` moved to position `to` (for `to <= from`). */
function moveBlock(n: number, from: number, len: number, to: number): number[] {
  const axes = Array.from({length: n}, (_, i) => i);
  const block = axes.splice(from, len);
  axes.splice(to, 0, ...block);
  return axes;
}

function transposeIfNeeded(x: tf.Tensor, perm: number[]): tf.Tensor {
  return perm.every((a, i) => a === i) ? x : tf.transpose(x, perm);
}

/**
 * The event-space bijector of `Sample(d, sampleShape)` (TFP's `_DefaultSampleBijector`): values are
 * laid out `[..., batch, sampleShape, event]`, but d's bijector broadcasts its parameters against
 * `[..., batch, event]`, so the sample dims are moved in front of the batch dims, the inner bijector
 * applied, and the dims moved back. Its minimum event ranks are the whole event (sample dims
 * included), so the log-det is summed over the draws of one event.
 */
export function sampleEventSpaceBijector(
  inner: Bijector,
  batchRank: number,
  sampleRank: number,
  innerEventShape: number[],
): Bijector {
  const innerYRank = innerEventShape.length;
  const innerXRank = inner.inverseEventNdims(innerYRank);
  const s = sampleRank;
  const b = batchRank;
  /** Applies f to x with the sample dims moved before the batch dims; `eventRank` is x's inner event rank. */
  const sampleFirst = (x: tf.Tensor, eventRank: number) => {
    const p = x.rank - (b + s + eventRank);
    if (p < 0) {
      throw new Error(
        `${inner.name} (for a Sample of event shape [${innerEventShape}]): input of shape [${x.shape}] ` +
          `has fewer than the ${b} batch, ${s} sample and ${eventRank} event dims`,
      );
    }
    return {moved: transposeIfNeeded(x, moveBlock(x.rank, p + b, s, p)), p};
  };
  const back = (y: tf.Tensor, p: number) => transposeIfNeeded(y, moveBlock(y.rank, p, s, p + b));
  /** Sums a per-(sample, batch) log-det of shape [..., S, B] over its sample dims. */
  const sumDraws = (ldj: tf.Tensor, outer: number[], p: number) => {
    const full = tf.broadcastTo(ldj, outer);
    return s === 0 ? full : tf.sum(full, Array.from({length: s}, (_, i) => p + i));
  };
  return new Inline({
    forwardFn: (x) => {
      const {moved, p} = sampleFirst(x, innerXRank);
      return back(inner.forward(moved) as tf.Tensor, p);
    },
    inverseFn: (y) => {
      const {moved, p} = sampleFirst(y, innerYRank);
      return back(inner.inverse(moved) as tf.Tensor, p);
    },
    forwardLogDetJacobianFn: (x) => {
      const {moved, p} = sampleFirst(x, innerXRank);
      return sumDraws(inner.forwardLogDetJacobian(moved, innerXRank), moved.shape.slice(0, moved.rank - innerXRank), p);
    },
    inverseLogDetJacobianFn: (y) => {
      const {moved, p} = sampleFirst(y, innerYRank);
      return sumDraws(inner.inverseLogDetJacobian(moved, innerYRank), moved.shape.slice(0, moved.rank - innerYRank), p);
    },
    forwardMinEventNdims: s + innerXRank,
    inverseMinEventNdims: s + innerYRank,
    forwardEventShapeFn: (shape) => [...shape.slice(0, s), ...(inner.forwardEventShape(shape.slice(s)) as number[])],
    inverseEventShapeFn: (shape) => [...shape.slice(0, s), ...(inner.inverseEventShape(shape.slice(s)) as number[])],
    name: `sample_of_${inner.name}`,
  });
}

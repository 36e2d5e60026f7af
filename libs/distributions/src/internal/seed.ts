/**
 * Seeds for sampling. A seed is a 32-bit integer; the same seed gives the same numbers on the same
 * backend. Composite samplers derive independent sub-seeds from one seed with a SeedStream, as TFP's
 * `SeedStream(seed, salt)` does, so `sample(shape, seed)` is reproducible end to end.
 */
export type Seed = number;

/** A 32-bit avalanche hash (murmur3's finaliser) of `a` mixed with `b`. */
function mix(a: number, b: number): number {
  let h = (Math.imul(a ^ 0x9e3779b9, 0x85ebca6b) ^ b) >>> 0;
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

function hashString(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h = Math.imul(h ^ text.charCodeAt(i), 0x01000193);
  }
  return h >>> 0;
}

/**
 * Derives a stream of seeds from one seed and a salt naming the consumer. With an undefined seed
 * every call returns undefined, which tfjs's random ops read as "fresh randomness".
 */
export class SeedStream {
  private counter = 0;
  private readonly base: number | undefined;

  constructor(seed: Seed | undefined, salt: string) {
    if (seed !== undefined && !Number.isFinite(seed)) {
      throw new Error(`seed must be a finite number, got ${seed}`);
    }
    this.base = seed === undefined ? undefined : mix(Math.trunc(seed) >>> 0, hashString(salt));
  }

  /** The next seed of the stream. */
  next(): Seed | undefined {
    if (this.base === undefined) {
      return undefined;
    }
    this.counter += 1;
    return mix(this.base, this.counter);
  }
}

import seedrandom from 'seedrandom';

/** The state of the seeded generator behind Math.random (alea's three words and carry). */
export type RandomState = seedrandom.State.Alea;

let generator: seedrandom.StatefulPRNG<RandomState> | undefined;
const nativeRandom = Math.random;

/**
 * Makes every unseeded random draw of tfjs (weight initialisers, Flipout signs, dropout masks:
 * they all seed their generators from Math.random) a function of `seed`, and, with `state`,
 * resumes the stream exactly where a checkpoint left it. This is what lets `--resume` reproduce
 * an uninterrupted run. Apps only: a library must not replace Math.random.
 */
export function seedGlobalRandom(seed: number, state?: RandomState): void {
  generator = seedrandom.alea(String(seed), {state: state ?? true});
  Math.random = () => generator!();
}

/** The current state of the seeded stream, for a checkpoint. */
export function globalRandomState(): RandomState {
  if (generator === undefined) {
    throw new Error('globalRandomState: seedGlobalRandom was not called');
  }
  return generator.state();
}

/** Restores the platform's Math.random. */
export function restoreGlobalRandom(): void {
  Math.random = nativeRandom;
  generator = undefined;
}

/** A seeded permutation of 0..n-1 (Fisher-Yates on its own alea stream), independent of Math.random. */
export function seededPermutation(n: number, seed: string): Int32Array {
  const random = seedrandom.alea(seed);
  const order = new Int32Array(n);
  for (let i = 0; i < n; i++) order[i] = i;
  for (let i = n - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    const tmp = order[i];
    order[i] = order[j];
    order[j] = tmp;
  }
  return order;
}

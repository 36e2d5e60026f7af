import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {loadImage} from '@napi-rs/canvas';
import {init} from '@tfjs-probability/backend';
import {restoreGlobalRandom} from '@tfjs-probability/app-bayesian-cnn';
import {assertSameRun, simulateCrashAfterEpoch} from '@tfjs-probability/app-bayesian-cnn/testing';
import {loadDataset} from '@tfjs-probability/datasets';
import {scratchDir, writeIdxDir} from '@tfjs-probability/datasets/testing';
import {binarySplit} from './binarize';
import {buildProgram} from './cli';
import {evaluateBounds, evaluateVae} from './evaluate';
import {reconstructImages, sampleImages, writeReconstructionGrid, writeSampleGrid} from './images';
import {loadVae} from './saved_model';
import {trainVae} from './train';

// End-to-end runs of the CLI on tiny generated IDX files (28x28 grey images). The budgets are tiny
// (48 training images, a 2-unit latent space, 1-2 epochs): these check wiring, files,
// determinism, memory and errors, not the quality of the model (the benchmark run does that).

const root = scratchDir('vae');
const dataDir = writeIdxDir(path.join(root, 'mnist'), 48, 24, {height: 28, width: 28});

/** Runs the CLI with `args`, capturing what it prints. */
async function run(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.join(' '));
  try {
    const program = buildProgram();
    for (const command of [program, ...program.commands]) {
      command.exitOverride().configureOutput({writeErr: () => {}});
    }
    await program.parseAsync(['node', 'vae', ...args]);
  } finally {
    console.log = log;
    restoreGlobalRandom();
  }
  return lines.join('\n');
}

const trainArgs = (out: string, epochs: number, extra: string[] = []) => [
  'train', '--dataset', 'mnist', '--data-dir', dataDir, '--epochs', String(epochs), '--batch-size', '16', '--latent-dim', '2',
  '--hidden', '16', '--validation-size', '8', '--seed', '7', '--out', out, ...extra,
];

test.before(async () => {
  process.env.TFP_QUIET = '1';
  await init();
});

test.serial('train writes checkpoints and the model; evaluate, sample and reconstruct use it', async (t) => {
  const out = path.join(root, 'run');
  const printed = await run(trainArgs(out, 2));
  t.regex(printed, /epoch 2\/2: train -ELBO [\d.]+ nats \(reconstruction [\d.]+, KL [\d.]+\), validation -ELBO [\d.]+ nats/);
  for (const file of ['model/model.json', 'model/weights.bin', 'model/metadata.json', 'history.json', 'checkpoints/latest.json',
    'checkpoints/epoch-0002/state.json', 'checkpoints/epoch-0002/optimizer.bin']) {
    t.true(fs.existsSync(path.join(out, file)), file);
  }
  const history = JSON.parse(fs.readFileSync(path.join(out, 'history.json'), 'utf8'));
  t.is(history.length, 2);
  // 784 binary pixels: an untrained decoder is near 784 log 2 = 543 nats; anything finite and positive passes here.
  for (const record of history) t.true(record.validation.negativeElbo > 0 && Number.isFinite(record.validation.negativeElbo));

  const report = await run(['evaluate', '--model', path.join(out, 'model'), '--iw-samples', '64']);
  t.regex(report, /mnist test \(24 images, sample binarization\): -ELBO [\d.]+ ± [\d.]+ nats, -IWAE\(k=64\) [\d.]+ ± [\d.]+ nats/);
  const evaluation = JSON.parse(fs.readFileSync(path.join(out, 'evaluation.json'), 'utf8'));
  t.is(evaluation.examples, 24);
  t.is(evaluation.iwSamples, 64);
  t.true(Number.isFinite(evaluation.negativeElbo) && evaluation.negativeElbo > 0);
  // -IWAE_64 <= the mean over the same 64 draws of -log w; the reported -ELBO replaces that mean's
  // Monte Carlo KL by the exact KL, whose difference averages out over 24 x 64 draws of a 2-d latent
  // to far below the 0.5 nats allowed.
  t.true(evaluation.negativeIwae <= evaluation.negativeElbo + 0.5, `-IWAE ${evaluation.negativeIwae} vs -ELBO ${evaluation.negativeElbo}`);

  const samplePng = path.join(root, 'samples.png');
  t.regex(await run(['sample', '--model', path.join(out, 'model'), '--n', '6', '--columns', '3', '--out', samplePng]), /wrote 6 samples/);
  const samples = await loadImage(fs.readFileSync(samplePng));
  // 3 x 2 cells of 28 pixels scaled by 2 plus 1-pixel borders.
  t.deepEqual([samples.width, samples.height], [3 * 57 + 1, 2 * 57 + 1]);

  const reconPng = path.join(root, 'recon.png');
  await run(['reconstruct', '--model', path.join(out, 'model'), '--n', '5', '--columns', '4', '--out', reconPng]);
  const recon = await loadImage(fs.readFileSync(reconPng));
  // 5 images in rows of 4: 2 row pairs (originals, reconstructions) = 4 rows.
  t.deepEqual([recon.width, recon.height], [4 * 57 + 1, 4 * 57 + 1]);
});

test.serial('--resume after an interruption reproduces the uninterrupted run exactly', async (t) => {
  const whole = path.join(root, 'whole');
  const split = path.join(root, 'split');
  await run(trainArgs(whole, 2));
  await run(trainArgs(split, 2));
  simulateCrashAfterEpoch(split, 1);
  const resumed = await run(trainArgs(split, 2, ['--resume']));
  t.regex(resumed, /resumed from .*epoch-0001 after epoch 1/);
  assertSameRun(t, whole, split);
});

test.serial('--resume with other arguments is refused; a corrupt checkpoint pointer is named', async (t) => {
  const split = path.join(root, 'split');
  const error = await t.throwsAsync(run(trainArgs(split, 3, ['--resume', '--learning-rate', '0.01'])));
  t.regex(error!.message, /--resume: the checkpoint .*epoch-0002 was written by a run with other arguments/);
  const broken = path.join(root, 'broken');
  fs.mkdirSync(path.join(broken, 'checkpoints'), {recursive: true});
  fs.writeFileSync(path.join(broken, 'checkpoints', 'latest.json'), '{"checkpoint": "epoch-0009"}');
  const missing = await t.throwsAsync(run(trainArgs(broken, 1, ['--resume'])));
  t.regex(missing!.message, /Checkpoint .*epoch-0009 named by .*latest.json is missing or incomplete/);
});

test.serial('training, evaluation, sampling and reconstruction free every tensor they make', async (t) => {
  const before = tf.memory().numTensors;
  const result = await trainVae({
    dataset: 'mnist', dataDir, latentDim: 2, hiddenUnits: [8], binarization: 'threshold', epochs: 1, batchSize: 12,
    learningRate: 1e-3, seed: 3, out: path.join(root, 'leaks'), validationSize: 6, log: () => {},
  });
  restoreGlobalRandom();
  t.is(tf.memory().numTensors, before, 'trainVae');
  const {model, metadata} = await loadVae(result.modelDir);
  t.is(metadata.binarization, 'threshold');
  const loaded = tf.memory().numTensors;
  const {test: testSet} = loadDataset('mnist', {dataDir, limit: {test: 10}});
  const images = binarySplit(testSet, 'threshold', 'test');
  const evaluation = evaluateBounds(model, images, 5, 1);
  t.true(Number.isFinite(evaluation.negativeIwae));
  t.is(sampleImages(model, 3, 1).length, 3 * 784);
  const x = tf.tensor4d(images.pixels, [10, 28, 28, 1]);
  const recon = reconstructImages(model, x);
  x.dispose();
  t.true(recon.every((v) => v >= 0 && v <= 1));
  t.is(tf.memory().numTensors, loaded, 'evaluation, sampling and reconstruction');
  model.vae.dispose();
  t.is(tf.memory().numTensors, before, 'dispose frees the loaded model');
  // The commands load, use and free their own copy.
  await evaluateVae({modelDir: result.modelDir, iwSamples: 3, seed: 1, out: path.join(root, 'leaks', 'e.json'), log: () => {}});
  await writeSampleGrid({modelDir: result.modelDir, out: path.join(root, 'leaks', 's.png'), n: 2, columns: 2, seed: 1});
  await writeReconstructionGrid({modelDir: result.modelDir, out: path.join(root, 'leaks', 'r.png'), n: 2, columns: 2, seed: 1});
  t.is(tf.memory().numTensors, before, 'evaluate, sample and reconstruct commands');
});

test.serial('bad arguments and a missing model directory are named', async (t) => {
  const bad = await t.throwsAsync(run(['train', '--latent-dim', '0', '--out', path.join(root, 'x')]));
  t.regex(bad!.message, /--latent-dim must be a positive integer, got '0'/);
  const hidden = await t.throwsAsync(run(['train', '--hidden', '64,x', '--out', path.join(root, 'x')]));
  t.regex(hidden!.message, /--hidden must be a comma-separated list of positive integers, got '64,x'/);
  const dataset = await t.throwsAsync(run(['train', '--dataset', 'cifar10', '--out', path.join(root, 'x')]));
  t.regex(dataset!.message, /argument 'cifar10' is invalid. Allowed choices are mnist, fashion-mnist/);
  const k = await t.throwsAsync(run(['evaluate', '--model', path.join(root, 'run', 'model'), '--iw-samples', '0']));
  t.regex(k!.message, /--iw-samples must be a positive integer, got '0'/);
  for (const command of ['evaluate', 'reconstruct']) {
    const missing = await t.throwsAsync(run([command, '--model', path.join(root, 'nowhere'), '--out', path.join(root, 'y.png')]));
    t.regex(missing!.message, /--model .*nowhere: model.json not found; expected a directory written by 'vae train'/);
  }
  const small = writeIdxDir(path.join(root, 'small'), 4, 4, {height: 4, width: 3});
  const shape = await t.throwsAsync(run(['evaluate', '--model', path.join(root, 'run', 'model'), '--data-dir', small]));
  t.regex(shape!.message, /data set 'mnist' has images of shape 4x3x1, but the model was trained on 28x28x1/);
  const sample = await t.throwsAsync(run(['sample', '--model', path.join(root, 'nowhere'), '--out', path.join(root, 'y.png')]));
  t.regex(sample!.message, /--model .*nowhere: model.json not found/);
});

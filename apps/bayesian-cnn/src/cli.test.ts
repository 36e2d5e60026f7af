import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import * as fs from 'node:fs';
import * as path from 'node:path';
import {createCanvas} from '@napi-rs/canvas';
import {init} from '@tfjs-probability/backend';
import {scratchDir, writeCifarDir, writeIdxDir} from '@tfjs-probability/datasets/testing';
import {buildProgram} from './cli';
import {CheckpointStore} from './checkpoint';
import {restoreGlobalRandom, seedGlobalRandom} from './global_random';
import {loadTrainedModel} from './saved_model';
import {trainBayesianCnn} from './train';
import {assertSameRun, simulateCrashAfterEpoch} from './testing/resume';

// End-to-end runs of the CLI on tiny generated data in the real file formats. The budgets are
// tiny (tens of examples, 1-2 epochs): these check wiring, files, determinism and errors, not
// accuracy (the benchmark run in the README does that).

const root = scratchDir('bayesian-cnn');
const mnistDir = writeIdxDir(path.join(root, 'mnist'), 48, 24, {height: 28, width: 28});
const fashionDir = writeIdxDir(path.join(root, 'fashion'), 24, 24, {height: 28, width: 28, gzip: true});

/** Runs the CLI with `args`, capturing what it prints. */
async function run(args: string[]): Promise<string> {
  const lines: string[] = [];
  const log = console.log;
  console.log = (...parts: unknown[]) => lines.push(parts.join(' '));
  try {
    const program = buildProgram();
    // Errors throw instead of exiting the test process; their help text is not printed.
    for (const command of [program, ...program.commands]) {
      command.exitOverride().configureOutput({writeErr: () => {}});
    }
    await program.parseAsync(['node', 'bayesian-cnn', ...args]);
  } finally {
    console.log = log;
  }
  return lines.join('\n');
}

const trainArgs = (out: string, epochs: number, extra: string[] = []) => [
  'train', '--dataset', 'mnist', '--data-dir', mnistDir, '--epochs', String(epochs), '--batch-size', '16',
  '--validation-size', '8', '--mc-samples', '2', '--seed', '7', '--out', out, ...extra,
];

test.before(async () => {
  await init();
});

test.serial('train writes checkpoints, the model, its metadata and an evaluation; evaluate and predict use them', async (t) => {
  const out = path.join(root, 'run');
  const printed = await run(trainArgs(out, 2));
  t.regex(printed, /epoch 2\/2: loss [\d.]+ \(nll [\d.]+, kl [\d.]+\)/);
  for (const file of ['model/model.json', 'model/weights.bin', 'model/metadata.json', 'history.json', 'checkpoints/latest.json',
    'checkpoints/epoch-0002/state.json', 'evaluation/evaluation.json', 'evaluation/reliability.png', 'evaluation/entropy_histogram.png']) {
    t.true(fs.existsSync(path.join(out, file)), file);
  }
  const evaluation = JSON.parse(fs.readFileSync(path.join(out, 'evaluation/evaluation.json'), 'utf8'));
  t.is(evaluation.examples, 24);
  for (const key of ['accuracy', 'ece', 'mce']) t.true(evaluation[key] >= 0 && evaluation[key] <= 1, key);
  t.true(evaluation.nll > 0 && evaluation.brier >= 0 && evaluation.brier <= 2);
  t.true(evaluation.meanMutualInformation >= 0 && evaluation.meanMutualInformation <= evaluation.meanTotalEntropy + 1e-6);

  const evalOut = path.join(root, 'eval');
  const report = await run(['evaluate', '--model', path.join(out, 'model'), '--dataset', 'mnist', '--data-dir', mnistDir,
    '--ood-dataset', 'fashion-mnist', '--ood-data-dir', fashionDir, '--mc-samples', '3', '--out', evalOut]);
  t.regex(report, /out-of-distribution fashion-mnist: AUROC of predictive entropy [\d.]+, of mutual information [\d.]+/);
  const withOod = JSON.parse(fs.readFileSync(path.join(evalOut, 'evaluation.json'), 'utf8'));
  t.true(withOod.ood.aurocEntropy >= 0 && withOod.ood.aurocEntropy <= 1);
  t.true(fs.existsSync(path.join(evalOut, 'mutual_information_histogram.png')));

  // predict on PNGs drawn here: probabilities sum to 1, and the same seed gives the same answer.
  const canvas = createCanvas(40, 40);
  const ctx = canvas.getContext('2d');
  ctx.fillStyle = 'white';
  ctx.fillRect(0, 0, 40, 40);
  ctx.fillStyle = 'black';
  ctx.fillRect(15, 5, 8, 30);
  const png = path.join(root, 'one.png');
  fs.writeFileSync(png, canvas.toBuffer('image/png'));
  const args = ['predict', '--model', path.join(out, 'model'), '--mc-samples', '4', '--json', png, png];
  const first = JSON.parse(await run(args));
  const second = JSON.parse(await run(args));
  t.is(first.length, 2);
  const total = Object.values(first[0].probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
  t.true(Math.abs(total - 1) < 1e-4);
  t.deepEqual(first, second);
});

test.serial('the saved model and the last checkpoint hold the same weights and predict the same with one seed', async (t) => {
  const out = path.join(root, 'run');
  const {model} = await loadTrainedModel(path.join(out, 'model'));
  const fromCheckpoint = await CheckpointStore.load(path.join(out, 'checkpoints/epoch-0002'));
  const a = model.getWeights().map((w) => Array.from(w.dataSync()));
  const b = fromCheckpoint.model.getWeights().map((w) => Array.from(w.dataSync()));
  t.deepEqual(a, b);
  const x = tf.randomUniform([3, 28, 28, 1], 0, 1, 'float32', 1);
  const predict = (m: tf.LayersModel) => {
    seedGlobalRandom(3);
    const y = m.predict(x) as tf.Tensor;
    const values = Array.from(y.dataSync());
    y.dispose();
    return values;
  };
  t.deepEqual(predict(model), predict(fromCheckpoint.model));
  restoreGlobalRandom();
  tf.dispose([x, ...fromCheckpoint.optimizerWeights.map((w) => w.tensor)]);
  model.dispose();
  fromCheckpoint.model.dispose();
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
  // The default cosine schedule decays over the run's --epochs, so a longer resumed run is another run.
  const longer = await t.throwsAsync(run(trainArgs(split, 3, ['--resume'])));
  t.regex(longer!.message, /"scheduleEpochs":2.*"scheduleEpochs":3/);
  const broken = path.join(root, 'broken');
  fs.mkdirSync(path.join(broken, 'checkpoints'), {recursive: true});
  fs.writeFileSync(path.join(broken, 'checkpoints', 'latest.json'), '{"checkpoint": "epoch-0009"}');
  const missing = await t.throwsAsync(run(trainArgs(broken, 1, ['--resume'])));
  t.regex(missing!.message, /Checkpoint .*epoch-0009 named by .*latest.json is missing or incomplete/);
});

test.serial('trains on CIFAR-10 binary files and frees every tensor it made', async (t) => {
  const cifarDir = writeCifarDir(path.join(root, 'cifar'), [20, 20, 20, 20, 20], 10);
  const before = tf.memory().numTensors;
  const result = await trainBayesianCnn({
    dataset: 'cifar10', dataDir: cifarDir, model: 'lenet', epochs: 1, batchSize: 25, learningRate: 1e-3,
    seed: 2, out: path.join(root, 'cifar-run'), validationSize: 10, log: () => {},
  });
  restoreGlobalRandom();
  t.is(result.history.length, 1);
  t.is(tf.memory().numTensors, before);
  const {metadata} = await loadTrainedModel(result.modelDir).then((r) => (r.model.dispose(), r));
  t.deepEqual(metadata.imageShape, [32, 32, 3]);
  t.is(metadata.classNames[0], 'airplane');
});

test.serial('bad arguments are named', async (t) => {
  const bad = await t.throwsAsync(run(['train', '--dataset', 'mnist', '--epochs', '0', '--out', path.join(root, 'x')]));
  t.regex(bad!.message, /--epochs must be a positive integer, got '0'/);
  const missing = await t.throwsAsync(run(['evaluate', '--model', path.join(root, 'nowhere'), '--dataset', 'mnist']));
  t.regex(missing!.message, /--model .*nowhere: model.json not found/);
  const shape = await t.throwsAsync(
    run(['evaluate', '--model', path.join(root, 'run', 'model'), '--dataset', 'cifar10', '--data-dir', path.join(root, 'cifar')]),
  );
  t.regex(shape!.message, /data set 'cifar10' has images of shape 32x32x3, but the model was trained on 28x28x1/);
});

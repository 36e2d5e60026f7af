import test from 'ava';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import {init} from '../backend';
import {FileSystemIO, fileSystemIO, registerFileIO} from './file_io';

const scratch = fs.mkdtempSync(path.join(os.tmpdir(), 'tfp-file-io-'));

test.before(async () => {
  await init();
});

test.after.always(() => {
  fs.rmSync(scratch, {recursive: true, force: true});
});

/** A small dense network whose weights come from a fixed seed; it owns its optimizer, so dispose() frees all. */
function smallModel(seed: number): tf.Sequential {
  const model = tf.sequential();
  model.add(
    tf.layers.dense({units: 5, inputShape: [3], activation: 'relu', kernelInitializer: tf.initializers.glorotUniform({seed})}),
  );
  model.add(tf.layers.dense({units: 2, kernelInitializer: tf.initializers.glorotUniform({seed: seed + 1}), biasInitializer: 'ones'}));
  model.compile({optimizer: 'adam', loss: 'meanSquaredError', metrics: ['mse']});
  return model;
}

function weightValues(model: tf.LayersModel): number[][] {
  return model.getWeights().map((w) => Array.from(w.dataSync()));
}

function predictValues(model: tf.LayersModel): number[] {
  return tf.tidy(() => {
    const x = tf.tensor2d([[0.5, -1, 2], [3, 0.25, -0.75], [-2, 1.5, 0]]);
    return Array.from((model.predict(x) as tf.Tensor).dataSync());
  });
}

test.serial('file:// save then load gives identical weights, predictions and metadata', async (t) => {
  t.true(registerFileIO());
  const before = tf.memory().numTensors;
  const dir = path.join(scratch, 'round-trip', 'nested');
  const model = smallModel(7);
  model.setUserDefinedMetadata({trainedOn: 'nothing', epochs: 0});
  const result = await model.save(`file://${dir}`);
  t.is(result.modelArtifactsInfo.modelTopologyType, 'JSON');

  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  t.is(json.format, 'layers-model');
  t.regex(json.generatedBy ?? '', /TensorFlow\.js tfjs-layers/);
  t.is(json.convertedBy, null);
  t.deepEqual(json.userDefinedMetadata, {trainedOn: 'nothing', epochs: 0});
  t.is(json.trainingConfig, undefined, 'tfjs-layers adds it only with includeOptimizer');
  t.deepEqual(json.weightsManifest[0].paths, ['./weights.bin']);
  // 3*5 + 5 + 5*2 + 2 = 32 float32 parameters.
  t.is(fs.statSync(path.join(dir, 'weights.bin')).size, 32 * 4);
  t.deepEqual(
    fs.readdirSync(dir).sort(),
    ['model.json', 'weights.bin'],
    'no temporary file is left behind',
  );

  const loaded = await tf.loadLayersModel(`file://${path.join(dir, 'model.json')}`);
  // Bit-identical: the same float32 bytes go out and come back.
  t.deepEqual(weightValues(loaded), weightValues(model));
  t.deepEqual(predictValues(loaded), predictValues(model));
  t.deepEqual(loaded.getUserDefinedMetadata(), {trainedOn: 'nothing', epochs: 0});
  t.deepEqual(
    loaded.layers.map((l) => l.getConfig().units),
    [5, 2],
  );
  model.dispose();
  loaded.dispose();
  t.is(tf.memory().numTensors, before);
});

test.serial('registerFileIO is idempotent: one handler per file:// URL', (t) => {
  t.true(registerFileIO());
  t.true(registerFileIO());
  const savers = tf.io.getSaveHandlers('file:///tmp/x');
  t.is(savers.length, 1);
  t.true(savers[0] instanceof FileSystemIO);
  t.is((savers[0] as FileSystemIO).path, '/tmp/x');
  t.is(tf.io.getLoadHandlers('file:///tmp/x/model.json').length, 1);
  t.is(tf.io.getSaveHandlers('ftp://host/x').length, 0, 'other schemes are not claimed');
});

test('with includeOptimizer the training config and the optimizer state round-trip', async (t) => {
  const dir = path.join(scratch, 'with-optimizer');
  const model = smallModel(13);
  const x = tf.tensor2d([[1, 2, 3], [0, -1, 0.5]]);
  const y = tf.tensor2d([[1, 0], [0, 1]]);
  await model.fit(x, y, {epochs: 2, batchSize: 2, verbose: 0});
  await model.save(fileSystemIO(dir), {includeOptimizer: true});
  const json = JSON.parse(fs.readFileSync(path.join(dir, 'model.json'), 'utf8')) as tf.io.ModelJSON;
  t.is(json.trainingConfig?.loss, 'mean_squared_error');
  t.deepEqual(json.trainingConfig?.metrics, ['mse']);
  const loaded = await tf.loadLayersModel(`file://${dir}`);
  t.truthy(loaded.optimizer);
  const stateOf = async (m: tf.LayersModel) => (await m.optimizer.getWeights()).map((w) => Array.from(w.tensor.dataSync()));
  t.deepEqual(await stateOf(loaded), await stateOf(model));
  t.deepEqual(weightValues(loaded), weightValues(model));
  tf.dispose([x, y]);
  model.dispose();
  loaded.dispose();
});

test('fileSystemIO works directly, and load accepts the directory', async (t) => {
  const dir = path.join(scratch, 'direct');
  const model = smallModel(11);
  await model.save(fileSystemIO(dir));
  const loaded = await tf.loadLayersModel(fileSystemIO(dir));
  t.deepEqual(weightValues(loaded), weightValues(model));
  model.dispose();
  loaded.dispose();
});

test.serial('a failure while writing weights leaves the previous model intact', async (t) => {
  const dir = path.join(scratch, 'atomic');
  const first = smallModel(21);
  await first.save(fileSystemIO(dir));
  const savedJson = fs.readFileSync(path.join(dir, 'model.json'));
  const savedWeights = fs.readFileSync(path.join(dir, 'weights.bin'));

  // Make the weights write stop half-way with an I/O error, as a full disk would.
  const realOpen = fs.promises.open;
  fs.promises.open = (async (file: fs.PathLike, flags?: string | number, mode?: fs.Mode) => {
    const handle = await realOpen(file, flags, mode);
    if (String(file).includes('weights.bin')) {
      handle.writeFile = async (data: unknown) => {
        const bytes = data as Uint8Array;
        await handle.write(bytes.subarray(0, bytes.length >> 1));
        throw Object.assign(new Error('ENOSPC: no space left on device, write'), {code: 'ENOSPC'});
      };
    }
    return handle;
  }) as typeof fs.promises.open;
  const second = smallModel(99);
  try {
    await t.throwsAsync(second.save(fileSystemIO(dir)), {
      message: new RegExp(`saving the model to ${dir} failed \\(ENOSPC.*previously saved there is unchanged`),
    });
  } finally {
    fs.promises.open = realOpen;
  }
  t.deepEqual(fs.readFileSync(path.join(dir, 'model.json')), savedJson);
  t.deepEqual(fs.readFileSync(path.join(dir, 'weights.bin')), savedWeights);
  t.deepEqual(fs.readdirSync(dir).sort(), ['model.json', 'weights.bin'], 'the temporary files are removed');
  const loaded = await tf.loadLayersModel(fileSystemIO(dir));
  t.deepEqual(weightValues(loaded), weightValues(first));
  t.notDeepEqual(weightValues(loaded), weightValues(second));
  [first, second, loaded].forEach((m) => m.dispose());
});

test('loading from a missing directory names it', async (t) => {
  const missing = path.join(scratch, 'no-such-dir');
  await t.throwsAsync(tf.loadLayersModel(fileSystemIO(missing)), {
    message: `fileSystemIO: cannot load a model from ${missing}: no such file or directory ` +
      "(expected a model.json written by model.save('file://DIR'))",
  });
});

test('loading from a directory without model.json names the file', async (t) => {
  const empty = path.join(scratch, 'empty');
  fs.mkdirSync(empty, {recursive: true});
  await t.throwsAsync(tf.loadLayersModel(fileSystemIO(empty)), {
    message: `fileSystemIO: ${path.join(empty, 'model.json')} does not exist (the directory holds no saved model)`,
  });
});

test('a truncated weights.bin is reported with expected and actual byte counts', async (t) => {
  const dir = path.join(scratch, 'truncated');
  const model = smallModel(3);
  await model.save(fileSystemIO(dir));
  model.dispose();
  const weights = path.join(dir, 'weights.bin');
  fs.truncateSync(weights, 100);
  await t.throwsAsync(tf.loadLayersModel(fileSystemIO(dir)), {
    message: new RegExp(
      `${weights.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')} holds 100 bytes, but the weightsManifest in .*model\\.json ` +
        'describes 128 bytes \\(4 weights\\)',
    ),
  });
});

test('a missing weights.bin and an unparsable model.json are named', async (t) => {
  const dir = path.join(scratch, 'broken');
  const model = smallModel(5);
  await model.save(fileSystemIO(dir));
  model.dispose();
  fs.rmSync(path.join(dir, 'weights.bin'));
  await t.throwsAsync(tf.loadLayersModel(fileSystemIO(dir)), {
    message: `fileSystemIO: weights file ${path.join(dir, 'weights.bin')} named in ${path.join(dir, 'model.json')} does not exist`,
  });
  fs.writeFileSync(path.join(dir, 'model.json'), '{"modelTopology": ');
  await t.throwsAsync(tf.loadLayersModel(fileSystemIO(dir)), {
    message: new RegExp(`${path.join(dir, 'model.json')} is not valid JSON`),
  });
});

test('saving onto an existing file and an empty path are rejected', async (t) => {
  const file = path.join(scratch, 'a-file');
  fs.writeFileSync(file, 'x');
  const model = smallModel(1);
  await t.throwsAsync(model.save(fileSystemIO(file)), {
    message: `fileSystemIO: cannot save to ${file}: it exists and is not a directory`,
  });
  model.dispose();
  t.throws(() => fileSystemIO(''), {message: 'fileSystemIO: path must be a non-empty string, got ""'});
});

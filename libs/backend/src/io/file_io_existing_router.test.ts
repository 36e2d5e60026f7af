import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {registerFileIO} from './file_io';

// Runs in its own process (one per test file): here a file:// router exists before ours, as
// when @tensorflow/tfjs-node is loaded, and registerFileIO must leave it alone.
test('registerFileIO does not register over an existing file:// handler', (t) => {
  const theirs: tf.io.IOHandler = {save: async () => ({modelArtifactsInfo: {dateSaved: new Date(), modelTopologyType: 'JSON'}})};
  const router = ((url: string | string[]) =>
    typeof url === 'string' && url.startsWith('file://') ? theirs : null) as Parameters<typeof tf.io.registerSaveRouter>[0];
  tf.io.registerSaveRouter(router);
  tf.io.registerLoadRouter(router);
  t.false(registerFileIO());
  t.deepEqual(tf.io.getSaveHandlers('file:///tmp/model'), [theirs]);
  t.deepEqual(tf.io.getLoadHandlers('file:///tmp/model/model.json'), [theirs]);
});

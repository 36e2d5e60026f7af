import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {formatKernelProfile, profileKernels} from './kernel_profile';

test.before(async () => {
  await init({backend: 'wasm'});
});

test.serial('profileKernels charges each kernel per step, nested kernels apart, and restores the registry', async (t) => {
  const before = tf.getKernelsForBackend('wasm').map((k) => k.kernelFunc);
  const x = tf.ones([64, 9, 9, 8]);
  const w = tf.ones([8, 8]);
  const tensorsBefore = tf.memory().numTensors;
  const profile = await profileKernels(async () => {
    // A Sum over leading axes runs AvgPool from inside the wasm Sum kernel (nested).
    const out = tf.tidy(() => tf.matMul(tf.sum(x, [0, 1, 2]).reshape([1, 8]), w));
    await out.data();
    out.dispose();
  }, 3);
  t.is(tf.memory().numTensors, tensorsBefore, 'no tensors left behind');
  t.is(profile.steps, 3);
  const byName = new Map(profile.kernels.map((k) => [k.kernel, k]));
  t.is(byName.get('Sum')?.calls, 1);
  t.is(byName.get('BatchMatMul')?.calls, 1);
  const pooling = byName.get('AvgPool');
  t.is(pooling?.calls, 1);
  t.regex(pooling!.byShape[0].shapes, /^x\[64,81,1,8\] \(nested\)$/);
  for (const k of profile.kernels) {
    t.true(k.wallMs >= 0 && k.cpuMs >= 0, `${k.kernel} times are exclusive of nested kernels, so never negative`);
  }
  const inKernels = profile.kernels.reduce((s, k) => s + k.wallMs, 0);
  t.true(inKernels <= profile.stepWallMs, 'kernel time is part of the step time');
  t.deepEqual(
    tf.getKernelsForBackend('wasm').map((k) => k.kernelFunc),
    before,
    'the original kernels are registered again',
  );
  const text = formatKernelProfile(profile, 2);
  t.regex(text, /^per step \(mean of 3\): wall [\d.]+ ms/);
  t.is(text.split('\n').filter((l) => /^\S/.test(l)).length, 2 + 2, 'summary, header and the top 2 kernels');
});

test.serial('profileKernels restores the registry when a step throws', async (t) => {
  const before = tf.getKernelsForBackend('wasm').map((k) => k.kernelFunc);
  await t.throwsAsync(
    profileKernels(async () => {
      throw new Error('step failed');
    }, 2),
    {message: 'step failed'},
  );
  t.deepEqual(
    tf.getKernelsForBackend('wasm').map((k) => k.kernelFunc),
    before,
  );
});

import test from 'ava';
import * as tf from '@tensorflow/tfjs';
import {init} from '@tfjs-probability/backend';
import {assertClose, assertNoLeak} from '../internal/testing';
import * as ed from './index';
import type {RandomVariable} from './random_variable';

test.before(async () => {
  await init();
});

/** A small program: scale ~ HalfNormal(1); z ~ N(0, scale); x ~ N(2 z, 0.1) of shape [4]. */
function program(): RandomVariable {
  const scale = ed.HalfNormal({scale: 1, name: 'scale'});
  const z = ed.Normal({loc: 0, scale: scale.value, name: 'z'});
  return ed.Normal({loc: tf.mul(2, z.value), scale: 0.1, sampleShape: [4], name: 'x'});
}

test('trace records every random variable in creation order', (t) => {
  assertNoLeak(t, () => {
    const traced = tf.tidy(() => {
      const tr = ed.trace(program);
      t.deepEqual(tr.variables.map((v) => v.name), ['scale', 'z', 'x']);
      t.deepEqual(tr.variables.map((v) => v.distribution.constructor.name), ['HalfNormal', 'Normal', 'Normal']);
      t.is(tr.result, tr.variables[2]);
      t.is(tr.get('z'), tr.variables[1]);
      t.is(tr.get('nope'), undefined);
      // The dependency is live: x's loc is 2 z.
      assertClose(t, (tr.get('x') as RandomVariable).distribution.mean(), tf.mul(2, tr.variables[1].value), {rtol: 1e-6});
      return tr.variables.length;
    });
    t.is(traced, 3);
  });
});

test('makeValueSetter substitutes values by name; downstream variables see them', (t) => {
  assertNoLeak(t, () => {
    tf.tidy(() => {
      const tr = ed.trace(() => ed.interception(ed.makeValueSetter({z: 1.5, scale: 0.7}), program));
      // Exactly the float32 values given.
      assertClose(t, tr.get('z')?.value as tf.Tensor, Math.fround(1.5), {rtol: 0, atol: 0});
      assertClose(t, tr.get('scale')?.value as tf.Tensor, Math.fround(0.7), {rtol: 0, atol: 0});
      // z's distribution was built from the substituted scale, x's from the substituted z.
      assertClose(t, tr.get('z')?.distribution.stddev() as tf.Tensor, 0.7, {rtol: 1e-6});
      assertClose(t, tr.get('x')?.distribution.mean() as tf.Tensor, 3, {rtol: 1e-6});
      t.deepEqual(tr.get('x')?.shape, [4], 'x is still sampled');
    });
  });
});

test('nested interceptors compose: innermost first, and what it changes is what the outer ones see', (t) => {
  const log: string[] = [];
  const tagger = (tag: string): ed.Interceptor => (next, call) => {
    log.push(`${tag}:${call.name}:${call.options.value === undefined ? '-' : String(call.options.value)}`);
    return next(call);
  };
  assertNoLeak(t, () => {
    tf.tidy(() => {
      ed.interception(tagger('outer'), () =>
        ed.interception(ed.makeValueSetter({z: 2}), () => ed.interception(tagger('inner'), program)),
      );
    });
  });
  t.deepEqual(log, ['inner:scale:-', 'outer:scale:-', 'inner:z:-', 'outer:z:2', 'inner:x:-', 'outer:x:-']);
});

test('a variable created inside an interceptor goes to the outer interceptors only', (t) => {
  const seen: string[] = [];
  assertNoLeak(t, () => {
    tf.tidy(() => {
      ed.interception(
        (next, call) => {
          seen.push(`outer:${call.name}`);
          return next(call);
        },
        () =>
          ed.interception(
            (next, call) => {
              seen.push(`inner:${call.name}`);
              if (call.name === 'z') ed.Normal({loc: 0, scale: 1, name: 'side'});
              return next(call);
            },
            () => ed.Normal({loc: 0, scale: 1, name: 'z'}),
          ),
      );
    });
  });
  t.deepEqual(seen, ['inner:z', 'outer:side', 'outer:z']);
});

test('interceptors are removed after the program, also when it throws; bad interceptors are named', (t) => {
  const log: string[] = [];
  t.throws(
    () =>
      ed.interception(
        (next, call) => {
          log.push(String(call.name));
          return next(call);
        },
        () => {
          throw new Error('model failed');
        },
      ),
    {message: 'model failed'},
  );
  assertNoLeak(t, () => {
    const x = ed.Normal({loc: 0, scale: 1, name: 'after'});
    x.dispose();
  });
  t.deepEqual(log, []);
  t.throws(() => ed.interception(3 as unknown as ed.Interceptor, () => 0), {message: /edward2\.interception: 'interceptor' must be a function/});
  t.throws(() => ed.interception((() => 5) as unknown as ed.Interceptor, () => ed.Normal({loc: 0, scale: 1, name: 'q'})), {
    message: /edward2: an interceptor returned 5 for Normal 'q'; expected a RandomVariable/,
  });
  t.throws(() => ed.makeValueSetter([1] as unknown as Record<string, number>), {message: /'values' must be an object by variable name/});
});

import test from 'ava';
import {execFileSync} from 'node:child_process';
import path from 'node:path';
import * as tfp from './index';

const root = path.resolve(__dirname, '../../..');

test('the umbrella exposes the namespaces', (t) => {
  t.is(typeof tfp.backend.init, 'function');
});

// The built package, as a user loads it with plain node: CommonJS require and ESM import.
test('require and import of the built package both work', (t) => {
  const run = (args: string[]) => execFileSync(process.execPath, args, {cwd: root, encoding: 'utf8'});
  const required = run(['-e', "console.log(Object.keys(require('tfjs-probability')).join(','))"]);
  t.regex(required, /backend/);
  const imported = run([
    '--input-type=module',
    '-e',
    "import * as tfp from 'tfjs-probability'; console.log(Object.keys(tfp).join(','), typeof tfp.backend.init)",
  ]);
  t.regex(imported, /backend.*function/);
});

import type {ExecutionContext} from 'ava';
import * as fs from 'node:fs';
import * as path from 'node:path';

/**
 * Leaves a finished run's output directory as a crash during epoch `epoch + 1` would have: the
 * later checkpoints, the model and the history never written, `latest.json` on epoch `epoch`,
 * and a half-written temporary checkpoint from the interrupted save.
 */
export function simulateCrashAfterEpoch(outDir: string, epoch: number): void {
  const checkpoints = path.join(outDir, 'checkpoints');
  const name = (e: number) => `epoch-${String(e).padStart(4, '0')}`;
  for (const entry of fs.readdirSync(checkpoints)) {
    const match = /^epoch-(\d{4})$/.exec(entry);
    if (match !== null && Number(match[1]) > epoch) fs.rmSync(path.join(checkpoints, entry), {recursive: true});
  }
  fs.writeFileSync(path.join(checkpoints, 'latest.json'), JSON.stringify({checkpoint: name(epoch)}));
  fs.rmSync(path.join(outDir, 'model'), {recursive: true});
  fs.rmSync(path.join(outDir, 'history.json'));
  const partial = path.join(checkpoints, `.tmp-${name(epoch + 1)}-99999`);
  fs.mkdirSync(partial);
  fs.writeFileSync(path.join(partial, 'model.json'), '{"trunc');
}

/**
 * Checks that a resumed run is the uninterrupted one: the leftover temporary checkpoint is gone,
 * the final weights are bit-identical and every epoch's training and validation figures agree.
 */
export function assertSameRun(t: ExecutionContext, uninterrupted: string, resumed: string): void {
  const leftovers = fs.readdirSync(path.join(resumed, 'checkpoints')).filter((e) => e.startsWith('.tmp-'));
  t.deepEqual(leftovers, [], 'the interrupted save is cleaned up');
  const weights = (dir: string) => fs.readFileSync(path.join(dir, 'model', 'weights.bin'));
  t.true(weights(uninterrupted).equals(weights(resumed)), 'final weights are bit-identical');
  const history = (dir: string) =>
    JSON.parse(fs.readFileSync(path.join(dir, 'history.json'), 'utf8')).map((r: {train: unknown; validation: unknown}) => [r.train, r.validation]);
  t.deepEqual(history(resumed), history(uninterrupted));
}

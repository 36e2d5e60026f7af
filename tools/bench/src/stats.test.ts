import test from 'ava';
import {median} from './stats';

test('median of odd and even counts, unsorted input left untouched', (t) => {
  const values = [5, 1, 4];
  t.is(median(values), 4);
  t.deepEqual(values, [5, 1, 4]);
  t.is(median([3, 1, 4, 2]), 2.5);
  t.is(median([7]), 7);
});

test('median of an empty list names the problem', (t) => {
  const error = t.throws(() => median([]));
  t.regex(error!.message, /median: expected at least one value, got an empty list/);
});

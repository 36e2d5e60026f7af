import test from 'ava';
import {simulateMixedData} from './simulate';
import {startValues} from './start_values';

test('EM by backfitting lands near the parameters a large simulated data set was drawn with', (t) => {
  const truth = {intercept: 3.2, effectService: -0.1, sdStudents: 0.33, sdInstructors: 0.5, sdDepartments: 0.1, sdNoise: 1.2};
  // 20,000 rows: 1000 students (20 each), 200 instructors (100 each), 20 departments.
  const data = simulateMixedData(truth, {rows: 20000, students: 1000, instructors: 200, departments: 20, seed: 4});
  const s = startValues(data);
  // Tolerances ~3 sampling sds of each estimate: sdNoise +- 1.2 / sqrt(2 * 20000) ~ 0.006; the
  // service effect +- 1.2 / sqrt(20000 * 0.24) ~ 0.02; sd_k with K levels +- sd_k / sqrt(2K) plus
  // shrinkage noise; the intercept +- sd_departments / sqrt(20) ~ 0.02.
  t.true(Math.abs(s.sdNoise - truth.sdNoise) < 0.02, `sdNoise ${s.sdNoise}`);
  t.true(Math.abs(s.effectService - truth.effectService) < 0.06, `service ${s.effectService}`);
  t.true(Math.abs(s.sdStudents - truth.sdStudents) < 0.05, `sdStudents ${s.sdStudents}`);
  t.true(Math.abs(s.sdInstructors - truth.sdInstructors) < 0.1, `sdInstructors ${s.sdInstructors}`);
  t.true(Math.abs(s.intercept - truth.intercept) < 0.15, `intercept ${s.intercept}`);
  t.true(s.sdDepartments > 0 && s.sdDepartments < 0.3, `sdDepartments ${s.sdDepartments}`);
  // Effects correlate with the drawn ones (shrunk towards 0).
  const corr = (a: ArrayLike<number>, b: ArrayLike<number>) => {
    const n = a.length;
    let ma = 0, mb = 0;
    for (let i = 0; i < n; i++) { ma += a[i] / n; mb += b[i] / n; }
    let sab = 0, saa = 0, sbb = 0;
    for (let i = 0; i < n; i++) { sab += (a[i] - ma) * (b[i] - mb); saa += (a[i] - ma) ** 2; sbb += (b[i] - mb) ** 2; }
    return sab / Math.sqrt(saa * sbb);
  };
  // Reliability of a student mean of 20 ratings: 0.33^2 / (0.33^2 + 1.2^2 / 20) ~ 0.6, so r ~ 0.77.
  t.true(corr(s.effectStudents, data.effects.students) > 0.65);
  t.true(corr(s.effectInstructors, data.effects.instructors) > 0.85);
  s.effectVariances.students.forEach((v) => t.true(v > 0 && v < truth.sdStudents ** 2));
});

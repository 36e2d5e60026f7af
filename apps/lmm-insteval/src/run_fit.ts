import * as fs from 'node:fs';
import * as path from 'node:path';
import {describeBackend} from '@tfjs-probability/backend';
import {fitMixedModel, type PhaseReport, type SamplerName} from './fit';
import {INSTEVAL_CSV, loadInstEval} from './insteval';
import {LinearMixedEffectsModel} from './model';
import {posteriorPredictiveChecks, type PosteriorPredictiveChecks} from './ppc';
import {summarizeScalar, summarizeVector, type ScalarSummary, type VectorSummary} from './summary';

/** lme4's estimates for the same model on all of InstEval (tools/lme4_insteval.R). */
export const LME4_REFERENCE = path.join(__dirname, '..', 'src', '__fixtures__', 'insteval_lme4.json');

export interface RunFitOptions {
  data?: string;
  subsample?: number;
  sampler?: SamplerName;
  chains?: number;
  warmup?: number;
  draws?: number;
  numLeapfrogSteps?: number;
  maxTreeDepth?: number;
  seed?: number;
  /** Replicated data sets of the posterior predictive checks (default 100). */
  ppcReplicates?: number;
  /** Output directory; fit.json goes there. */
  out: string;
  onProgress?: (done: number, total: number, phase: string) => void;
}

/** Everything the `fit` command reports; written to <out>/fit.json. */
export interface FitReport {
  data: {file: string; rows: number; subsample: number | null; students: number; instructors: number; departments: number; parameters: number};
  settings: {sampler: SamplerName; chains: number; warmup: number; draws: number; numLeapfrogSteps: number; maxTreeDepth: number; seed: number; backend: string};
  timing: {seconds: number; loadSeconds: number; phases: PhaseReport[]; secondsPerGradient: number};
  fixedEffects: {intercept: ScalarSummary; service: ScalarSummary};
  standardDeviations: {students: ScalarSummary; instructors: ScalarSummary; departments: ScalarSummary; residual: ScalarSummary};
  departmentEffects: VectorSummary & {code: number[]};
  diagnostics: {
    minEssBulk: number;
    maxRhat: number;
    students: {minEssBulk: number; maxRhat: number};
    instructors: {minEssBulk: number; maxRhat: number};
  };
  posteriorPredictive: PosteriorPredictiveChecks;
  /** lme4's REML estimates, present when the whole data set was fitted and the reference exists. */
  lme4?: unknown;
}

/**
 * Loads InstEval (or a subsample), fits the mixed model by MCMC, summarises the posterior
 * (fixed effects, standard deviations, department effects; ESS and R-hat), runs posterior
 * predictive checks and writes <out>/fit.json. Leaves no tensors behind.
 */
export function runFit(options: RunFitOptions): FitReport {
  const started = Date.now();
  const file = options.data ?? INSTEVAL_CSV;
  const seed = options.seed ?? 1;
  const data = loadInstEval(file, {subsample: options.subsample, seed});
  const loadSeconds = (Date.now() - started) / 1000;
  const model = new LinearMixedEffectsModel(data);
  try {
    const fit = fitMixedModel(model, {
      sampler: options.sampler,
      chains: options.chains,
      warmup: options.warmup,
      draws: options.draws,
      numLeapfrogSteps: options.numLeapfrogSteps,
      maxTreeDepth: options.maxTreeDepth,
      seed,
      onProgress: options.onProgress,
    });
    try {
      const d = fit.draws;
      const students = summarizeVector(d.effectStudents);
      const instructors = summarizeVector(d.effectInstructors);
      const departments = summarizeVector(d.effectDepartments);
      const fixedEffects = {intercept: summarizeScalar(d.intercept), service: summarizeScalar(d.effectService)};
      const standardDeviations = {
        students: summarizeScalar(d.sdStudents),
        instructors: summarizeScalar(d.sdInstructors),
        departments: summarizeScalar(d.sdDepartments),
        residual: summarizeScalar(d.sdNoise),
      };
      const scalars = [...Object.values(fixedEffects), ...Object.values(standardDeviations)];
      const posteriorPredictive = posteriorPredictiveChecks(model, d, data.departments.index, {replicates: options.ppcReplicates, seed});
      const report: FitReport = {
        data: {
          file,
          rows: data.rows,
          subsample: options.subsample ?? null,
          students: model.numStudents,
          instructors: model.numInstructors,
          departments: model.numDepartments,
          parameters: model.dimension,
        },
        settings: {
          sampler: fit.sampler,
          chains: fit.chains,
          warmup: fit.warmup,
          draws: fit.numDraws,
          numLeapfrogSteps: fit.numLeapfrogSteps,
          maxTreeDepth: fit.maxTreeDepth,
          seed,
          backend: describeBackend(),
        },
        timing: {seconds: (Date.now() - started) / 1000, loadSeconds, phases: fit.phases, secondsPerGradient: fit.secondsPerGradient},
        fixedEffects,
        standardDeviations,
        departmentEffects: {...departments, code: data.departments.levels.map(Number)},
        diagnostics: {
          minEssBulk: Math.min(...scalars.map((s) => s.essBulk), students.minEssBulk, instructors.minEssBulk, departments.minEssBulk),
          maxRhat: Math.max(...scalars.map((s) => s.rhat), students.maxRhat, instructors.maxRhat, departments.maxRhat),
          students: {minEssBulk: students.minEssBulk, maxRhat: students.maxRhat},
          instructors: {minEssBulk: instructors.minEssBulk, maxRhat: instructors.maxRhat},
        },
        posteriorPredictive,
      };
      if (data.rows === 73421 && fs.existsSync(LME4_REFERENCE)) {
        report.lme4 = (JSON.parse(fs.readFileSync(LME4_REFERENCE, 'utf8')) as {reml: unknown}).reml;
      }
      report.timing.seconds = (Date.now() - started) / 1000;
      fs.mkdirSync(options.out, {recursive: true});
      const target = path.join(options.out, 'fit.json');
      fs.writeFileSync(`${target}.tmp`, JSON.stringify(report, null, 2));
      fs.renameSync(`${target}.tmp`, target);
      return report;
    } finally {
      fit.dispose();
    }
  } finally {
    model.dispose();
  }
}

/** A short text table of the report (fixed effects, sds, diagnostics, checks), lme4 beside it when present. */
export function formatReport(report: FitReport): string {
  const lme4 = report.lme4 as
    | {fixed: Record<string, {estimate: number; se: number}>; sd: Record<string, number>}
    | undefined;
  const row = (name: string, s: ScalarSummary, ref?: string) =>
    `${name.padEnd(22)} ${s.mean.toFixed(4).padStart(8)}  [${s.q025.toFixed(4)}, ${s.q975.toFixed(4)}]  ` +
    `ESS ${s.essBulk.toFixed(0).padStart(5)}  R-hat ${s.rhat.toFixed(3)}${ref === undefined ? '' : `   lme4 ${ref}`}`;
  const fx = (k: string) => (lme4 ? `${lme4.fixed[k].estimate.toFixed(4)} (SE ${lme4.fixed[k].se.toFixed(4)})` : undefined);
  const sd = (k: string) => (lme4 ? lme4.sd[k].toFixed(4) : undefined);
  const ppc = report.posteriorPredictive;
  return [
    `${report.data.rows} ratings, ${report.data.parameters} parameters; ${report.settings.sampler.toUpperCase()}, ` +
      `${report.settings.chains} chains x (${report.settings.warmup} warm-up + ${report.settings.draws} draws), ` +
      `${report.timing.seconds.toFixed(0)} s`,
    'posterior mean  [95% interval]',
    row('intercept', report.fixedEffects.intercept, fx('intercept')),
    row('service', report.fixedEffects.service, fx('service')),
    row('sd students', report.standardDeviations.students, sd('students')),
    row('sd instructors', report.standardDeviations.instructors, sd('instructors')),
    row('sd departments', report.standardDeviations.departments, sd('departments')),
    row('sd residual', report.standardDeviations.residual, sd('residual')),
    `all parameters: min bulk ESS ${report.diagnostics.minEssBulk.toFixed(0)}, max R-hat ${report.diagnostics.maxRhat.toFixed(3)}`,
    `checks: mean rating ${ppc.meanRating.observed.toFixed(3)} (predicted ${ppc.meanRating.predictedMean.toFixed(3)}), ` +
      `residual sd ${ppc.residualSd.mean.toFixed(3)} vs sdNoise ${ppc.sdNoise.mean.toFixed(3)}`,
  ].join('\n');
}


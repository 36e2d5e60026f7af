/**
 * Runs a batch of independent iterative minimisers in lock step. Each member is a generator
 * that yields the next point it wants evaluated and receives that point's evaluation; one
 * call of the user's (batched) function serves every member that is still running, the way
 * TFP evaluates a batch of starting points together.
 */

/** The objective (and, for gradient methods, its gradient) at one point. */
export interface Evaluation {
  value: number;
  gradient: Float64Array;
}

export type MemberProgram<R> = Generator<Float64Array, R, Evaluation>;

export interface BatchRun<R> {
  results: R[];
  /** Number of calls of the batched function (TFP's `num_objective_evaluations`). */
  calls: number;
}

export function driveBatch<R>(
    programs: Array<MemberProgram<R>>, evaluate: (points: Float64Array[]) => Evaluation[]): BatchRun<R> {
  const results: Array<R | undefined> = programs.map(() => undefined);
  const requested: Float64Array[] = [];
  programs.forEach((program, i) => {
    const step = program.next();
    if (step.done) results[i] = step.value;
    else requested[i] = step.value;
  });
  let calls = 0;
  while (results.some(r => r === undefined)) {
    const anyRequest = requested.find((p, i) => p !== undefined && results[i] === undefined)!;
    const points = programs.map((_, i) => results[i] === undefined ? requested[i] : (requested[i] ?? anyRequest));
    const evaluations = evaluate(points);
    calls++;
    programs.forEach((program, i) => {
      if (results[i] !== undefined) return;
      const step = program.next(evaluations[i]);
      if (step.done) results[i] = step.value;
      else requested[i] = step.value;
    });
  }
  return {results: results as R[], calls};
}

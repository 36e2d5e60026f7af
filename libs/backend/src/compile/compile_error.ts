/**
 * Thrown when a function cannot be compiled by compileValueAndGrads (an unsupported kernel, a
 * computation that depends on input values through JavaScript, or a compiled result that disagrees
 * with tfjs). The function can still run uncompiled through tfjs.
 */
export class CompileError extends Error {
  constructor(message: string, options?: {cause?: unknown}) {
    super(message, options);
    this.name = 'CompileError';
  }
}

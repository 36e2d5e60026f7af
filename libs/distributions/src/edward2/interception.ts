import {RandomVariable} from './random_variable';

/** One call of a random-variable constructor, as interceptors see it. */
export interface RandomVariableCall {
  /** The constructor: 'Normal', 'Gamma', ... */
  readonly kind: string;
  /** The variable's name (`options.name`). */
  readonly name: string | undefined;
  /** Everything the constructor was called with: the distribution's parameters and name, value, sampleShape, seed. */
  readonly options: Readonly<Record<string, unknown>>;
}

/**
 * Edward2's interceptor: receives a constructor call and `next`, which runs the call through the
 * interceptors outside this one and finally constructs the variable. An interceptor may change the
 * call (set `options.value` to substitute a value), record the result, or build something else.
 */
export type Interceptor = (next: (call: RandomVariableCall) => RandomVariable, call: RandomVariableCall) => RandomVariable;

/** The interceptor stack, outermost first; calls see `stack.slice(0, depth)`. */
let stack: Interceptor[] = [];
let depth = 0;

/** Runs `call` through the interceptors at `level` and below (outward), then `construct`. */
function dispatch(level: number, call: RandomVariableCall, construct: (options: Readonly<Record<string, unknown>>) => RandomVariable): RandomVariable {
  if (level < 0) return construct(call.options);
  const saved = depth;
  // While an interceptor runs, variables it creates itself go to the interceptors outside it.
  depth = level;
  try {
    const result = stack[level]((c) => dispatch(level - 1, {...c, name: c.options.name as string | undefined}, construct), call);
    if (!(result instanceof RandomVariable)) {
      throw new Error(`edward2: an interceptor returned ${String(result)} for ${call.kind} '${call.name ?? ''}'; expected a RandomVariable (return next(call))`);
    }
    return result;
  } finally {
    depth = saved;
  }
}

/**
 * Edward2's `interceptable`: wraps a constructor so that its calls pass through the active
 * interceptors (innermost first).
 */
export function interceptable<O extends object>(kind: string, construct: (options: O) => RandomVariable): (options: O) => RandomVariable {
  return (options: O) => {
    const opts = (options ?? {}) as Record<string, unknown>;
    return dispatch(depth - 1, {kind, name: opts.name as string | undefined, options: opts}, (o) => construct(o as O));
  };
}

/**
 * Edward2's `interception`: runs `fn` with `interceptor` innermost on the stack (nested calls
 * compose: the innermost sees each call first) and returns what `fn` returns.
 */
export function interception<R>(interceptor: Interceptor, fn: () => R): R {
  if (typeof interceptor !== 'function') {
    throw new Error(`edward2.interception: 'interceptor' must be a function (next, call) => RandomVariable; received ${String(interceptor)}`);
  }
  const savedStack = stack;
  const savedDepth = depth;
  stack = [...stack.slice(0, depth), interceptor];
  depth = stack.length;
  try {
    return fn();
  } finally {
    stack = savedStack;
    depth = savedDepth;
  }
}

/** What `trace` returns: the program's result and its random variables in creation order. */
export interface Trace<R> {
  result: R;
  variables: RandomVariable[];
  /** The variable of a name, or undefined. */
  get(name: string): RandomVariable | undefined;
  /** Frees every recorded variable. */
  dispose(): void;
}

/**
 * Runs a program and records every random variable it creates, in order (Edward2's `tape`), after
 * the interceptors inside the program have acted on them.
 */
export function trace<R>(fn: () => R): Trace<R> {
  const variables: RandomVariable[] = [];
  const result = interception((next, call) => {
    const rv = next(call);
    variables.push(rv);
    return rv;
  }, fn);
  return {
    result,
    variables,
    get: (name) => variables.find((v) => v.name === name),
    dispose: () => variables.forEach((v) => v.dispose()),
  };
}

/**
 * Edward2's `make_value_setter`: an interceptor giving the named variables the given values (the
 * others are left to the constructor).
 */
export function makeValueSetter(values: Record<string, unknown>): Interceptor {
  if (values === null || typeof values !== 'object' || Array.isArray(values)) {
    throw new Error(`edward2.makeValueSetter: 'values' must be an object by variable name; received ${String(values)}`);
  }
  return (next, call) =>
    call.name !== undefined && Object.prototype.hasOwnProperty.call(values, call.name)
      ? next({...call, options: {...call.options, value: values[call.name]}})
      : next(call);
}

/**
 * The registry of named layer functions (posterior/prior makers, divergences, tensor
 * coercions, distribution makers). A layer's config stores function names, so a model that uses a
 * custom function saves and loads once the function is registered under the same name.
 */
type RegisteredFunction = (...args: never[]) => unknown;

const byName = new Map<string, RegisteredFunction>();
/**
 * tfjs-layers snake_cases string config values on save and camelCases them on load, so names are
 * also matched case- and underscore-insensitively ('my_prior' saved, 'myPrior' read back).
 */
const byCanonicalName = new Map<string, RegisteredFunction>();
const canonical = (name: string): string => name.replace(/_/g, '').toLowerCase();
const byFunction = new Map<RegisteredFunction, string>();

/**
 * Registers `fn` under `name` so layers that use it can be saved (`getConfig` records the name) and
 * loaded (`tf.loadLayersModel` looks the name up). Re-registering a name replaces the function.
 */
export function registerLayerFunction<F extends RegisteredFunction>(name: string, fn: F): F {
  if (typeof name !== 'string' || name.length === 0) {
    throw new Error(`registerLayerFunction: name must be a non-empty string; received ${String(name)}`);
  }
  if (typeof fn !== 'function') {
    throw new Error(`registerLayerFunction('${name}'): expected a function; received ${typeof fn}`);
  }
  const previous = byName.get(name);
  if (previous !== undefined) byFunction.delete(previous);
  byName.set(name, fn);
  byCanonicalName.set(canonical(name), fn);
  byFunction.set(fn, name);
  return fn;
}

/** The registered name of `fn`, or undefined. */
export function layerFunctionName(fn: RegisteredFunction): string | undefined {
  return byFunction.get(fn);
}

/**
 * Resolves a layer argument given as a function or a registered name. `owner` names the layer
 * (class and instance) and `role` the argument, for the error raised on an unknown name.
 */
export function resolveLayerFunction<F extends RegisteredFunction>(owner: string, role: string, value: F | string): F {
  if (typeof value === 'function') return value;
  if (typeof value !== 'string') {
    throw new Error(`${owner}: '${role}' must be a function or a registered function name; received ${typeof value}`);
  }
  const fn = byName.get(value) ?? byCanonicalName.get(canonical(value));
  if (fn === undefined) {
    throw new Error(
      `${owner}: ${role} '${value}' is not a registered layer function; ` +
        `call registerLayerFunction('${value}', fn) before building or loading the layer`,
    );
  }
  return fn as F;
}

/** The name to store in a config for `fn`; throws naming the layer and argument when it is unregistered. */
export function serializeLayerFunction(owner: string, role: string, fn: RegisteredFunction): string {
  const name = byFunction.get(fn);
  if (name === undefined) {
    throw new Error(
      `${owner}: cannot serialize '${role}': the function is not registered; ` +
        `call registerLayerFunction(name, fn) so the layer can be saved and loaded`,
    );
  }
  return name;
}

/**
 * Reads the parameter names of a JS function from its source text, as JointDistributionNamed needs
 * them (Python's `inspect.getfullargspec` in TFP). Two forms are understood:
 * - destructured, `({a, b: alias, c = 1}) => ...`: the keys a, b, c; the function gets one object;
 * - plain, `(a, b) => ...`, `a => ...`, `function (a, b) {...}`: the names a, b, in order.
 * Destructured keys survive minification, plain parameter names may not.
 */
export interface FunctionParameters {
  names: string[];
  destructured: boolean;
}

/** Drops comments, so they cannot be read as names. */
function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/[^\n]*/g, '');
}

/** The text between the bracket at `open` and its match (strings are not expected in parameter lists). */
function bracketed(source: string, open: number): string {
  let depth = 0;
  for (let i = open; i < source.length; i++) {
    const c = source[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') {
      depth--;
      if (depth === 0) return source.slice(open + 1, i);
    }
  }
  throw new Error('unbalanced brackets');
}

/** Splits at top-level commas (not inside brackets). */
function splitTopLevel(text: string): string[] {
  const parts: string[] = [];
  let depth = 0;
  let start = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (c === '(' || c === '{' || c === '[') depth++;
    else if (c === ')' || c === '}' || c === ']') depth--;
    else if (c === ',' && depth === 0) {
      parts.push(text.slice(start, i));
      start = i + 1;
    }
  }
  parts.push(text.slice(start));
  return parts.map((p) => p.trim()).filter((p) => p.length > 0);
}

const IDENTIFIER = /^[A-Za-z_$][\w$]*/;

/** The name an entry binds or reads: `a`, `a = 1`, `a: b` give a; rest entries are refused. */
function entryName(entry: string, what: string): string {
  if (entry.startsWith('...')) throw new Error(`rest ${what} (${entry}) cannot name dependencies`);
  const match = IDENTIFIER.exec(entry);
  if (match === null) throw new Error(`cannot read a name from the ${what} '${entry}'`);
  return match[0];
}

/** The parameter list text of a function, arrow function or method. */
function parameterList(source: string): string {
  const s = source.trim().replace(/^async\s+/, '');
  if (/^function\b/.test(s)) return bracketed(s, s.indexOf('('));
  if (s.startsWith('(')) return bracketed(s, 0);
  // `a => ...` (a single unparenthesised parameter) or a method `name(a, b) {...}`.
  const arrow = /^([A-Za-z_$][\w$]*)\s*=>/.exec(s);
  if (arrow !== null) return arrow[1];
  return bracketed(s, s.indexOf('('));
}

/** The parameter names of `fn`; throws an Error saying what could not be read. */
export function functionParameters(fn: (...args: never[]) => unknown): FunctionParameters {
  const list = stripComments(parameterList(stripComments(fn.toString()))).trim();
  const entries = splitTopLevel(list);
  if (entries.length === 1 && entries[0].startsWith('{')) {
    const inner = bracketed(entries[0], 0);
    return {names: splitTopLevel(inner).map((e) => entryName(e, 'property')), destructured: true};
  }
  if (entries.some((e) => e.startsWith('{') || e.startsWith('['))) {
    throw new Error(`only a single destructured object or plain parameters are understood; received (${list})`);
  }
  return {names: entries.map((e) => entryName(e, 'parameter')), destructured: false};
}

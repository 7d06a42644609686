/**
 * Discrete values and display texts as TypeScript: `'running'`, `3`, and object keys that are bare
 * identifiers when they can be (`Open: 1`, `'Take Now': 'TAKE'`). Strings go through `tsString`.
 */
import { tsString } from './escape.js';

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

/** A string or number as a TypeScript literal. */
export function tsLiteral(value: string | number): string {
  if (typeof value === 'string') return tsString(value);
  return Object.is(value, -0) ? '0' : String(value);
}

/**
 * An object key: bare when it is an identifier, quoted otherwise. `__proto__`, bare or quoted, would set
 * the object's prototype instead of adding a property, so it is written as a computed key.
 */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `[${tsString(key)}]`;
  return identifier.test(key) ? key : tsString(key);
}

/**
 * JSON-like data → a TypeScript expression on one line, with unquoted identifier keys and
 * single-quoted strings through `tsString`: `{ id: 1, key: 'ping', params: [11] }`.
 */
import { tsString } from './escape.js';

export type Literal = string | number | boolean | undefined | readonly Literal[] | { readonly [key: string]: Literal };

const identifier = /^[A-Za-z_$][A-Za-z0-9_$]*$/;

export function tsLiteral(value: Literal): string {
  if (typeof value === 'string') return tsString(value);
  if (typeof value === 'number') return Object.is(value, -0) ? '0' : String(value);
  if (typeof value === 'boolean') return String(value);
  if (value === undefined) return 'undefined';
  if (isArray(value)) return `[${value.map(tsLiteral).join(', ')}]`;
  let body = '';
  for (const key in value) {
    const entry = value[key];
    if (entry === undefined) continue;
    body += `${body ? ', ' : ''}${propertyKey(key)}: ${tsLiteral(entry)}`;
  }
  return body ? `{ ${body} }` : '{}';
}

/**
 * An object key: bare when it is an identifier, quoted otherwise. `__proto__`, bare or quoted, would set
 * the object's prototype instead of adding a property, so it is written as a computed key.
 */
export function propertyKey(key: string): string {
  if (key === '__proto__') return `[${tsString(key)}]`;
  return identifier.test(key) ? key : tsString(key);
}

function isArray(value: Literal): value is readonly Literal[] {
  return Array.isArray(value);
}

/**
 * Generated modules carry their protocol as JSON text: TypeScript checks a string in no time, where a
 * 20 000-param object literal cost seconds, and JSON.parse is the fastest way for V8 to build it.
 */
import type { ProtocolSpec } from './spec.js';

const lists = ['connections', 'params', 'commands', 'responses', 'pairs'] as const;

/** Parses a generated module's protocol JSON; throws a TypeError if it is not a protocol spec. */
export function protocolFromJson(json: string): ProtocolSpec {
  const value: unknown = JSON.parse(json);
  if (typeof value !== 'object' || value === null) throw new TypeError('protocol JSON is not an object');
  const record = value as Record<string, unknown>;
  if (typeof record['name'] !== 'string') throw new TypeError('protocol JSON has no name');
  for (const list of lists) {
    if (!Array.isArray(record[list])) throw new TypeError(`protocol JSON has no ${list} list`);
  }
  return value as ProtocolSpec;
}

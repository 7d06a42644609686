/**
 * propertyKey gives a key in the form V8 keeps property names in (internalized). Whether a string
 * is internalized is visible only to V8's natives syntax, enabled here for the functions this file
 * compiles; a key JSON.parse made is not internalized at first, or the test would prove nothing.
 */
import { setFlagsFromString } from 'node:v8';
import { describe, expect, it } from 'vitest';
import { propertyKey } from '../../runtime/src/codec/property-key.js';

setFlagsFromString('--allow-natives-syntax');
// Natives syntax parses only in code compiled after the flag is set, hence a Function made here.
const isInternalized = new Function('value', 'return %IsInternalizedString(value)') as (value: string) => boolean;

describe('propertyKey', () => {
  it('turns a key JSON.parse made into the internalized copy of the same text', () => {
    const parsed = (JSON.parse('{"key":"outputNumberOfTheRouter"}') as { key: string }).key;
    expect(isInternalized(parsed)).toBe(false);
    const key = propertyKey(parsed);
    expect(key).toBe('outputNumberOfTheRouter');
    expect(isInternalized(key)).toBe(true);
  });
});

/** numeric-text.ts directly: the grammar, and the fast path agreeing with `Number`. */

import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatNumericText, parseNumericText } from '../../runtime/src/codec/numeric-text.js';
import { ascii } from './helpers.js';

const parse = (text: string, base = 10): number => {
  const bytes = ascii(text);
  return parseNumericText(bytes, 0, bytes.length, base);
};

describe('parseNumericText', () => {
  it.each([
    ['0', 0],
    ['5.', 5],
    ['.25', 0.25],
    ['-0.001', -0.001],
    ['0,25', 0.25],
    ['+3', 3],
    ['  -3.50  ', -3.5],
    ['123456789012345', 123456789012345],
    ['1234567890123456', 1234567890123456],
    ['0.1234567890123456789', 0.1234567890123456789],
    ['1e-3', 0.001],
    ['-1.5E+2', -150],
  ])('%j → %d', (text, expected) => {
    expect(parse(text)).toBe(expected);
  });

  it.each(['', ' ', '-', '+', '.', ',', '1..2', '1.2,3', '1e', '1e+', 'e5', '--1', '1-', '0x10', '1_000', '١'])('%j → NaN', (text) => {
    expect(parse(text)).toBeNaN();
  });

  it('other bases', () => {
    expect(parse('7fffffff', 16)).toBe(0x7fffffff);
    expect(parse('-11', 2)).toBe(-3);
    expect(parse('zz', 36)).toBe(35 * 36 + 35);
    expect(parse('8', 8)).toBeNaN();
    expect(parse('1e3', 16)).toBe(0x1e3);
  });

  it('reads a field inside a larger buffer', () => {
    const bytes = ascii('ab-12.5cd');
    expect(parseNumericText(bytes, 2, 7, 10)).toBe(-12.5);
  });

  it('agrees with Number on generated decimal text', () => {
    const text = fc
      .tuple(fc.constantFrom('', '-', '+'), fc.stringMatching(/^[0-9]{1,18}$/), fc.option(fc.stringMatching(/^[0-9]{0,18}$/)))
      .map(([sign, whole, fraction]) => `${sign}${whole}${fraction === null ? '' : `.${fraction}`}`);
    fc.assert(
      fc.property(text, (t) => {
        expect(parse(t)).toBe(Number(t));
        expect(parse(t.replace('.', ','))).toBe(Number(t));
      }),
      { seed: 42, numRuns: 200 },
    );
  });

  it('reads back what formatNumericText writes', () => {
    fc.assert(
      fc.property(fc.double({ noNaN: true, noDefaultInfinity: true }), (value) => {
        expect(parse(formatNumericText(value, 10, undefined))).toBe(value === 0 ? 0 : value);
      }),
      { seed: 42, numRuns: 200 },
    );
    fc.assert(
      fc.property(fc.integer({ min: -(2 ** 40), max: 2 ** 40 }), fc.integer({ min: 2, max: 36 }), (value, base) => {
        expect(parse(formatNumericText(value, base, undefined), base)).toBe(value === 0 ? 0 : value);
      }),
      { seed: 42, numRuns: 200 },
    );
  });
});

/**
 * One value per RawType × LengthType, decoded and encoded through a single-field frame. Every byte
 * sequence is written out by hand from the documented rules (protocol-semantics §3.4, numbers.ts,
 * numeric-text.ts, values.ts).
 */

import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '@protogen-dm/runtime';
import { ascii, data, frame, hex, show } from './helpers.js';

type Extra = Omit<Partial<ParamSpec>, 'id'>;

const NO_MATCH = 'no match';
const OMITTED = 'omitted';

interface DecodeCase {
  readonly name: string;
  readonly param: Extra;
  readonly wire: Uint8Array;
  readonly expected: string | number | typeof NO_MATCH | typeof OMITTED;
}

const u = (length: number, extra: Extra = {}): Extra => ({ raw: 'unsigned number', value: 'number', lengthType: 'fixed', length, ...extra });
const s = (length: number, extra: Extra = {}): Extra => ({ raw: 'signed number', value: 'number', lengthType: 'fixed', length, ...extra });
const dbl = (length: number, extra: Extra = {}): Extra => ({ raw: 'double', value: 'number', lengthType: 'fixed', length, ...extra });
const bcd = (length: number, extra: Extra = {}): Extra => ({ raw: 'bcd', value: 'number', lengthType: 'fixed', length, ...extra });
const num = (extra: Extra = {}): Extra => ({ raw: 'numeric text', value: 'number', ...extra });
const big = { endian: 'big' } as const;

const decodeCases: readonly DecodeCase[] = [
  // unsigned number
  { name: 'unsigned 1: 31 → 49', param: u(1), wire: hex('31'), expected: 49 },
  { name: 'unsigned 2: 01 00 → 1 (little: least significant first)', param: u(2), wire: hex('01 00'), expected: 1 },
  { name: 'unsigned 2 big: 01 00 → 256', param: u(2, big), wire: hex('01 00'), expected: 256 },
  { name: 'unsigned 2: FF FF → 65535', param: u(2), wire: hex('FF FF'), expected: 65535 },
  { name: 'unsigned 3: 01 02 03 → 0x030201', param: u(3), wire: hex('01 02 03'), expected: 0x030201 },
  { name: 'unsigned 4: 78 56 34 12 → 0x12345678', param: u(4), wire: hex('78 56 34 12'), expected: 0x12345678 },
  { name: 'unsigned 4 big: 12 34 56 78 → 0x12345678', param: u(4, big), wire: hex('12 34 56 78'), expected: 0x12345678 },
  { name: 'unsigned 4: FF FF FF FF → 2^32 − 1', param: u(4), wire: hex('FF FF FF FF'), expected: 4294967295 },
  { name: 'unsigned 8: 01 00… → 1', param: u(8), wire: hex('01 00 00 00 00 00 00 00'), expected: 1 },
  { name: 'unsigned 8: 2^53 − 1 exact', param: u(8), wire: hex('FF FF FF FF FF FF 1F 00'), expected: 9007199254740991 },
  { name: 'unsigned 8 big: 00 00 00 01 00 00 00 00 → 2^32', param: u(8, big), wire: hex('00 00 00 01 00 00 00 00'), expected: 4294967296 },
  { name: 'unsigned 8: 2^64 − 1 rounds to the nearest double 2^64', param: u(8), wire: hex('FF FF FF FF FF FF FF FF'), expected: 18446744073709551616 },
  { name: 'unsigned variable: 01 02 → 0x0201', param: u(1, { lengthType: 'next param' }), wire: hex('01 02'), expected: 0x0201 },
  { name: 'unsigned variable, empty → omitted', param: u(1, { lengthType: 'next param' }), wire: hex(''), expected: OMITTED },
  { name: 'unsigned variable, 9 bytes → no match', param: u(1, { lengthType: 'next param' }), wire: hex('01 02 03 04 05 06 07 08 09'), expected: NO_MATCH },
  // signed number
  { name: 'signed 4: FD FF FF FF → −3', param: s(4), wire: hex('FD FF FF FF'), expected: -3 },
  { name: 'signed 4: 03 00 00 00 → 3', param: s(4), wire: hex('03 00 00 00'), expected: 3 },
  { name: 'signed 1: FF → −1', param: s(1), wire: hex('FF'), expected: -1 },
  { name: 'signed 1: 80 → −128', param: s(1), wire: hex('80'), expected: -128 },
  { name: 'signed 1: 7F → 127', param: s(1), wire: hex('7F'), expected: 127 },
  { name: 'signed 2 big: FF FE → −2', param: s(2, big), wire: hex('FF FE'), expected: -2 },
  { name: 'signed 2: FE FF → −2', param: s(2), wire: hex('FE FF'), expected: -2 },
  { name: 'signed 8: FF×8 → −1', param: s(8), wire: hex('FF FF FF FF FF FF FF FF'), expected: -1 },
  { name: 'signed 8: FE FF… → −2', param: s(8), wire: hex('FE FF FF FF FF FF FF FF'), expected: -2 },
  { name: 'signed 8: 00…80 → −2^63', param: s(8), wire: hex('00 00 00 00 00 00 00 80'), expected: -9223372036854775808 },
  { name: 'signed 8 big: 80 00… → −2^63', param: s(8, big), wire: hex('80 00 00 00 00 00 00 00'), expected: -9223372036854775808 },
  // double
  { name: 'double 4: 00 00 80 3F → 1', param: dbl(4), wire: hex('00 00 80 3F'), expected: 1 },
  { name: 'double 4 big: 3F 80 00 00 → 1', param: dbl(4, big), wire: hex('3F 80 00 00'), expected: 1 },
  { name: 'double 4: CD CC 8C 3F (float 1.1) → 1.1 after 6 decimals', param: dbl(4), wire: hex('CD CC 8C 3F'), expected: 1.1 },
  { name: 'double 4 big: C0 20 00 00 → −2.5', param: dbl(4, big), wire: hex('C0 20 00 00'), expected: -2.5 },
  { name: 'double 8: 00… F0 3F → 1', param: dbl(8), wire: hex('00 00 00 00 00 00 F0 3F'), expected: 1 },
  { name: 'double 8 big: π → 3.141593 (default 6 decimals)', param: dbl(8, big), wire: hex('40 09 21 FB 54 44 2D 18'), expected: 3.141593 },
  { name: 'double 8 big: π with 10 decimals', param: dbl(8, { endian: 'big', decimals: 10 }), wire: hex('40 09 21 FB 54 44 2D 18'), expected: 3.1415926536 },
  { name: 'double variable, 3 bytes → no match', param: dbl(8, { lengthType: 'next param' }), wire: hex('01 02 03'), expected: NO_MATCH },
  // bcd
  { name: 'bcd 2: 12 34 → 1234', param: bcd(2), wire: hex('12 34'), expected: 1234 },
  { name: 'bcd 2: 00 07 → 7', param: bcd(2), wire: hex('00 07'), expected: 7 },
  { name: 'bcd 1: 99 → 99', param: bcd(1), wire: hex('99'), expected: 99 },
  { name: 'bcd 2: 1A 00 → no match (nibble above 9)', param: bcd(2), wire: hex('1A 00'), expected: NO_MATCH },
  { name: 'bcd 1: A0 → no match', param: bcd(1), wire: hex('A0'), expected: NO_MATCH },
  // numeric text
  { name: 'numeric text: "123" → 123', param: num(), wire: ascii('123'), expected: 123 },
  { name: 'numeric text: "-12.5" → −12.5', param: num(), wire: ascii('-12.5'), expected: -12.5 },
  { name: 'numeric text: "1,5" → 1.5 (comma is a decimal point)', param: num(), wire: ascii('1,5'), expected: 1.5 },
  { name: 'numeric text: "+7" → 7', param: num(), wire: ascii('+7'), expected: 7 },
  { name: 'numeric text: " 42 " → 42 (spaces ignored)', param: num(), wire: ascii(' 42 '), expected: 42 },
  { name: 'numeric text: "1e3" → 1000', param: num(), wire: ascii('1e3'), expected: 1000 },
  { name: 'numeric text: "2.5E-1" → 0.25', param: num(), wire: ascii('2.5E-1'), expected: 0.25 },
  { name: 'numeric text: ".5" → 0.5', param: num(), wire: ascii('.5'), expected: 0.5 },
  { name: 'numeric text: "12345678901234567" → 12345678901234568', param: num(), wire: ascii('12345678901234567'), expected: 12345678901234568 },
  { name: 'numeric text: "12.3456789" → 12.345679 (6 decimals)', param: num(), wire: ascii('12.3456789'), expected: 12.345679 },
  { name: 'numeric text: "abc" → no match', param: num(), wire: ascii('abc'), expected: NO_MATCH },
  { name: 'numeric text: "1.2.3" → no match', param: num(), wire: ascii('1.2.3'), expected: NO_MATCH },
  { name: 'numeric text: "1 000" → no match', param: num(), wire: ascii('1 000'), expected: NO_MATCH },
  { name: 'numeric text: "-" → no match', param: num(), wire: ascii('-'), expected: NO_MATCH },
  { name: 'numeric text: "1e" → no match', param: num(), wire: ascii('1e'), expected: NO_MATCH },
  { name: 'numeric text: "" → omitted', param: num(), wire: ascii(''), expected: OMITTED },
  { name: 'numeric text: "   " → omitted', param: num(), wire: ascii('   '), expected: OMITTED },
  { name: 'numeric text fixed 4: "0042" → 42', param: num({ lengthType: 'fixed', length: 4 }), wire: ascii('0042'), expected: 42 },
  { name: 'numeric text base 16: "1F" → 31', param: num({ base: 16 }), wire: ascii('1F'), expected: 31 },
  { name: 'numeric text base 16: "ff" → 255', param: num({ base: 16 }), wire: ascii('ff'), expected: 255 },
  { name: 'numeric text base 16: "31" → 49', param: num({ base: 16 }), wire: ascii('31'), expected: 49 },
  { name: 'numeric text base 16: "-A" → −10', param: num({ base: 16 }), wire: ascii('-A'), expected: -10 },
  { name: 'numeric text base 16: "1.5" → no match', param: num({ base: 16 }), wire: ascii('1.5'), expected: NO_MATCH },
  { name: 'numeric text base 16: "1G" → no match', param: num({ base: 16 }), wire: ascii('1G'), expected: NO_MATCH },
  { name: 'numeric text base 2: "101" → 5', param: num({ base: 2 }), wire: ascii('101'), expected: 5 },
  { name: 'numeric text base 2: "102" → no match', param: num({ base: 2 }), wire: ascii('102'), expected: NO_MATCH },
  { name: 'numeric text base 36: "Z" → 35', param: num({ base: 36 }), wire: ascii('z'), expected: 35 },
  { name: 'numeric text as string: "007" → "007"', param: { raw: 'numeric text' }, wire: ascii('007'), expected: '007' },
  { name: 'numeric text as string: "x7" → no match', param: { raw: 'numeric text' }, wire: ascii('x7'), expected: NO_MATCH },
  // text
  { name: 'text: "Hello, World!" (all allowed)', param: { raw: 'text' }, wire: ascii('Hello, World!'), expected: 'Hello, World!' },
  { name: 'text: "a-b.c;d?e" (all allowed)', param: { raw: 'text' }, wire: ascii('a-b.c;d?e'), expected: 'a-b.c;d?e' },
  { name: 'text: "a_b" → no match', param: { raw: 'text' }, wire: ascii('a_b'), expected: NO_MATCH },
  { name: 'text: "a:b" → no match', param: { raw: 'text' }, wire: ascii('a:b'), expected: NO_MATCH },
  { name: 'text: C3 A9 (é) → no match', param: { raw: 'text' }, wire: hex('C3 A9'), expected: NO_MATCH },
  { name: 'text fixed 5: "ab   " kept as is', param: { raw: 'text', lengthType: 'fixed', length: 5 }, wire: ascii('ab   '), expected: 'ab   ' },
  { name: 'text fixed 5 trim right: "ab   " → "ab"', param: { raw: 'text', lengthType: 'fixed', length: 5, trim: 'right' }, wire: ascii('ab   '), expected: 'ab' },
  // other
  { name: 'other: UTF-8 68 C3 A9 6C 6C 6F → "héllo"', param: {}, wire: hex('68 C3 A9 6C 6C 6F'), expected: 'héllo' },
  { name: 'other: any bytes (00 7F) taken as is', param: {}, wire: hex('00 7F'), expected: '\u0000\u007f' },
  { name: 'other: bad UTF-8 FF → U+FFFD', param: {}, wire: hex('41 FF'), expected: 'A\ufffd' },
  { name: 'other filter: "a\\r\\nb" → "ab"', param: { filter: true }, wire: ascii('a\r\nb'), expected: 'ab' },
  { name: 'other trim both: "  x  " → "x"', param: { trim: 'both' }, wire: ascii('  x  '), expected: 'x' },
  { name: 'other trim left: "  x  " → "x  "', param: { trim: 'left' }, wire: ascii('  x  '), expected: 'x  ' },
  { name: 'other filter + trim: " x\\r\\n" → "x"', param: { filter: true, trim: 'both' }, wire: ascii(' x\r\n'), expected: 'x' },
  { name: 'other fixed 4: "ab  " kept as is', param: { lengthType: 'fixed', length: 4 }, wire: ascii('ab  '), expected: 'ab  ' },
  { name: 'other as number: "12.5" → 12.5', param: { value: 'number' }, wire: ascii('12.5'), expected: 12.5 },
  { name: 'other as number: "n/a" → no match', param: { value: 'number' }, wire: ascii('n/a'), expected: NO_MATCH },
  // factor, decimals, range, exceptions, number-as-string
  { name: 'factor 0.1: signed 2 big 00 FB (251) → 25.1', param: s(2, { endian: 'big', factor: 0.1 }), wire: hex('00 FB'), expected: 25.1 },
  { name: 'factor 0.1: signed 2 big FF 9C (−100) → −10', param: s(2, { endian: 'big', factor: 0.1 }), wire: hex('FF 9C'), expected: -10 },
  { name: 'factor 2.5: unsigned 1 04 → 10', param: u(1, { factor: 2.5 }), wire: hex('04'), expected: 10 },
  { name: 'factor 0.01 decimals 1: 0x04D7 (1239) → 12.4', param: u(2, { endian: 'big', factor: 0.01, decimals: 1 }), wire: hex('04 D7'), expected: 12.4 },
  { name: 'decimals 0: "2.5" → 3 (ties away from zero)', param: num({ decimals: 0 }), wire: ascii('2.5'), expected: 3 },
  { name: 'decimals 0: "-2.5" → −3', param: num({ decimals: 0 }), wire: ascii('-2.5'), expected: -3 },
  { name: 'range 0–100: 64 (100) kept', param: u(1, { low: 0, high: 100 }), wire: hex('64'), expected: 100 },
  { name: 'range 0–100: 65 (101) → omitted', param: u(1, { low: 0, high: 100 }), wire: hex('65'), expected: OMITTED },
  { name: 'range −40–85 after factor: FE 70 (−400 × 0.1 = −40) kept', param: s(2, { endian: 'big', factor: 0.1, low: -40, high: 85 }), wire: hex('FE 70'), expected: -40 },
  { name: 'range −40–85 after factor: FE 6F (−40.1) → omitted', param: s(2, { endian: 'big', factor: 0.1, low: -40, high: 85 }), wire: hex('FE 6F'), expected: OMITTED },
  {
    name: 'exception on numeric text: "---" → −1',
    param: num({ exceptions: [{ match: '---', value: -1, display: 'N/A' }] }),
    wire: ascii('---'),
    expected: -1,
  },
  {
    name: 'exception bypasses range: "999" → −1 although high is 100',
    param: num({ high: 100, exceptions: [{ match: '999', value: -1, display: 'N/A' }] }),
    wire: ascii('999'),
    expected: -1,
  },
  {
    name: 'exception on binary: FF (255) → −1',
    param: u(1, { exceptions: [{ match: '255', value: -1, display: 'N/A' }] }),
    wire: hex('FF'),
    expected: -1,
  },
  {
    name: 'exception on string: "OFF" → "disabled"',
    param: { exceptions: [{ match: 'OFF', value: 'disabled', display: 'Disabled' }] },
    wire: ascii('OFF'),
    expected: 'disabled',
  },
  { name: 'unsigned as string: 2A → "42"', param: u(1, { value: 'string' }), wire: hex('2A'), expected: '42' },
];

describe('decode one value (RawType × LengthType)', () => {
  it.each(decodeCases)('$name', ({ param, wire, expected }) => {
    const result = frame([data(1, param)]).match(wire);
    if (expected === NO_MATCH) expect(result).toBeUndefined();
    else if (expected === OMITTED) expect(result).toEqual({});
    else expect(result).toEqual({ p1: expected });
  });
});

interface EncodeCase {
  readonly name: string;
  readonly param: Extra;
  readonly value: unknown;
  /** The wire bytes, or a fragment of the RangeError message. */
  readonly expected: Uint8Array | { readonly error: string };
}

const fails = (error: string): { readonly error: string } => ({ error });

const encodeCases: readonly EncodeCase[] = [
  // unsigned number
  { name: 'unsigned 1: 49 → 31', param: u(1), value: 49, expected: hex('31') },
  { name: 'unsigned 2: 1 → 01 00', param: u(2), value: 1, expected: hex('01 00') },
  { name: 'unsigned 2 big: 256 → 01 00', param: u(2, big), value: 256, expected: hex('01 00') },
  { name: 'unsigned 2: 65535 → FF FF', param: u(2), value: 65535, expected: hex('FF FF') },
  { name: 'unsigned 4 big: 0x12345678', param: u(4, big), value: 0x12345678, expected: hex('12 34 56 78') },
  { name: 'unsigned 8: 2^53 → 00 00 00 00 00 00 20 00', param: u(8), value: 2 ** 53, expected: hex('00 00 00 00 00 00 20 00') },
  { name: 'unsigned 8 big: 2^63', param: u(8, big), value: 2 ** 63, expected: hex('80 00 00 00 00 00 00 00') },
  { name: 'unsigned variable: 513 → 01 02 (fewest bytes)', param: u(1, { lengthType: 'next param' }), value: 513, expected: hex('01 02') },
  { name: 'unsigned variable: 0 → 00', param: u(1, { lengthType: 'next param' }), value: 0, expected: hex('00') },
  { name: 'unsigned 2: numeric string "258" → 02 01', param: u(2), value: '258', expected: hex('02 01') },
  { name: 'unsigned 2: 65536 does not fit', param: u(2), value: 65536, expected: fails('does not fit an unsigned number of 2 bytes') },
  { name: 'unsigned 1: −1 does not fit', param: u(1), value: -1, expected: fails('does not fit an unsigned number of 1 byte') },
  { name: 'unsigned 8: 2^64 does not fit', param: u(8), value: 2 ** 64, expected: fails('does not fit') },
  { name: 'unsigned 2: 1.5 is not an integer', param: u(2), value: 1.5, expected: fails('1.5 is not an integer') },
  // signed number
  { name: 'signed 4: −3 → FD FF FF FF', param: s(4), value: -3, expected: hex('FD FF FF FF') },
  { name: 'signed 4: 3 → 03 00 00 00', param: s(4), value: 3, expected: hex('03 00 00 00') },
  { name: 'signed 1: −128 → 80', param: s(1), value: -128, expected: hex('80') },
  { name: 'signed 2 big: −2 → FF FE', param: s(2, big), value: -2, expected: hex('FF FE') },
  { name: 'signed 8: −1 → FF×8', param: s(8), value: -1, expected: hex('FF FF FF FF FF FF FF FF') },
  { name: 'signed 8: −2^63 → 00…80', param: s(8), value: -(2 ** 63), expected: hex('00 00 00 00 00 00 00 80') },
  { name: 'signed variable: −2 → FE', param: s(1, { lengthType: 'next param' }), value: -2, expected: hex('FE') },
  { name: 'signed variable: 128 → 80 00', param: s(1, { lengthType: 'next param' }), value: 128, expected: hex('80 00') },
  { name: 'signed 1: 128 does not fit', param: s(1), value: 128, expected: fails('does not fit a signed number of 1 byte') },
  { name: 'signed 1: −129 does not fit', param: s(1), value: -129, expected: fails('does not fit a signed number') },
  // double
  { name: 'double 4: 1 → 00 00 80 3F', param: dbl(4), value: 1, expected: hex('00 00 80 3F') },
  { name: 'double 4 big: −2.5 → C0 20 00 00', param: dbl(4, big), value: -2.5, expected: hex('C0 20 00 00') },
  { name: 'double 8: 1 → 00… F0 3F', param: dbl(8), value: 1, expected: hex('00 00 00 00 00 00 F0 3F') },
  { name: 'double 8 big: π', param: dbl(8, big), value: Math.PI, expected: hex('40 09 21 FB 54 44 2D 18') },
  { name: 'double 8: NaN is refused', param: dbl(8), value: Number.NaN, expected: fails('expected a number') },
  { name: 'double 4: 1e300 is refused (it would be +Infinity)', param: dbl(4), value: 1e300, expected: fails('1e+300 is beyond the range of a 4-byte float') },
  { name: 'double 4: 3.4e38 fits', param: dbl(4, big), value: 3.4e38, expected: hex('7F 7F C9 9E') },
  // bcd
  { name: 'bcd 2: 1234 → 12 34', param: bcd(2), value: 1234, expected: hex('12 34') },
  { name: 'bcd 2: 7 → 00 07', param: bcd(2), value: 7, expected: hex('00 07') },
  { name: 'bcd 2: 12345 does not fit', param: bcd(2), value: 12345, expected: fails('does not fit 2 BCD bytes') },
  { name: 'bcd 1: −1 is refused', param: bcd(1), value: -1, expected: fails('cannot be written as BCD') },
  // numeric text
  { name: 'numeric text: 123 → "123"', param: num(), value: 123, expected: ascii('123') },
  { name: 'numeric text: −12.5 → "-12.5"', param: num(), value: -12.5, expected: ascii('-12.5') },
  { name: 'numeric text: 0.1 + 0.2 → "0.3" (6 decimals kept)', param: num(), value: 0.1 + 0.2, expected: ascii('0.3') },
  { name: 'numeric text decimals 2: 3.14159 → "3.14"', param: num({ decimals: 2 }), value: 3.14159, expected: ascii('3.14') },
  { name: 'numeric text fixed 4: 42 → "0042"', param: num({ lengthType: 'fixed', length: 4 }), value: 42, expected: ascii('0042') },
  { name: 'numeric text fixed 5: −12 → "-0012"', param: num({ lengthType: 'fixed', length: 5 }), value: -12, expected: ascii('-0012') },
  { name: 'numeric text fixed 4: 12345 does not fit', param: num({ lengthType: 'fixed', length: 4 }), value: 12345, expected: fails('does not fit 4 characters') },
  { name: 'numeric text base 16 fixed 2: 31 → "1F"', param: num({ base: 16, lengthType: 'fixed', length: 2 }), value: 31, expected: ascii('1F') },
  { name: 'numeric text base 16 fixed 4: 10 → "000A"', param: num({ base: 16, lengthType: 'fixed', length: 4 }), value: 10, expected: ascii('000A') },
  { name: 'numeric text base 16: 255 → "FF"', param: num({ base: 16 }), value: 255, expected: ascii('FF') },
  { name: 'numeric text base 2: 5 → "101"', param: num({ base: 2 }), value: 5, expected: ascii('101') },
  { name: 'numeric text base 16: 1.5 is refused', param: num({ base: 16 }), value: 1.5, expected: fails('not an integer (base 16)') },
  { name: 'numeric text as string fixed 3: "7" → "007"', param: { raw: 'numeric text', lengthType: 'fixed', length: 3 }, value: '7', expected: ascii('007') },
  { name: 'numeric text as string: "x" is refused', param: { raw: 'numeric text' }, value: 'x', expected: fails('is not numeric text') },
  // text and other
  { name: 'text fixed 5: "ab" → "ab   "', param: { raw: 'text', lengthType: 'fixed', length: 5 }, value: 'ab', expected: ascii('ab   ') },
  { name: 'text fixed 5: "abcdefg" is refused (never cut)', param: { raw: 'text', lengthType: 'fixed', length: 5 }, value: 'abcdefg', expected: fails('"abcdefg" is 7 bytes, longer than its fixed length 5') },
  { name: 'other fixed 2: "é€" is refused (5 bytes)', param: { lengthType: 'fixed', length: 2 }, value: 'é€', expected: fails('is 5 bytes, longer than its fixed length 2') },
  { name: 'numeric text as string: "ıĲ" is refused (not ASCII)', param: { raw: 'numeric text' }, value: 'ıĲ', expected: fails('not ASCII digits') },
  { name: 'text: "a_b" is refused', param: { raw: 'text' }, value: 'a_b', expected: fails('outside RawType text') },
  { name: 'other: "héllo" → UTF-8', param: {}, value: 'héllo', expected: hex('68 C3 A9 6C 6C 6F') },
  { name: 'other: number 12.5 → "12.5"', param: {}, value: 12.5, expected: ascii('12.5') },
  { name: 'other fixed 3: "" → 3 spaces', param: { lengthType: 'fixed', length: 3 }, value: '', expected: ascii('   ') },
  { name: 'other: an object is refused', param: {}, value: { a: 1 }, expected: fails('expected a string, got an object') },
  // factor, exceptions
  { name: 'factor 0.1: 25.1 → 00 FB (big)', param: s(2, { endian: 'big', factor: 0.1 }), value: 25.1, expected: hex('00 FB') },
  { name: 'factor 0.1: −10 → FF 9C (big)', param: s(2, { endian: 'big', factor: 0.1 }), value: -10, expected: hex('FF 9C') },
  { name: 'factor 0.1 numeric text: 12.3 → "123"', param: num({ factor: 0.1 }), value: 12.3, expected: ascii('123') },
  { name: 'factor 0.5: 1.3 → 2.6 is not an integer', param: u(1, { factor: 0.5 }), value: 1.3, expected: fails('2.6 is not an integer') },
  { name: 'range is not enforced unless asked (the driver asks)', param: u(1, { low: 0, high: 10 }), value: 200, expected: hex('C8') },
  { name: 'exception value → its match text', param: num({ exceptions: [{ match: '---', value: -1, display: 'N/A' }] }), value: -1, expected: ascii('---') },
  { name: 'exception value on binary → its raw number', param: u(1, { exceptions: [{ match: '255', value: -1, display: 'N/A' }] }), value: -1, expected: hex('FF') },
];

describe('encode one value (RawType × LengthType)', () => {
  it.each(encodeCases)('$name', ({ param, value, expected }) => {
    const codec = frame([data(1, param)]);
    if (expected instanceof Uint8Array) {
      expect(show(codec.build({ p1: value }))).toBe(show(expected));
    } else {
      expect(() => codec.build({ p1: value })).toThrow(RangeError);
      expect(() => codec.build({ p1: value })).toThrow(expected.error);
    }
  });
});

describe('missing values', () => {
  const refused: readonly { name: string; param: Extra }[] = [
    { name: 'fixed other', param: { lengthType: 'fixed', length: 3 } },
    { name: 'fixed numeric text', param: num({ lengthType: 'fixed', length: 3 }) },
    { name: 'fixed unsigned', param: u(2) },
    { name: 'variable other', param: {} },
    { name: 'variable numeric text', param: num() },
  ];
  it.each(refused)('$name without a default is refused, never filled', ({ param }) => {
    const codec = frame([data(1, param)]);
    expect(() => codec.build({})).toThrow("param 1 'p1': missing value (the param has no default value)");
    expect(() => codec.build({ p1: undefined })).toThrow(RangeError);
  });

  const defaults: readonly { name: string; param: Extra; expected: Uint8Array }[] = [
    { name: 'default value 5 on numeric text → "5"', param: num({ defaultValue: 5 }), expected: ascii('5') },
    { name: 'default value "abc" on fixed other 4 → "abc "', param: { lengthType: 'fixed', length: 4, defaultValue: 'abc' }, expected: ascii('abc ') },
  ];
  it.each(defaults)('$name', ({ param, expected }) => {
    const codec = frame([data(1, param)]);
    expect(show(codec.build({}))).toBe(show(expected));
    expect(show(codec.build({ p1: undefined }))).toBe(show(expected));
  });
});

describe('Range and Discreets, when asked', () => {
  it('refuses values outside them with checkValues, sends them without', () => {
    const ranged = frame([data(1, u(1, { low: 0, high: 10 }))]);
    expect(() => ranged.build({ p1: 11 }, true)).toThrow("param 1 'p1': 11 is outside Interprete/Range 0 to 10");
    expect(show(ranged.build({ p1: 10 }, true))).toBe(show(hex('0A')));
    const discrete = frame([data(1, { discretes: ['on', 'off'] })]);
    expect(() => discrete.build({ p1: 'dim' }, true)).toThrow('"dim" is not one of the Discreets ("on", "off")');
    expect(show(discrete.build({ p1: 'dim' }))).toBe(show(ascii('dim')));
  });
});

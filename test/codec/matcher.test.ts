/** Matching whole frames: delimiters, fixed fields, lengths, checksums, and near misses. */

import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '@protogen-dm/runtime';
import { ascii, data, fixed, fixedHex, frame, hex } from './helpers.js';

const numeric = (id: number, extra: Partial<ParamSpec> = {}): ParamSpec => data(id, { raw: 'numeric text', value: 'number', ...extra });

describe('empty variable fields', () => {
  // DataMiner's own example: ":?;!" matches a 6-param response with two empty `next param` fields.
  const codec = frame([fixed(1, ':'), data(2), fixed(3, '?'), fixed(4, ';'), data(5), fixed(6, '!')]);

  it('":?;!" → both empty', () => {
    expect(codec.match(ascii(':?;!'))).toEqual({ p2: '', p5: '' });
  });
  it('":a?;bc!" → "a", "bc"', () => {
    expect(codec.match(ascii(':a?;bc!'))).toEqual({ p2: 'a', p5: 'bc' });
  });
  it('near misses', () => {
    expect(codec.match(ascii(':?;'))).toBeUndefined(); // short
    expect(codec.match(ascii(':?;!!'))).toBeUndefined(); // extra byte (the second field stops at the first "!")
    expect(codec.match(ascii('.?;!'))).toBeUndefined(); // header off by one byte
    expect(codec.match(ascii(':?,!'))).toBeUndefined(); // separator off
    expect(codec.match(ascii(''))).toBeUndefined();
  });
  it('an empty numeric field is matched and left out', () => {
    const numbers = frame([fixed(1, ':'), numeric(2), fixed(3, ';')]);
    expect(numbers.match(ascii(':;'))).toEqual({});
    expect(numbers.match(ascii(':5;'))).toEqual({ p2: 5 });
  });
});

describe('structured text (<STATUS:out,in,gain,lock,label>\\r\\n)', () => {
  const sep = fixed(107, ',');
  const params = [
    fixed(100, '<', 'header'),
    fixed(104, 'STATUS:'),
    numeric(20),
    sep,
    numeric(21),
    numeric(22, { decimals: 2 }),
    data(23),
    data(24),
    fixed(108, '>'),
    fixedHex(101, '0d0a', 'trailer'),
  ];
  const codec = frame(params, [100, 104, 20, 107, 21, 107, 22, 107, 23, 107, 24, 108, 101]);

  it('matches a full status', () => {
    expect(codec.match(ascii('<STATUS:3,7,-3.50,LOCKED,Studio B>\r\n'))).toEqual({ p20: 3, p21: 7, p22: -3.5, p23: 'LOCKED', p24: 'Studio B' });
  });
  it('matches an empty label', () => {
    expect(codec.match(ascii('<STATUS:3,7,-3.50,LOCKED,>\r\n'))).toEqual({ p20: 3, p21: 7, p22: -3.5, p23: 'LOCKED', p24: '' });
  });
  it('a label holding the delimiter of an earlier field still parses: fields stop at the first ","', () => {
    expect(codec.match(ascii('<STATUS:3,7,0,LOCKED,a,b>\r\n'))).toEqual({ p20: 3, p21: 7, p22: 0, p23: 'LOCKED', p24: 'a,b' });
  });
  it.each([
    ['[STATUS:3,7,-3.50,LOCKED,B>\r\n', 'header'],
    ['<STATUS;3,7,-3.50,LOCKED,B>\r\n', 'keyword'],
    ['<STATUS:3,7,-3.50,LOCKED,B>\r', 'short trailer'],
    ['<STATUS:3,7,-3.50,LOCKED,B>\n\r', 'trailer bytes swapped'],
    ['<STATUS:3,7,-3.50,LOCKED,B>\r\n\r\n', 'extra bytes'],
    ['<STATUS:x,7,-3.50,LOCKED,B>\r\n', 'not a number'],
    ['<STATUS:3,7,-3.50,LOCKED>\r\n', 'missing field'],
    ['<STATUS:3,7,-3.50>\r\n', 'two fields missing'],
    ['', 'empty'],
  ])('no match: %j (%s)', (text) => {
    expect(codec.match(ascii(text))).toBeUndefined();
  });
});

describe('next param options', () => {
  it('times 2 skips the first delimiter', () => {
    const codec = frame([data(1, { times: 2 }), fixed(2, ','), data(3), fixed(4, ';')]);
    expect(codec.match(ascii('a,b,c;'))).toEqual({ p1: 'a,b', p3: 'c' });
    expect(codec.match(ascii('a,b;'))).toBeUndefined();
  });
  it('last next param reads up to the last occurrence', () => {
    const codec = frame([data(1, { lengthType: 'last next param' }), fixed(2, ';'), data(3), fixed(4, '!')]);
    expect(codec.match(ascii('a;b;c!'))).toEqual({ p1: 'a;b', p3: 'c' });
  });
  it('last next param with times 2 stops at the second-to-last occurrence', () => {
    const codec = frame([data(1, { lengthType: 'last next param', times: 2 }), fixed(2, ';'), data(3)]);
    expect(codec.match(ascii('a;b;c'))).toEqual({ p1: 'a', p3: 'b;c' });
  });
  it('a multi-byte delimiter is found whole, not by its first byte', () => {
    const codec = frame([data(1), fixedHex(2, '0d0a')]);
    expect(codec.match(ascii('a\rb\r\n'))).toEqual({ p1: 'a\rb' });
    expect(codec.match(ascii('a\rb\r'))).toBeUndefined();
  });
  it('a variable field followed by a fixed-length field ends that many bytes before the delimiter', () => {
    const codec = frame([fixedHex(1, '02'), data(2), data(3, { lengthType: 'fixed', length: 2 }), fixedHex(4, '03')]);
    expect(codec.match(hex('02 41 42 43 44 45 03'))).toEqual({ p2: 'ABC', p3: 'DE' });
    expect(codec.match(hex('02 44 45 03'))).toEqual({ p2: '', p3: 'DE' });
    expect(codec.match(hex('02 44 03'))).toBeUndefined();
  });
  it('a variable field at the end takes the rest, less fixed fields after it', () => {
    expect(frame([fixed(1, '#'), data(2)]).match(ascii('#hello, world'))).toEqual({ p2: 'hello, world' });
    expect(frame([data(1), data(2, { lengthType: 'fixed', length: 1 })]).match(ascii('abcZ'))).toEqual({ p1: 'abc', p2: 'Z' });
  });
  it('two variable fields without a constant between them never match', () => {
    const codec = frame([data(1), data(2), fixed(3, ';')]);
    expect(codec.match(ascii('ab;'))).toBeUndefined();
    expect(codec.build({ p1: 'a', p2: 'b' })).toEqual(ascii('ab;'));
  });
});

describe('other param (length from an earlier field)', () => {
  const params = [
    fixedHex(1, '02'),
    data(2, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 1 }),
    data(3, { lengthType: 'other param', lengthParam: 2 }),
    fixedHex(4, '03'),
  ];
  const codec = frame(params);

  it('takes the declared number of bytes', () => {
    expect(codec.match(hex('02 03 41 03 42 03'))).toEqual({ p2: 3, p3: 'A\u0003B' });
    expect(codec.match(hex('02 00 03'))).toEqual({ p2: 0, p3: '' });
  });
  it('a wrong length does not match', () => {
    expect(codec.match(hex('02 04 41 42 43 03'))).toBeUndefined();
    expect(codec.match(hex('02 02 41 42 43 03'))).toBeUndefined();
  });
  it('building computes the length when it is left out, and refuses a wrong one', () => {
    expect(codec.build({ p3: 'ABC' })).toEqual(hex('02 03 41 42 43 03'));
    expect(codec.build({ p2: 3, p3: 'ABC' })).toEqual(hex('02 03 41 42 43 03'));
    expect(() => codec.build({ p2: 2, p3: 'ABC' })).toThrow(/param 2 'p2' is 2 but param 3 'p3' takes 3 bytes/);
  });
  it('a source that comes after the field never matches', () => {
    const late = frame([data(3, { lengthType: 'other param', lengthParam: 2 }), data(2, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 1 })]);
    expect(late.match(hex('41 01'))).toBeUndefined();
  });
});

describe('binary frame with length and XOR checksum (STX code len T H P S bcc ETX)', () => {
  const u = (id: number, length: number, extra: Partial<ParamSpec> = {}): ParamSpec =>
    data(id, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length, endian: 'big', ...extra });
  const params: ParamSpec[] = [
    fixedHex(100, '02', 'header'),
    fixedHex(102, '90'),
    { id: 111, key: 'len', role: 'length', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1, lengthOf: [1, 3, 4, 5, 6] },
    data(20, { raw: 'signed number', value: 'number', lengthType: 'fixed', length: 2, endian: 'big', factor: 0.1, decimals: 1, low: -40, high: 85 }),
    u(21, 2, { factor: 0.1, decimals: 1 }),
    data(22, { raw: 'double', value: 'number', lengthType: 'fixed', length: 4, endian: 'big', decimals: 2 }),
    data(23, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 1 }),
    { id: 121, key: 'bcc', role: 'crc', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 1, crc: { type: 'exor', positions: [1, 2, 3, 4, 5, 6] } },
    fixedHex(109, '03', 'trailer'),
  ];
  const codec = frame(params);
  // code 90 | len 0A (1+2+2+4+1) | T 00 D7 (215 → 21.5) | H 01 C2 (450 → 45) | P 44 7D 50 00 (1013.25f) | S 00
  // bcc = 90^0A^00^D7^01^C2^44^7D^50^00^00 = E7
  const wire = hex('02 90 0A 00 D7 01 C2 44 7D 50 00 00 E7 03');
  const values = { p20: 21.5, p21: 45, p22: 1013.25, p23: 0 };

  it('matches', () => {
    expect(codec.match(wire)).toEqual(values);
  });
  it('builds the same bytes', () => {
    expect(codec.build(values)).toEqual(wire);
  });
  it.each([
    ['02 90 0A 00 D7 01 C2 44 7D 50 00 00 E6 03', 'wrong checksum'],
    ['02 90 0B 00 D7 01 C2 44 7D 50 00 00 E7 03', 'wrong length'],
    ['02 90 0A 00 D8 01 C2 44 7D 50 00 00 E7 03', 'payload byte changed'],
    ['02 91 0A 00 D7 01 C2 44 7D 50 00 00 E7 03', 'code changed'],
    ['02 90 0A 00 D7 01 C2 44 7D 50 00 00 E7', 'short'],
    ['02 90 0A 00 D7 01 C2 44 7D 50 00 00 E7 03 03', 'extra byte'],
    ['', 'empty'],
  ])('no match: %s (%s)', (bytes) => {
    expect(codec.match(hex(bytes))).toBeUndefined();
  });
  it('an out-of-range temperature leaves its key out but the frame matches', () => {
    // T = 03 84 (900 → 90.0 > 85); bcc changes by 00^D7 → 03^84: E7 ^ 00 ^ D7 ^ 03 ^ 84 = B7
    expect(codec.match(hex('02 90 0A 03 84 01 C2 44 7D 50 00 00 B7 03'))).toEqual({ p21: 45, p22: 1013.25, p23: 0 });
  });
});

describe('length params', () => {
  it('without lengthOf count every param except length params', () => {
    const codec = frame([fixed(1, '<'), { id: 2, key: 'len', role: 'length', value: 'number', raw: 'numeric text', lengthType: 'fixed', length: 2 }, data(3), fixed(4, '>')]);
    // "<" (1) + "abc" (3) + ">" (1) = 5, written as "05"
    expect(codec.build({ p3: 'abc' })).toEqual(ascii('<05abc>'));
    expect(codec.match(ascii('<05abc>'))).toEqual({ p3: 'abc' });
    expect(codec.match(ascii('<06abc>'))).toBeUndefined();
  });
  it('a length that counts itself, variable-length numeric text', () => {
    const codec = frame([{ id: 1, key: 'len', role: 'length', value: 'number', raw: 'numeric text', lengthType: 'next param', lengthOf: [0, 1, 2] }, fixed(2, ':'), data(3)]);
    // 8 payload bytes + ":" = 9 → "9" makes 10 → "10" makes 11 → "11" stays 11
    expect(codec.build({ p3: 'abcdefgh' })).toEqual(ascii('11:abcdefgh'));
    expect(codec.match(ascii('11:abcdefgh'))).toEqual({ p3: 'abcdefgh' });
  });
});

describe('match never throws', () => {
  it('on odd inputs', () => {
    const codec = frame([fixedHex(1, '02'), data(2, { raw: 'double', value: 'number', lengthType: 'fixed', length: 8 }), fixedHex(3, '03')]);
    for (const bytes of [hex(''), hex('02'), hex('02 03'), new Uint8Array(1000).fill(2), Buffer.from([2, 0, 0, 0, 0, 0, 0, 0, 0, 3])]) {
      expect(() => codec.match(bytes)).not.toThrow();
    }
    expect(codec.match(Buffer.from([2, 0, 0, 0, 0, 0, 0, 0, 0, 3]))).toEqual({ p2: 0 });
  });
  it('on a subarray view (byteOffset ≠ 0)', () => {
    const codec = frame([data(1, { raw: 'double', value: 'number', lengthType: 'fixed', length: 4 })]);
    const backing = hex('FF FF 00 00 80 3F');
    expect(codec.match(backing.subarray(2))).toEqual({ p1: 1 });
  });
});

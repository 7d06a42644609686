/** Check values of the supported checksums and how a crc param writes and verifies them. */

import { describe, expect, it } from 'vitest';
import { checksum } from '@protogen-dm/runtime/codec';
import { supportedCrcTypes, type CrcType, type ParamSpec } from '@protogen-dm/runtime';
import { ascii, data, fixedHex, frame, hex, show } from './helpers.js';

const digits = ascii('123456789');

describe('check values over ASCII "123456789"', () => {
  // Sum of 0x31..0x39 = 477 = 0x01DD; XOR = 0x31; catalogue values for the CRC-16 variants.
  const cases: readonly { type: CrcType; width: number; expected: number }[] = [
    { type: 'crc16', width: 2, expected: 0xbb3d },
    { type: 'crc-ccitt', width: 2, expected: 0x29b1 },
    { type: 'modbus', width: 2, expected: 0x4b37 },
    { type: 'sum', width: 1, expected: 0xdd },
    { type: 'sum', width: 2, expected: 0x01dd },
    { type: 'exor', width: 1, expected: 0x31 },
    { type: 'exor', width: 2, expected: 0x31 },
    { type: '2comp', width: 1, expected: 0x23 },
    { type: '2comp', width: 2, expected: 0xfe23 },
  ];
  it.each(cases)('$type (width $width) = $expected', ({ type, width, expected }) => {
    expect(checksum(type, digits, width)).toBe(expected);
  });

  it('covers every supported type', () => {
    expect(new Set(cases.map((c) => c.type))).toEqual(new Set(supportedCrcTypes));
  });

  it('empty input: CRCs keep their init value, sums are 0', () => {
    expect(checksum('crc16', hex(''))).toBe(0);
    expect(checksum('modbus', hex(''))).toBe(0xffff);
    expect(checksum('crc-ccitt', hex(''))).toBe(0xffff);
    expect(checksum('sum', hex(''), 1)).toBe(0);
    expect(checksum('2comp', hex(''), 1)).toBe(0);
  });
});

function crcParam(id: number, type: CrcType, positions: readonly number[], extra: Partial<ParamSpec> = {}): ParamSpec {
  return { id, key: `crc${id}`, role: 'crc', value: 'number', raw: 'unsigned number', lengthType: 'fixed', length: 2, crc: { type, positions }, ...extra };
}

describe('crc params in frames', () => {
  // Modbus RTU "read 10 holding registers from 0 of slave 1": 01 03 00 00 00 0A, CRC 0xCDC5 sent low byte first.
  const modbusRequest = frame([
    data(1, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 1 }),
    data(2, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 1 }),
    data(3, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 2, endian: 'big' }),
    data(4, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 2, endian: 'big' }),
    crcParam(5, 'modbus', [0, 1, 2, 3]),
  ]);

  it('modbus: builds the well-known frame, CRC low byte first', () => {
    expect(show(modbusRequest.build({ p1: 1, p2: 3, p3: 0, p4: 10 }))).toBe('01 03 00 00 00 0A C5 CD');
  });

  it('modbus: matches it and rejects a wrong CRC or a changed byte', () => {
    expect(modbusRequest.match(hex('01 03 00 00 00 0A C5 CD'))).toEqual({ p1: 1, p2: 3, p3: 0, p4: 10 });
    expect(modbusRequest.match(hex('01 03 00 00 00 0A CD C5'))).toBeUndefined();
    expect(modbusRequest.match(hex('01 03 00 00 00 0B C5 CD'))).toBeUndefined();
  });

  it('crc-ccitt written big-endian as numeric text base 16, length 4', () => {
    const codec = frame([data(1), crcParam(2, 'crc-ccitt', [0], { raw: 'numeric text', length: 4, base: 16 })]);
    expect(show(codec.build({ p1: '123456789' }))).toBe(show(ascii('12345678929B1')));
    expect(codec.match(ascii('12345678929B1'))).toEqual({ p1: '123456789' });
    expect(codec.match(ascii('12345678929b1'))).toEqual({ p1: '123456789' });
    expect(codec.match(ascii('12345678929B2'))).toBeUndefined();
  });

  it('crc16 big-endian binary', () => {
    const codec = frame([data(1, { lengthType: 'fixed', length: 9 }), crcParam(2, 'crc16', [0], { endian: 'big' })]);
    expect(show(codec.build({ p1: '123456789' }))).toBe(show(new Uint8Array([...digits, 0xbb, 0x3d])));
  });

  it('sum as hex text of 2 characters: "ABC" → 0x41+0x42+0x43 = C6', () => {
    const codec = frame([data(1), fixedHex(2, '2a'), crcParam(3, 'sum', [0], { raw: 'numeric text', length: 2, base: 16 }), fixedHex(4, '0d')]);
    expect(show(codec.build({ p1: 'ABC' }))).toBe(show(ascii('ABC*C6\r')));
    expect(codec.match(ascii('ABC*C6\r'))).toEqual({ p1: 'ABC' });
    expect(codec.match(ascii('ABD*C6\r'))).toBeUndefined();
  });

  it('2comp over one byte: 01 02 03 → FA', () => {
    const codec = frame([data(1, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 1 }), data(2, { raw: 'unsigned number', value: 'number', lengthType: 'fixed', length: 2, endian: 'big' }), crcParam(3, '2comp', [0, 1], { length: 1 })]);
    expect(show(codec.build({ p1: 1, p2: 0x0203 }))).toBe('01 02 03 FA');
    expect(codec.match(hex('01 02 03 FA'))).toEqual({ p1: 1, p2: 0x0203 });
  });

  it('a crc param with raw type other is read as the raw checksum bytes', () => {
    const codec = frame([data(1, { lengthType: 'fixed', length: 2 }), crcParam(2, 'exor', [0], { raw: 'other', length: 1 })]);
    expect(show(codec.build({ p1: 'AB' }))).toBe('41 42 03');
    expect(codec.match(hex('41 42 03'))).toEqual({ p1: 'AB' });
  });

  it('a 16-bit CRC does not fit a 1-byte crc param: RangeError when building', () => {
    const codec = frame([data(1), crcParam(2, 'modbus', [0], { length: 1 })]);
    expect(() => codec.build({ p1: 'x' })).toThrow(RangeError);
  });
});

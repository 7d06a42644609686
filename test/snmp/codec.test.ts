// The SNMP value codec's rules, value by value: numbers by the param's type, counter64 through bigint,
// octet strings as printable text else hex, sets typed by SNMP/Type (defaults: integer, octetstring).
import { describe, expect, it } from 'vitest';
import type { ParamSpec } from '@protogen-dm/runtime';
import { decodeValue, encodeValue, plainValue, Tag } from '../../runtime/src/snmp/codec.js';

const numberParam: ParamSpec = { id: 1, key: 'n', role: 'read', value: 'number', raw: 'other', lengthType: 'next param' };
const textParam: ParamSpec = { ...numberParam, key: 't', value: 'string' };
const oid = '1.3.6.1.4.1.1.0';

describe('SNMP values from the wire', () => {
  it('numbers: a number for a number param, decimal text for a text param', () => {
    for (const type of [Tag.integer, Tag.counter32, Tag.gauge32, Tag.timeTicks]) {
      expect(decodeValue({ oid, type, value: 4000000000 }, numberParam, undefined)).toBe(4000000000);
      expect(decodeValue({ oid, type, value: 7 }, textParam, undefined)).toBe('7');
    }
  });

  it('counter64: every digit as text; a number param rounds above 2^53', () => {
    const bytes = Buffer.from('ffffffffffffffff', 'hex');
    expect(decodeValue({ oid, type: Tag.counter64, value: bytes }, textParam, undefined)).toBe('18446744073709551615');
    expect(decodeValue({ oid, type: Tag.counter64, value: bytes }, numberParam, undefined)).toBe(18446744073709551615);
    expect(decodeValue({ oid, type: Tag.counter64, value: Buffer.from('0100', 'hex') }, numberParam, undefined)).toBe(256);
    expect(plainValue({ oid, type: Tag.counter64, value: bytes })).toBe(18446744073709551615n);
  });

  it('octet strings: printable ASCII as text (tab, CR, LF too), anything else as hex; the SNMP type can say utf8, ascii or hex', () => {
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from('UPS 3000\r\n') }, textParam, undefined)).toBe('UPS 3000\r\n');
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from([0x00, 0x1a, 0x2b]) }, textParam, undefined)).toBe('001a2b');
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from('hélice', 'utf8') }, textParam, undefined)).toBe('68c3a96c696365');
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from('hélice', 'utf8') }, textParam, 'octetstringutf8')).toBe('hélice');
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from([0xe9]) }, textParam, 'octetstringascii')).toBe('é');
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from('AB') }, textParam, 'octetstringhex')).toBe('4142');
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from(' 42 ') }, numberParam, undefined)).toBe(42);
    expect(decodeValue({ oid, type: Tag.octetString, value: Buffer.from('n/a') }, numberParam, undefined)).toBeUndefined();
  });

  it('ipaddress and oid as dotted text; null as no value', () => {
    expect(decodeValue({ oid, type: Tag.ipAddress, value: '10.0.0.1' }, textParam, undefined)).toBe('10.0.0.1');
    expect(decodeValue({ oid, type: Tag.oid, value: '1.3.6.1' }, textParam, undefined)).toBe('1.3.6.1');
    expect(decodeValue({ oid, type: Tag.null, value: null }, textParam, undefined)).toBeUndefined();
  });
});

describe('SNMP values to the wire', () => {
  it('defaults: integer for a number, octetstring (one byte per character) for text', () => {
    expect(encodeValue(oid, -5, undefined)).toEqual({ oid, type: Tag.integer, value: -5 });
    expect(encodeValue(oid, 'é', undefined)).toEqual({ oid, type: Tag.octetString, value: Buffer.from([0xe9]) });
    expect(encodeValue(oid, 'é', 'octetstringutf8')).toEqual({ oid, type: Tag.octetString, value: Buffer.from([0xc3, 0xa9]) });
  });

  it('typed by SNMP/Type, with the range of each', () => {
    expect(encodeValue(oid, 4294967295, 'gauge32')).toEqual({ oid, type: Tag.gauge32, value: 4294967295 });
    expect(encodeValue(oid, '12', 'timeticks')).toEqual({ oid, type: Tag.timeTicks, value: 12 });
    expect(encodeValue(oid, '00ff', 'octetstringhex')).toEqual({ oid, type: Tag.octetString, value: Buffer.from([0, 255]) });
    expect(encodeValue(oid, '10.1.2.3', 'ipaddress')).toEqual({ oid, type: Tag.ipAddress, value: '10.1.2.3' });
    expect(encodeValue(oid, '18446744073709551615', 'counter64')).toEqual({ oid, type: Tag.counter64, value: Buffer.from('00ffffffffffffffff', 'hex') });
    expect(encodeValue(oid, 1, 'counter64')).toEqual({ oid, type: Tag.counter64, value: Buffer.from([1]) });
    expect(() => encodeValue(oid, 2 ** 31, 'integer')).toThrow(`SNMP set of ${oid}: 2147483648 is not an integer from -2147483648 to 2147483647`);
    expect(() => encodeValue(oid, -1, 'counter32')).toThrow('is not an integer from 0 to 4294967295');
    expect(() => encodeValue(oid, '10.1', 'ipaddress')).toThrow('"10.1" is not an IPv4 address');
    expect(() => encodeValue(oid, 'zz', 'octetstringhex')).toThrow('"zz" is not hex bytes');
  });
});

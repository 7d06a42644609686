/**
 * Param values ↔ varbind values, as net-snmp encodes and decodes them. `SNMP/Type` picks the BER tag
 * (absent: integer for a number param, octet string for a text one); the value goes out in the
 * shape net-snmp writes for that tag and comes back from a set in the shape it reads.
 *
 *   <Type>gauge32</Type>, value 42       → { type: 66, value: 42 }
 *   <Type>counter64</Type>, value 2^40   → { type: 70, value: <Buffer 01 00 00 00 00 00> }
 *   <Type>octetstringhex</Type>, 'c0ff'  → { type: 4, value: <Buffer c0 ff> }
 */
import type { ParamSpec, SnmpValueType } from '@protogen-dm/runtime';
import { parseOid } from './oid.js';

/** BER tags (net-snmp's `ObjectType`) of the values and exceptions the agent sends. */
export const Tag = {
  Integer: 2,
  OctetString: 4,
  Null: 5,
  Oid: 6,
  IpAddress: 64,
  Counter32: 65,
  Gauge32: 66,
  TimeTicks: 67,
  Opaque: 68,
  Counter64: 70,
  NoSuchObject: 128,
  NoSuchInstance: 129,
  EndOfMibView: 130,
} as const;

/** A value as net-snmp writes it: number, Buffer, dotted text or null. */
export type WireValue = number | Buffer | string | null;

const tags: Readonly<Record<SnmpValueType, number>> = {
  counter32: Tag.Counter32,
  counter64: Tag.Counter64,
  counter64string: Tag.Counter64,
  gauge32: Tag.Gauge32,
  uinteger32: Tag.Gauge32,
  integer: Tag.Integer,
  integer32: Tag.Integer,
  ipaddress: Tag.IpAddress,
  nsapaddress: Tag.OctetString,
  null: Tag.Null,
  objectid: Tag.Oid,
  oid: Tag.Oid,
  octetstring: Tag.OctetString,
  octetstringhex: Tag.OctetString,
  octetstringascii: Tag.OctetString,
  octetstringutf8: Tag.OctetString,
  octetstringdecimal: Tag.OctetString,
  opaque: Tag.Opaque,
  timeticks: Tag.TimeTicks,
};

/** The tag a param's values travel with. */
export function tagOf(type: SnmpValueType | undefined, param: ParamSpec): number {
  if (type !== undefined) return tags[type];
  return param.value === 'number' ? Tag.Integer : Tag.OctetString;
}

const UINT32_MAX = 0xffffffff;

/** @throws RangeError when the value does not fit the tag (the object is then not served). */
export function toWire(tag: number, type: SnmpValueType | undefined, value: string | number): WireValue {
  switch (tag) {
    case Tag.Integer:
      return wholeNumber(value, -0x80000000, 0x7fffffff);
    case Tag.Counter32:
    case Tag.Gauge32:
    case Tag.TimeTicks:
      return wholeNumber(value, 0, UINT32_MAX);
    case Tag.Counter64:
      return unsigned64(value);
    case Tag.IpAddress:
      return ipAddress(String(value));
    case Tag.Oid:
      if (parseOid(String(value)) === undefined) throw new RangeError(`'${value}' is not an OID`);
      return String(value);
    case Tag.Null:
      return null;
    default:
      return octets(type, String(value));
  }
}

/**
 * A set's value for a param; undefined when it is not one (wrongValue). The caller has checked the
 * tag. Numbers for number params, text otherwise.
 */
export function fromWire(tag: number, type: SnmpValueType | undefined, value: unknown, param: ParamSpec): string | number | undefined {
  let decoded: string | number | undefined;
  if (typeof value === 'number') decoded = value;
  else if (Buffer.isBuffer(value)) decoded = tag === Tag.Counter64 ? Number(bytesToBigInt(value)) : text(type, value);
  else if (typeof value === 'string') decoded = value;
  if (decoded === undefined || param.value === 'string') return decoded === undefined ? undefined : String(decoded);
  const number = typeof decoded === 'number' ? decoded : Number(decoded);
  return decoded === '' || Number.isNaN(number) ? undefined : number;
}

function wholeNumber(value: string | number, low: number, high: number): number {
  const number = Math.trunc(Number(value));
  if (!(number >= low && number <= high)) throw new RangeError(`${value} is not a whole number from ${low} to ${high}`);
  return number;
}

/** Big-endian, minimal (a leading 0 when the top bit is set, as BER wants for a positive INTEGER). */
function unsigned64(value: string | number): Buffer {
  const number = BigInt(Math.trunc(Number(value)));
  if (number < 0n || number > 0xffffffffffffffffn) throw new RangeError(`${value} is not a counter64`);
  let hex = number.toString(16);
  if (hex.length % 2 === 1) hex = `0${hex}`;
  if (Number.parseInt(hex.slice(0, 2), 16) >= 0x80) hex = `00${hex}`;
  return Buffer.from(hex, 'hex');
}

function bytesToBigInt(bytes: Buffer): bigint {
  return bytes.length === 0 ? 0n : BigInt(`0x${bytes.toString('hex')}`);
}

function ipAddress(text: string): string {
  const parts = text.split('.');
  if (parts.length !== 4 || !parts.every((part) => /^\d{1,3}$/.test(part) && Number(part) <= 255)) throw new RangeError(`'${text}' is not an IPv4 address`);
  return text;
}

/** `octetstringhex` travels as the bytes its hex spells; `octetstringutf8` (or any char past U+00FF) as UTF-8; other text one byte per char. */
function octets(type: SnmpValueType | undefined, value: string): Buffer {
  if (type === 'octetstringhex') {
    const hex = value.replace(/[\s:.-]/g, '');
    if (!/^([0-9a-fA-F]{2})*$/.test(hex)) throw new RangeError(`'${value}' is not hex`);
    return Buffer.from(hex, 'hex');
  }
  const wide = [...value].some((char) => (char.codePointAt(0) ?? 0) > 0xff);
  return Buffer.from(value, type === 'octetstringutf8' || wide ? 'utf8' : 'latin1');
}

function text(type: SnmpValueType | undefined, bytes: Buffer): string {
  if (type === 'octetstringhex') return bytes.toString('hex');
  return bytes.toString(type === 'octetstringutf8' ? 'utf8' : 'latin1');
}

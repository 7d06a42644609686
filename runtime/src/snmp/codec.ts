/**
 * Wire varbind ↔ typed param value (driver-contract §11). The rules, once:
 * - numbers (integer, counter32, gauge32, timeticks, uinteger32, counter64) → a number when the param's
 *   value is a number, else their decimal text; counter64 goes through bigint, so above 2^53 a number
 *   param loses precision (DataMiner stores doubles too) and a text param keeps every digit;
 * - an octet string → its text when every byte is printable ASCII (tab, CR and LF included), else its
 *   lower-case hex, as DataMiner 10.6.4+ converts trap bindings (it cannot know the encoding); UTF-8
 *   for `octetstringutf8`, one character per byte for `octetstringascii`, always hex for
 *   `octetstringhex` and opaque. A text set sends one byte per character (latin1), UTF-8 for `octetstringutf8`;
 * - ipaddress and oid → dotted text; a text value into a number param that is not a number → no value.
 * Sets: the SNMP type is `SnmpParamSpec.type`, else integer for numbers and octetstring for text.
 */
import type { ParamSpec } from '../spec.js';
import type { SnmpValueType } from './spec.js';

/** SMI tags (RFC 2578, RFC 3416), as net-snmp numbers its `ObjectType`s. */
export const Tag = {
  integer: 2,
  octetString: 4,
  null: 5,
  oid: 6,
  ipAddress: 64,
  counter32: 65,
  gauge32: 66,
  timeTicks: 67,
  opaque: 68,
  counter64: 70,
  noSuchObject: 128,
  noSuchInstance: 129,
  endOfMibView: 130,
} as const;

/** A varbind as net-snmp hands it over and takes it. */
export interface WireVarbind {
  readonly oid: string;
  readonly type?: number | undefined;
  readonly value?: unknown;
}

/** The exception tags of v2c/v3 (`noSuchObject`, `noSuchInstance`, `endOfMibView`), by name; else undefined. */
export function exceptionOf(varbind: WireVarbind): 'noSuchObject' | 'noSuchInstance' | 'endOfMibView' | undefined {
  switch (varbind.type) {
    case Tag.noSuchObject:
      return 'noSuchObject';
    case Tag.noSuchInstance:
      return 'noSuchInstance';
    case Tag.endOfMibView:
      return 'endOfMibView';
    default:
      return undefined;
  }
}

/** A varbind's value as `SnmpTrap.bindings` shows it: numbers, text (octet strings as `decodeValue` has them), bigint for counter64. */
export function plainValue(varbind: WireVarbind): string | number | bigint | null {
  const value = varbind.value;
  if (varbind.type === Tag.counter64) return bigintOf(value);
  if (typeof value === 'number' || typeof value === 'string') return value;
  if (Buffer.isBuffer(value)) return bytesAsText(value, varbind.type === Tag.opaque ? 'octetstringhex' : undefined);
  return null;
}

/** The value `param` takes from `varbind`; undefined when it has none (an exception, null, not a number). */
export function decodeValue(varbind: WireVarbind, param: ParamSpec, type: SnmpValueType | undefined): string | number | undefined {
  const value = varbind.value;
  let text: string;
  if (varbind.type === Tag.counter64) {
    const big = bigintOf(value);
    if (param.value === 'number') return Number(big);
    text = big.toString();
  } else if (typeof value === 'number') {
    return param.value === 'number' ? value : String(value);
  } else if (typeof value === 'string') {
    text = value;
  } else if (Buffer.isBuffer(value)) {
    text = bytesAsText(value, varbind.type === Tag.opaque ? 'octetstringhex' : type);
  } else {
    return undefined;
  }
  if (param.value !== 'number') return text;
  const number = Number(text.trim());
  return text.trim() === '' || !Number.isFinite(number) ? undefined : number;
}

/** The hex text of a binding's bytes (`setBindings … HEX`). */
export function hexValue(varbind: WireVarbind): string | undefined {
  const value = varbind.value;
  if (Buffer.isBuffer(value)) return value.toString('hex');
  return typeof value === 'string' ? Buffer.from(value, 'latin1').toString('hex') : undefined;
}

/** The varbind that sets `oid` to `value`. @throws TypeError for a value the SNMP type cannot carry. */
export function encodeValue(oid: string, value: unknown, type: SnmpValueType | undefined): WireVarbind {
  const kind = type ?? (typeof value === 'number' ? 'integer' : 'octetstring');
  switch (kind) {
    case 'integer':
    case 'integer32':
      return { oid, type: Tag.integer, value: integer(oid, value, -(2 ** 31), 2 ** 31 - 1) };
    case 'counter32':
      return { oid, type: Tag.counter32, value: integer(oid, value, 0, 2 ** 32 - 1) };
    case 'gauge32':
    case 'uinteger32':
      return { oid, type: Tag.gauge32, value: integer(oid, value, 0, 2 ** 32 - 1) };
    case 'timeticks':
      return { oid, type: Tag.timeTicks, value: integer(oid, value, 0, 2 ** 32 - 1) };
    case 'counter64':
    case 'counter64string':
      return { oid, type: Tag.counter64, value: counter64Bytes(oid, value) };
    case 'ipaddress':
      return { oid, type: Tag.ipAddress, value: dotted(oid, value, 'an IPv4 address', /^(\d{1,3})(\.\d{1,3}){3}$/) };
    case 'oid':
    case 'objectid':
      return { oid, type: Tag.oid, value: dotted(oid, value, 'an OID', /^\d+(\.\d+)+$/) };
    case 'null':
      return { oid, type: Tag.null, value: null };
    case 'octetstringhex':
    case 'opaque':
      return { oid, type: kind === 'opaque' ? Tag.opaque : Tag.octetString, value: hexBytes(oid, value) };
    case 'octetstringutf8':
      return { oid, type: Tag.octetString, value: Buffer.from(String(value), 'utf8') };
    default:
      return { oid, type: Tag.octetString, value: Buffer.from(String(value), 'latin1') };
  }
}

function bytesAsText(bytes: Buffer, type: SnmpValueType | undefined): string {
  switch (type) {
    case 'octetstringhex':
      return bytes.toString('hex');
    case 'octetstringutf8':
      return bytes.toString('utf8');
    case 'octetstringascii':
      return bytes.toString('latin1');
    default:
      return bytes.every(isPrintable) ? bytes.toString('latin1') : bytes.toString('hex');
  }
}

function isPrintable(byte: number): boolean {
  return (byte >= 0x20 && byte < 0x7f) || byte === 0x09 || byte === 0x0a || byte === 0x0d;
}

/** Counter64 arrives as its big-endian content bytes (net-snmp), or as a number. */
function bigintOf(value: unknown): bigint {
  if (Buffer.isBuffer(value)) return value.length === 0 ? 0n : BigInt(`0x${value.toString('hex')}`);
  return typeof value === 'number' && Number.isSafeInteger(value) ? BigInt(value) : 0n;
}

function integer(oid: string, value: unknown, low: number, high: number): number {
  const number = typeof value === 'string' ? Number(value.trim()) : value;
  if (typeof number !== 'number' || !Number.isInteger(number) || number < low || number > high) {
    throw new TypeError(`SNMP set of ${oid}: ${JSON.stringify(value)} is not an integer from ${low} to ${high}`);
  }
  return number;
}

/** The minimal big-endian bytes of a counter64 (what net-snmp writes as the content). */
function counter64Bytes(oid: string, value: unknown): Buffer {
  let big: bigint;
  try {
    big = BigInt(typeof value === 'string' ? value.trim() : (value as number | bigint));
  } catch {
    throw new TypeError(`SNMP set of ${oid}: ${JSON.stringify(value)} is not a counter64`);
  }
  if (big < 0n || big >= 2n ** 64n) throw new TypeError(`SNMP set of ${oid}: ${big} is not a counter64 (0 to 2^64 − 1)`);
  const hex = big.toString(16);
  // A leading 1 bit would read as negative: BER integers are signed.
  const padded = hex.length % 2 === 1 ? `0${hex}` : hex;
  return Buffer.from(/^[89a-f]/.test(padded) ? `00${padded}` : padded, 'hex');
}

function dotted(oid: string, value: unknown, what: string, shape: RegExp): string {
  if (typeof value !== 'string' || !shape.test(value)) throw new TypeError(`SNMP set of ${oid}: ${JSON.stringify(value)} is not ${what}`);
  return value;
}

function hexBytes(oid: string, value: unknown): Buffer {
  const text = String(value).replace(/\s+/g, '');
  if (!/^([0-9a-fA-F]{2})*$/.test(text)) throw new TypeError(`SNMP set of ${oid}: ${JSON.stringify(value)} is not hex bytes`);
  return Buffer.from(text, 'hex');
}

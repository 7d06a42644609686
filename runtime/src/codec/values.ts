/**
 * One value ↔ its bytes, per `Interprete` (RawType, LengthType, Base, Endian, Factor, Decimals, Range,
 * Exceptions, trim/filter). A `ValueCodec` is built once per param and reused by every frame.
 *
 * Decoding (after the frame is split into fields):
 * 1. Exceptions: when the field's text (for binary raw types: the decimal text of the raw number) equals
 *    an exception's `match`, the value is that exception's `value` and nothing else applies.
 * 2. RawType: `other` → text: UTF-8, or one byte per character when the param's `encoding` is
 *    `latin1` (serial and smart-serial frames, contract §9); `text` → only 0-9 A-Z a-z `-.;,?!` and space, else the frame does
 *    not match; `numeric text` → see numeric-text.ts, not a number = no match; `unsigned number`,
 *    `signed number` (1–8 bytes, also variable length), `double` (4/8 bytes), `bcd` → see numbers.ts.
 * 3. Numbers: × factor, then rounded to `decimals` places (default 6, DataMiner's "kept in memory";
 *    ties away from zero); `low`/`high` (Range): a value outside is ignored — the frame still matches
 *    but the key is left out of the decoded values (DataMiner leaves the param unchanged). An empty
 *    numeric field (no bytes, or only spaces in numeric text) is left out the same way.
 * 4. Strings: `filter` drops control characters (U+0000–U+001F, U+007F–U+009F), then `trim` removes
 *    JavaScript whitespace at the chosen end(s).
 * 5. `value: 'string'` params: `numeric text` keeps the received text (once it parsed as a number or
 *    was blank), binary raw types give the decimal text of the scaled number. `value: 'number'` params
 *    with raw `other`/`text` parse their text as numeric text. A binary double that is NaN on the wire
 *    does not match.
 *
 * Encoding is the inverse: exception values are written as their `match` text; numbers are divided by
 * the factor (then cleaned to 15 significant digits so 12.3 / 0.1 gives 123), numeric text is written in
 * `base` (base 10 rounded to `decimals`, default 6); integers must be whole numbers. Fixed lengths:
 * strings are padded on the right with spaces, numeric text is left-padded with `0`, BCD with zero
 * digits. One rule: a value that cannot be written faithfully throws, never gets altered — a string
 * longer than its fixed length, a number that does not fit (a 4-byte float beyond ±3.4e38 included),
 * numeric text with characters that are not ASCII, a missing value without a default. Range and
 * Discreets are checked only when asked (`encode(value, true)`; drivers do by default). Every failure
 * is a RangeError naming the param.
 *
 * `length` and `crc` params are counters: always decoded/encoded as plain numbers (no factor,
 * exceptions or range); with raw type `other` or `text` their bytes are taken as an unsigned binary
 * number (the checksum bytes themselves).
 */

import { fillByte, type ExceptionSpec, type ParamSpec, type RawType } from '../spec.js';
import { integerLength, readBcd, readFloat, readInteger, writeBcd, writeFloat, writeInteger } from './numbers.js';
import { formatNumericText, isBlank, padNumericText, parseNumericText } from './numeric-text.js';

/** `decode` result: the frame does not fit this field. */
export const NO_MATCH: unique symbol = Symbol('no match');
/** `decode` result: the field fits but carries no value (empty, out of range): leave the key out. */
export const OMIT: unique symbol = Symbol('omit');
export type Decoded = string | number | typeof NO_MATCH | typeof OMIT;

/** Encodes and decodes the values of one param. */
export interface ValueCodec {
  /** Byte length when LengthType is `fixed`, else undefined. */
  readonly fixedLength: number | undefined;
  /** Bytes of a checksum this param can hold (sizes `sum`/`2comp`); 1 for variable lengths. */
  readonly checksumWidth: number;
  /** The param's value from bytes[start, end). Never throws. */
  decode(bytes: Uint8Array, start: number, end: number): Decoded;
  /** The plain number in bytes[start, end) — no factor, exceptions or range; NaN if none. Never throws. */
  decodeNumber(bytes: Uint8Array, start: number, end: number): number;
  /**
   * The bytes of `value` (a string or number); `checkValues` also refuses values outside Range or the
   * Discreets. @throws RangeError when it cannot (or may not) be written.
   */
  encode(value: unknown, checkValues: boolean): Uint8Array;
  /** The bytes of a plain number (length, checksum): no factor or exceptions. @throws RangeError */
  encodeNumber(value: number): Uint8Array;
  /** The bytes for a missing value: the default value. @throws RangeError when the param has none. */
  encodeMissing(): Uint8Array;
}

// Raw kinds as small integers: one switch per decode instead of string comparisons.
const OTHER = 0;
const TEXT = 1;
const NUMERIC_TEXT = 2;
const UNSIGNED = 3;
const SIGNED = 4;
const DOUBLE = 5;
const BCD = 6;
type RawKind = 0 | 1 | 2 | 3 | 4 | 5 | 6;

const rawKinds: Readonly<Record<RawType, RawKind>> = {
  other: OTHER,
  text: TEXT,
  'numeric text': NUMERIC_TEXT,
  'unsigned number': UNSIGNED,
  'signed number': SIGNED,
  double: DOUBLE,
  bcd: BCD,
};

/** Bytes allowed by RawType `text`: 0-9 A-Z a-z - . ; , ? ! and space. */
const textByte = new Uint8Array(256);
for (const c of '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz-.;,?! ') textByte[c.charCodeAt(0)] = 1;

function isText(bytes: Uint8Array, start: number, end: number): boolean {
  for (let i = start; i < end; i++) if (textByte[bytes[i] ?? 0] !== 1) return false;
  return true;
}

const CONTROL = /[\u0000-\u001f\u007f-\u009f]/g;
const utf8 = new TextDecoder('utf-8');
const utf8Encoder = new TextEncoder();

/**
 * Bytes → string: UTF-8, malformed sequences become U+FFFD. Short ASCII runs (most field values) are
 * cheaper to make in JavaScript than to hand to the native decoder; longer ones go native, without a
 * subarray view when the input is a Buffer or the whole array.
 */
export function decodeUtf8(bytes: Uint8Array, start: number, end: number): string {
  if (end - start <= SHORT) {
    for (let i = start; i < end; i++) if ((bytes[i] as number) >= 0x80) return decodeNative(bytes, start, end);
    return shortString(bytes, start, end - start);
  }
  return decodeNative(bytes, start, end);
}

/**
 * Bytes → string, one character per byte (U+0000–U+00FF): every byte round-trips. Short fields (most
 * of them) are made in JavaScript; longer ones go native, through a Buffer view when the bytes are a
 * plain Uint8Array (a framer's buffer).
 */
export function decodeLatin1(bytes: Uint8Array, start: number, end: number): string {
  const stop = Math.min(end, bytes.length);
  if (stop - start <= SHORT) return shortString(bytes, start, Math.max(0, stop - start));
  if (Buffer.isBuffer(bytes)) return bytes.toString('latin1', start, end);
  return Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString('latin1');
}

/** The longest field `shortString` makes. */
const SHORT = 8;

/**
 * Up to SHORT bytes as one string of one character per byte, made in one step: appending character
 * by character would allocate a string per step (V8 copies short strings when it joins them).
 */
function shortString(b: Uint8Array, s: number, length: number): string {
  const at = (i: number): number => b[s + i] as number;
  switch (length) {
    case 0:
      return '';
    case 1:
      return String.fromCharCode(at(0));
    case 2:
      return String.fromCharCode(at(0), at(1));
    case 3:
      return String.fromCharCode(at(0), at(1), at(2));
    case 4:
      return String.fromCharCode(at(0), at(1), at(2), at(3));
    case 5:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4));
    case 6:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5));
    case 7:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5), at(6));
    default:
      return String.fromCharCode(at(0), at(1), at(2), at(3), at(4), at(5), at(6), at(7));
  }
}

/** String → bytes, one byte per character; a character above U+00FF cannot be written as one byte. */
export function encodeLatin1(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0xff) throw new RangeError(`${JSON.stringify(text)} has a character above U+00FF, which one byte per character cannot hold`);
    bytes[i] = code;
  }
  return bytes;
}

/** The decoder of a param's strings (spec `encoding`). */
export function textDecoderOf(param: Pick<ParamSpec, 'encoding'>): (bytes: Uint8Array, start: number, end: number) => string {
  return param.encoding === 'latin1' ? decodeLatin1 : decodeUtf8;
}

function decodeNative(bytes: Uint8Array, start: number, end: number): string {
  if (start === 0 && end === bytes.length) return utf8.decode(bytes);
  return Buffer.isBuffer(bytes) ? bytes.toString('utf8', start, end) : utf8.decode(bytes.subarray(start, end));
}

/** Rounds to 1/`scale` (a power of ten), ties away from zero; magnitudes where that is a no-op are returned. */
function roundScaled(value: number, scale: number): number {
  const scaled = Math.abs(value) * scale;
  if (scaled >= Number.MAX_SAFE_INTEGER) return value;
  const rounded = Math.round(scaled) / scale;
  return rounded === 0 ? 0 : value < 0 ? -rounded : rounded;
}

/** Builds the codec of one param. */
export function createValueCodec(param: ParamSpec): ValueCodec {
  return new ParamCodec(param);
}

class ParamCodec implements ValueCodec {
  readonly fixedLength: number | undefined;
  readonly checksumWidth: number;
  readonly #label: string;
  readonly #kind: RawKind;
  /** Decoded values are numbers (`value: 'number'`, or a counter). */
  readonly #asNumber: boolean;
  /** A length or crc param: plain numbers only. */
  readonly #counter: boolean;
  readonly #base: number;
  readonly #bigEndian: boolean;
  readonly #factor: number | undefined;
  /** 10^decimals: numbers keep `decimals` places (default 6). */
  readonly #scale: number;
  readonly #low: number;
  readonly #high: number;
  readonly #exceptions: readonly ExceptionSpec[] | undefined;
  readonly #trim: ParamSpec['trim'];
  readonly #filter: boolean;
  readonly #fillByte: number;
  readonly #default: string | number | undefined;
  readonly #discretes: readonly (string | number)[] | undefined;
  /** Strings: UTF-8, or one byte per character (`encoding: 'latin1'`). */
  readonly #decodeText: (bytes: Uint8Array, start: number, end: number) => string;
  readonly #encodeText: (text: string) => Uint8Array;

  constructor(param: ParamSpec) {
    this.#decodeText = textDecoderOf(param);
    this.#encodeText = param.encoding === 'latin1' ? encodeLatin1 : (text) => utf8Encoder.encode(text);
    this.#label = `param ${param.id} '${param.key}'`;
    this.#counter = param.role === 'length' || param.role === 'crc';
    const kind = rawKinds[param.raw];
    this.#kind = this.#counter && (kind === OTHER || kind === TEXT) ? UNSIGNED : kind;
    this.#asNumber = this.#counter || param.value === 'number';
    this.fixedLength = param.lengthType === 'fixed' ? param.length : undefined;
    this.#base = param.base ?? 10;
    this.#bigEndian = param.endian === 'big';
    this.#factor = this.#counter ? undefined : param.factor;
    this.#scale = 10 ** (param.decimals ?? 6);
    this.#low = this.#counter ? -Infinity : (param.low ?? -Infinity);
    this.#high = this.#counter ? Infinity : (param.high ?? Infinity);
    this.#exceptions = this.#counter || !param.exceptions?.length ? undefined : param.exceptions;
    this.#trim = param.trim;
    this.#filter = param.filter === true;
    // A length or checksum written as text is a binary number: it pads with zero bytes.
    this.#fillByte = this.#kind === kind ? fillByte(param.raw) : 0x00;
    this.#default = param.defaultValue;
    this.#discretes = this.#counter || !param.discretes?.length ? undefined : param.discretes;
    this.checksumWidth = this.#widthOf();
  }

  /** How many whole bytes of checksum the field's largest value can carry. */
  #widthOf(): number {
    const length = this.fixedLength;
    if (length === undefined) return 1;
    const bits = this.#kind === NUMERIC_TEXT ? length * Math.log2(this.#base) : this.#kind === BCD ? 2 * length * Math.log2(10) : 8 * length;
    return Math.max(1, Math.floor(bits / 8 + 1e-9));
  }

  // ── decoding ───────────────────────────────────────────────────────────────────────────────

  decode(bytes: Uint8Array, start: number, end: number): Decoded {
    if (this.#exceptions !== undefined) {
      const hit = this.#exception(bytes, start, end);
      if (hit !== undefined) return hit;
    }
    const kind = this.#kind;
    if (kind === TEXT && !isText(bytes, start, end)) return NO_MATCH;
    if (!this.#asNumber) {
      // `text` was checked to be ASCII above and numeric text is checked here, so UTF-8 decoding
      // serves all three string kinds.
      if (kind === NUMERIC_TEXT && !isBlank(bytes, start, end) && Number.isNaN(parseNumericText(bytes, start, end, this.#base))) return NO_MATCH;
      if (kind <= NUMERIC_TEXT) return this.#clean(this.#decodeText(bytes, start, end));
    }
    if (kind > NUMERIC_TEXT && start === end) return OMIT;
    const raw = this.decodeNumber(bytes, start, end);
    // Blank text parses as NaN too: only then is it worth telling an empty field from a broken one.
    if (Number.isNaN(raw)) return kind <= NUMERIC_TEXT && isBlank(bytes, start, end) ? OMIT : NO_MATCH;
    const value = this.#scaled(raw);
    if (value < this.#low || value > this.#high) return OMIT;
    return this.#asNumber ? value : String(value);
  }

  decodeNumber(bytes: Uint8Array, start: number, end: number): number {
    const length = end - start;
    switch (this.#kind) {
      case OTHER:
      case TEXT:
      case NUMERIC_TEXT:
        return parseNumericText(bytes, start, end, this.#base);
      case UNSIGNED:
      case SIGNED:
        return length >= 1 && length <= 8 ? readInteger(bytes, start, length, this.#kind === SIGNED, this.#bigEndian) : Number.NaN;
      case DOUBLE:
        return readFloat(bytes, start, length, this.#bigEndian);
      case BCD:
        return length >= 1 ? readBcd(bytes, start, end) : Number.NaN;
    }
  }

  /** × factor, then rounded to the kept decimals (integers skip the rounding; −0 becomes 0). */
  #scaled(raw: number): number {
    const value = this.#factor === undefined ? raw : raw * this.#factor;
    if (value === 0) return 0;
    return Number.isInteger(value) || !Number.isFinite(value) ? value : roundScaled(value, this.#scale);
  }

  #clean(text: string): string {
    const filtered = this.#filter ? text.replace(CONTROL, '') : text;
    switch (this.#trim) {
      case undefined:
        return filtered;
      case 'left':
        return filtered.trimStart();
      case 'right':
        return filtered.trimEnd();
      case 'both':
        return filtered.trim();
    }
  }

  /** The exception value whose `match` equals the field's text, if any. */
  #exception(bytes: Uint8Array, start: number, end: number): string | number | undefined {
    const text = this.#kind <= NUMERIC_TEXT ? this.#clean(this.#decodeText(bytes, start, end)) : String(this.decodeNumber(bytes, start, end));
    for (const exception of this.#exceptions ?? []) if (exception.match === text) return exception.value;
    return undefined;
  }

  // ── encoding ───────────────────────────────────────────────────────────────────────────────

  encode(value: unknown, checkValues: boolean): Uint8Array {
    try {
      return this.#encode(value, checkValues);
    } catch (error) {
      throw this.#error(error);
    }
  }

  encodeNumber(value: number): Uint8Array {
    try {
      return this.#encodeNumber(value);
    } catch (error) {
      throw this.#error(error);
    }
  }

  encodeMissing(): Uint8Array {
    if (this.#default !== undefined) return this.encode(this.#default, false);
    throw this.#error(new RangeError('missing value (the param has no default value)'));
  }

  #error(error: unknown): unknown {
    return error instanceof RangeError ? new RangeError(`${this.#label}: ${error.message}`) : error;
  }

  #encode(value: unknown, checkValues: boolean): Uint8Array {
    const exception = this.#exceptions?.find((candidate) => candidate.value === value);
    if (exception !== undefined) {
      return this.#kind <= NUMERIC_TEXT ? this.#fitText(this.#encodeText(exception.match)) : this.#encodeNumber(toNumber(exception.match));
    }
    if (checkValues) this.#check(value);
    const kind = this.#kind;
    if (kind <= TEXT && !this.#asNumber) return this.#encodeString(toText(value));
    if (kind === NUMERIC_TEXT && !this.#asNumber && typeof value === 'string') return this.#encodeNumericString(value);
    return this.#encodeNumber(this.#unscale(toNumber(value)));
  }

  /** Range and Discreets: what the protocol says the device accepts. */
  #check(value: unknown): void {
    const discretes = this.#discretes;
    if (discretes !== undefined && !discretes.some((discrete) => discrete === value || String(discrete) === String(value))) {
      throw new RangeError(`${describe(value)} is not one of the Discreets (${discretes.map((d) => JSON.stringify(d)).join(', ')})`);
    }
    if (this.#low === -Infinity && this.#high === Infinity) return;
    const number = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.replace(',', '.')) : Number.NaN;
    if (number < this.#low || number > this.#high) {
      throw new RangeError(`${describe(value)} is outside Interprete/Range ${this.#low} to ${this.#high}`);
    }
  }

  #encodeString(text: string): Uint8Array {
    const bytes = this.#encodeText(text);
    if (this.#kind === TEXT && !isText(bytes, 0, bytes.length)) {
      throw new RangeError(`${JSON.stringify(text)} has characters outside RawType text (0-9 A-Z a-z - . ; , ? ! space)`);
    }
    return this.#fitText(bytes);
  }

  /** A numeric text param typed as string: the caller's digits, validated and zero-padded. */
  #encodeNumericString(text: string): Uint8Array {
    const trimmed = text.trim();
    const bytes = asciiBytes(trimmed);
    if (trimmed !== '' && Number.isNaN(parseNumericText(bytes, 0, bytes.length, this.#base))) {
      throw new RangeError(`${JSON.stringify(text)} is not numeric text in base ${this.#base}`);
    }
    return asciiBytes(trimmed === '' ? '' : padNumericText(trimmed, this.fixedLength));
  }

  #encodeNumber(value: number): Uint8Array {
    const length = this.fixedLength;
    switch (this.#kind) {
      case OTHER:
      case TEXT:
        return this.#fitText(asciiBytes(formatNumericText(value, this.#base, undefined)));
      case NUMERIC_TEXT: {
        const kept = this.#base === 10 && !Number.isInteger(value) ? roundScaled(value, this.#scale) : value;
        return asciiBytes(formatNumericText(kept, this.#base, length));
      }
      case UNSIGNED:
      case SIGNED: {
        const signed = this.#kind === SIGNED;
        return writeInteger(value, length ?? integerLength(value, signed), signed, this.#bigEndian);
      }
      case DOUBLE:
        return writeFloat(value, length ?? 8, this.#bigEndian);
      case BCD:
        return writeBcd(value, length);
    }
  }

  /** ÷ factor, cleaned to 15 significant digits so that 12.3 / 0.1 is 123, not 123.00000000000001. */
  #unscale(value: number): number {
    return this.#factor === undefined ? value : Number((value / this.#factor).toPrecision(15));
  }

  /** Fixed-length strings: pad on the right with the fill byte; a longer one cannot be sent whole. */
  #fitText(bytes: Uint8Array): Uint8Array {
    const length = this.fixedLength;
    if (length === undefined || bytes.length === length) return bytes;
    if (bytes.length > length) {
      throw new RangeError(`${JSON.stringify(this.#decodeText(bytes, 0, bytes.length))} is ${bytes.length} bytes, longer than its fixed length ${length}`);
    }
    const fitted = new Uint8Array(length).fill(this.#fillByte);
    fitted.set(bytes);
    return fitted;
  }
}

/** Numeric text as bytes; a character beyond ASCII would be cut to its low byte, so it throws. */
function asciiBytes(text: string): Uint8Array {
  const bytes = new Uint8Array(text.length);
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) throw new RangeError(`${JSON.stringify(text)} has characters that are not ASCII digits`);
    bytes[i] = code;
  }
  return bytes;
}

/** A caller's value as text: strings as they are, finite numbers in their shortest form. */
function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  throw new RangeError(`expected a string, got ${describe(value)}`);
}

/** A caller's value as a number: finite numbers, or strings holding one (`,` accepted as decimal point). */
function toNumber(value: unknown): number {
  if (typeof value === 'number' && Number.isFinite(value)) return value;
  if (typeof value === 'string' && value.trim() !== '') {
    const parsed = Number(value.replace(',', '.'));
    if (Number.isFinite(parsed)) return parsed;
  }
  throw new RangeError(`expected a number, got ${describe(value)}`);
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'object' ? 'an object' : String(value);
}

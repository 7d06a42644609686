/**
 * Binary numbers on the wire: `unsigned number`, `signed number`, `double` and `bcd`.
 *
 * Byte order follows DataMiner's (inverted-looking) naming: the default "little" means the bytes are
 * not reversed and a multi-byte integer is read least-significant byte first; `bigEndian` (spec
 * `endian: 'big'`) reads most-significant first (network order). Wire `01 00` is 1 by default, 256
 * with big.
 *
 * Integers are JavaScript numbers. Up to 6 bytes every value is exact; 7- and 8-byte values are
 * exact up to 2^53 and otherwise rounded once to the nearest double (never truncated), so an
 * 8-byte counter above 2^53 loses its low bits. Writing accepts any integral double in range.
 */

const TWO_32 = 2 ** 32;

/** The byte at logical index `k` (0 = least significant) of an `length`-byte field at `start`. */
function byteAt(bytes: Uint8Array, start: number, length: number, k: number, bigEndian: boolean): number {
  return bytes[bigEndian ? start + length - 1 - k : start + k] ?? 0;
}

/** Unsigned value of logical bytes [from, to) (little-endian significance), exact below 2^53. */
function readPart(bytes: Uint8Array, start: number, length: number, from: number, to: number, bigEndian: boolean): number {
  let value = 0;
  for (let k = to - 1; k >= from; k--) value = value * 256 + byteAt(bytes, start, length, k, bigEndian);
  return value;
}

/** 2^(8n − 1) for n = 0…8: the sign bit of an n-byte integer (no `**` on the hot path). */
const HALF = [0.5, 0x80, 0x8000, 0x800000, 0x80000000, 0x8000000000, 0x800000000000, 0x80000000000000, 2 ** 63];

/**
 * Reads a binary integer of 1–8 bytes. Longer fields combine a high and a low 32-bit part so the
 * result is rounded only once. 1, 2 and 4 bytes, by far the most common, take direct paths.
 */
export function readInteger(bytes: Uint8Array, start: number, length: number, signed: boolean, bigEndian: boolean): number {
  const b0 = bytes[start] ?? 0;
  if (length === 1) return signed ? (b0 << 24) >> 24 : b0;
  const b1 = bytes[start + 1] ?? 0;
  if (length === 2) {
    const value = bigEndian ? (b0 << 8) | b1 : (b1 << 8) | b0;
    return signed ? (value << 16) >> 16 : value;
  }
  if (length <= 4) {
    const value = readPart(bytes, start, length, 0, length, bigEndian);
    const half = HALF[length] ?? 0;
    return signed && value >= half ? value - 2 * half : value;
  }
  let high = readPart(bytes, start, length, 4, length, bigEndian);
  const half = HALF[length - 4] ?? 0;
  if (signed && high >= half) high -= 2 * half;
  return high * TWO_32 + readPart(bytes, start, length, 0, 4, bigEndian);
}

/** The smallest byte count (1–8) that holds `value` as an unsigned or two's-complement integer. */
export function integerLength(value: number, signed: boolean): number {
  for (let length = 1; length < 8; length++) {
    if (integerFits(value, length, signed)) return length;
  }
  return 8;
}

function integerFits(value: number, length: number, signed: boolean): boolean {
  const span = 2 ** (8 * length);
  return signed ? value >= -span / 2 && value < span / 2 : value >= 0 && value < span;
}

/**
 * Writes an integer into `length` (1–8) bytes.
 * @throws RangeError when `value` is not an integer or does not fit.
 */
export function writeInteger(value: number, length: number, signed: boolean, bigEndian: boolean): Uint8Array {
  if (!Number.isInteger(value)) throw new RangeError(`${value} is not an integer`);
  if (length < 1 || length > 8 || !integerFits(value, length, signed)) {
    const kind = signed ? 'a signed' : 'an unsigned';
    throw new RangeError(`${value} does not fit ${kind} number of ${length} byte${length === 1 ? '' : 's'}`);
  }
  // BigInt makes the two's complement of 7/8-byte values exact; cheap enough for building.
  let bits = BigInt.asUintN(8 * length, BigInt(value));
  const bytes = new Uint8Array(length);
  for (let k = 0; k < length; k++) {
    bytes[bigEndian ? length - 1 - k : k] = Number(bits & 0xffn);
    bits >>= 8n;
  }
  return bytes;
}

// Scratch views shared by every float read: no allocation on the hot path. The platform order of
// the typed arrays is detected once so the wire bytes can be copied in the right order.
const scratch = new Float64Array(1);
const scratch32 = new Float32Array(scratch.buffer, 0, 1);
const scratchBytes = new Uint8Array(scratch.buffer);
const platformLittle = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** Reads an IEEE float (4 bytes) or double (8 bytes); NaN for any other length. */
export function readFloat(bytes: Uint8Array, start: number, length: number, bigEndian: boolean): number {
  if (length !== 4 && length !== 8) return Number.NaN;
  const reverse = bigEndian === platformLittle;
  for (let k = 0; k < length; k++) scratchBytes[k] = bytes[reverse ? start + length - 1 - k : start + k] ?? 0;
  return length === 4 ? (scratch32[0] ?? Number.NaN) : (scratch[0] ?? Number.NaN);
}

/**
 * Writes an IEEE float (4 bytes) or double (8 bytes).
 * @throws RangeError for another length, a non-finite value, or one a 4-byte float cannot hold.
 */
export function writeFloat(value: number, length: number, bigEndian: boolean): Uint8Array {
  if (length !== 4 && length !== 8) throw new RangeError(`a double must be 4 or 8 bytes, not ${length}`);
  if (!Number.isFinite(value)) throw new RangeError(`${value} is not a finite number`);
  if (length === 4 && !Number.isFinite(Math.fround(value))) throw new RangeError(`${value} is beyond the range of a 4-byte float`);
  const bytes = new Uint8Array(length);
  const view = new DataView(bytes.buffer);
  if (length === 4) view.setFloat32(0, value, !bigEndian);
  else view.setFloat64(0, value, !bigEndian);
  return bytes;
}

/**
 * Reads packed BCD: two decimal digits per byte, high nibble first, the first byte most significant
 * (`12 34` → 1234; Endian does not apply). NaN when a nibble is above 9.
 */
export function readBcd(bytes: Uint8Array, start: number, end: number): number {
  let value = 0;
  for (let i = start; i < end; i++) {
    const byte = bytes[i] ?? 0;
    const high = byte >>> 4;
    const low = byte & 0x0f;
    if (high > 9 || low > 9) return Number.NaN;
    value = value * 100 + high * 10 + low;
  }
  return value;
}

/**
 * Writes a non-negative integer as packed BCD, left-padded with zero digits to `length` bytes
 * (or to the fewest whole bytes when `length` is undefined).
 * @throws RangeError for negative, non-integer, unsafe or too-long values.
 */
export function writeBcd(value: number, length: number | undefined): Uint8Array {
  if (!Number.isSafeInteger(value) || value < 0) {
    throw new RangeError(`${value} cannot be written as BCD (a non-negative safe integer is needed)`);
  }
  const digits = String(value);
  const size = length ?? Math.ceil(digits.length / 2);
  if (digits.length > 2 * size) throw new RangeError(`${value} does not fit ${size} BCD byte${size === 1 ? '' : 's'}`);
  const padded = digits.padStart(2 * size, '0');
  const bytes = new Uint8Array(size);
  for (let i = 0; i < size; i++) {
    bytes[i] = (padded.charCodeAt(2 * i) - 0x30) * 16 + (padded.charCodeAt(2 * i + 1) - 0x30);
  }
  return bytes;
}

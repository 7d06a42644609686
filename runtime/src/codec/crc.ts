/**
 * Checksums of `crc` params (`Param/CRC/Type`). Every algorithm is defined over bytes and streams, so a
 * checksum can cover non-adjacent fields of a frame without copying them together first.
 *
 * `width` is how many bytes the crc param can hold (see `ValueCodec.checksumWidth`); it sizes the
 * additive checksums. The byte order on the wire is not part of the algorithm: it is the crc param's
 * own encoding (an `unsigned number` of Length 2 is written least-significant byte first unless
 * `endian: 'big'`, which is exactly Modbus' order; CCITT devices usually want `endian: 'big'`).
 *
 * Definitions. `CrcSpec` carries none of DataMiner's modifiers (byteoffset, groupbytes, mod,
 * totaloffset, ones complement), so none are applied:
 * - `sum`: the byte sum modulo 256^width (the low `width` bytes of the sum).
 * - `exor`: XOR of all bytes; always an 8-bit value (zero-extended when width > 1).
 * - `2comp`: two's complement of the byte sum modulo 256^width, i.e. (256^width − sum) mod 256^width,
 *   so that sum + checksum ≡ 0.
 * - `crc16`: CRC-16/ARC — poly 0x8005 reflected (0xA001), init 0x0000, reflected in/out, xorout 0.
 *   Check value of ASCII `123456789`: 0xBB3D.
 * - `crc-ccitt`: CRC-16/CCITT-FALSE (a.k.a. CRC-16/IBM-3740) — poly 0x1021, init 0xFFFF, not
 *   reflected, xorout 0. Check value 0x29B1.
 * - `modbus`: CRC-16/MODBUS — poly 0xA001 reflected, init 0xFFFF, xorout 0. Check value 0x4B37;
 *   Modbus sends it low byte first, which is the default (little) encoding of a 2-byte crc param.
 */

import type { CrcType } from '../spec.js';

/** A streaming checksum: `finish(update(…update(init, a)…, z), width)`. */
export interface CrcAlgorithm {
  readonly init: number;
  /** Folds bytes[start, end) into the running state. */
  update(state: number, bytes: Uint8Array, start: number, end: number): number;
  /** The checksum to write, given the byte width of the crc param. */
  finish(state: number, width: number): number;
}

/** 256^width, capped where byte sums of real frames can never reach (keeps the math in doubles). */
function modulus(width: number): number {
  return 2 ** (8 * Math.min(Math.max(width, 1), 6));
}

function byteSum(state: number, bytes: Uint8Array, start: number, end: number): number {
  let sum = state;
  for (let i = start; i < end; i++) sum += bytes[i] ?? 0;
  return sum;
}

function reflectedTable(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n;
    for (let bit = 0; bit < 8; bit++) crc = crc & 1 ? (crc >>> 1) ^ poly : crc >>> 1;
    table[n] = crc;
  }
  return table;
}

function forwardTable(poly: number): Uint16Array {
  const table = new Uint16Array(256);
  for (let n = 0; n < 256; n++) {
    let crc = n << 8;
    for (let bit = 0; bit < 8; bit++) crc = crc & 0x8000 ? ((crc << 1) ^ poly) & 0xffff : (crc << 1) & 0xffff;
    table[n] = crc;
  }
  return table;
}

const reflectedA001 = reflectedTable(0xa001);
const forward1021 = forwardTable(0x1021);

function updateReflected(state: number, bytes: Uint8Array, start: number, end: number): number {
  let crc = state;
  for (let i = start; i < end; i++) crc = (crc >>> 8) ^ (reflectedA001[(crc ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  return crc;
}

function updateForward(state: number, bytes: Uint8Array, start: number, end: number): number {
  let crc = state;
  for (let i = start; i < end; i++) {
    crc = ((crc << 8) & 0xffff) ^ (forward1021[((crc >>> 8) ^ (bytes[i] ?? 0)) & 0xff] ?? 0);
  }
  return crc;
}

const identity = (state: number): number => state;

/** The algorithm of every supported `CrcType`. */
export const crcAlgorithms: Readonly<Record<CrcType, CrcAlgorithm>> = {
  sum: { init: 0, update: byteSum, finish: (sum, width) => sum % modulus(width) },
  exor: {
    init: 0,
    update(state, bytes, start, end) {
      let x = state;
      for (let i = start; i < end; i++) x ^= bytes[i] ?? 0;
      return x;
    },
    finish: identity,
  },
  '2comp': {
    init: 0,
    update: byteSum,
    finish(sum, width) {
      const m = modulus(width);
      return (m - (sum % m)) % m;
    },
  },
  crc16: { init: 0x0000, update: updateReflected, finish: identity },
  'crc-ccitt': { init: 0xffff, update: updateForward, finish: identity },
  modbus: { init: 0xffff, update: updateReflected, finish: identity },
};

/** The checksum of one contiguous byte range (convenience for tests and tools). */
export function checksum(type: CrcType, bytes: Uint8Array, width = 2): number {
  const algorithm = crcAlgorithms[type];
  return algorithm.finish(algorithm.update(algorithm.init, bytes, 0, bytes.length), width);
}

/**
 * Hex text ↔ bytes. The spec stores constants (`ParamSpec.constant`) as plain lower-case hex (`0d0a`);
 * tests and error messages use the same notation.
 */

/**
 * Parses hex digits (no separators, either case) into bytes.
 * @throws Error on an odd number of digits or a non-hex character: spec constants are generator
 *   output, so a bad one is a generator bug, not bad device data.
 */
export function hexToBytes(hex: string): Uint8Array {
  if (hex.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(hex)) {
    throw new Error(`invalid hex constant '${hex}'`);
  }
  const bytes = new Uint8Array(hex.length / 2);
  for (let i = 0; i < bytes.length; i++) {
    bytes[i] = Number.parseInt(hex.slice(2 * i, 2 * i + 2), 16);
  }
  return bytes;
}

/** Bytes → lower-case hex, optionally separated (`bytesToHex(b, ' ')` → `0d 0a`). */
export function bytesToHex(bytes: Uint8Array, separator = ''): string {
  const parts: string[] = [];
  for (const byte of bytes) parts.push(byte.toString(16).padStart(2, '0'));
  return parts.join(separator);
}

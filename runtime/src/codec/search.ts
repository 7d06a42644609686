/**
 * Byte search for the per-frame hot paths (matcher, framers). Frames are short and a delimiter is
 * usually a few bytes ahead, where a JavaScript loop finds it in a third of the time the native
 * `indexOf` takes just to be called; beyond `NEAR` bytes the native search (memchr) takes over, so a
 * 16 MiB frame is still scanned at memory speed.
 *
 *   indexOfByte(bytes, 0xff, 2)   // like bytes.indexOf(0xff, 2), for 0 ≤ from
 */

/** Bytes looked at in JavaScript before handing over to the native search. */
const NEAR = 32;

/** Index of the first `byte` at or after `from` (0 ≤ `from`), or −1. */
export function indexOfByte(bytes: Uint8Array, byte: number, from: number): number {
  const near = Math.min(bytes.length, from + NEAR);
  for (let i = from; i < near; i++) if (bytes[i] === byte) return i;
  return near === bytes.length ? -1 : bytes.indexOf(byte, near);
}

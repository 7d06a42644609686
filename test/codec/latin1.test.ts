// decodeLatin1 (runtime/src/codec/values.ts) assembles short fields in JavaScript and hands longer
// ones to Node: both ways must give exactly Buffer#toString('latin1') for every byte and range, on
// Buffers and on plain Uint8Array views that start inside their ArrayBuffer (a framer's buffer).
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { decodeLatin1 } from '../../runtime/src/codec/values.js';

describe('decodeLatin1', () => {
  it('property: equals Buffer#toString("latin1") for any bytes, range and kind of array', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 64 }), fc.nat({ max: 8 }), fc.nat(), fc.nat(), (bytes, offset, a, b) => {
        const backing = new Uint8Array(offset + bytes.length);
        backing.set(bytes, offset);
        const view = backing.subarray(offset);
        const start = a % (bytes.length + 1);
        const end = start + (b % (bytes.length - start + 1));
        const expected = Buffer.from(bytes).toString('latin1', start, end);
        expect(decodeLatin1(view, start, end)).toBe(expected);
        expect(decodeLatin1(Buffer.from(view), start, end)).toBe(expected);
      }),
      { numRuns: 3000 },
    );
  });

  it('keeps every byte value as one character (0x00–0xFF), short and long', () => {
    const all = Uint8Array.from({ length: 256 }, (_, i) => i);
    const text = decodeLatin1(all, 0, 256);
    expect([...text].map((c) => c.charCodeAt(0))).toEqual([...all]);
    expect(decodeLatin1(all, 0x80, 0x90)).toBe(String.fromCharCode(...all.subarray(0x80, 0x90)));
  });
});

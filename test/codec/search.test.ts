// indexOfByte (runtime/src/codec/search.ts): a JavaScript scan near `from`, the native search beyond;
// it must answer exactly as Uint8Array.prototype.indexOf does, on both sides of the hand-over.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { indexOfByte } from '../../runtime/src/codec/search.js';

describe('indexOfByte', () => {
  it('property: equals bytes.indexOf(byte, from) for every from ≥ 0, near and far', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), fc.integer({ min: 0, max: 3 }), fc.nat({ max: 220 }), (bytes, byte, from) => {
        // Few distinct byte values: hits land before, at and after the 32-byte hand-over.
        const sparse = bytes.map((b) => (b % 16 === 0 ? b % 4 : 9));
        expect(indexOfByte(sparse, byte, from)).toBe(sparse.indexOf(byte, from));
      }),
      { numRuns: 3000 },
    );
  });

  it('finds a byte far past the scan and in a view that does not start at its buffer', () => {
    const bytes = new Uint8Array(100_000);
    bytes[99_999] = 7;
    expect(indexOfByte(bytes, 7, 0)).toBe(99_999);
    expect(indexOfByte(bytes.subarray(50_000), 7, 10)).toBe(49_999);
    expect(indexOfByte(bytes, 8, 0)).toBe(-1);
  });
});

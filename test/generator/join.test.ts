// joinMany (emit/join.ts) joins thousands of item texts in pieces: the result must be exactly what one
// map-and-join gives, whatever the count, on either side of a piece's 64 items.
import { describe, expect, it } from 'vitest';
import { joinMany } from '../../generator/src/emit/join.js';

const text = (index: number): string => `item ${index}`.padEnd(40 + (index % 7), '.');

describe('joinMany', () => {
  it('gives what map and join give, in one piece or several', () => {
    for (const count of [0, 1, 63, 64, 65, 200]) {
      const items = Array.from({ length: count }, (_, index) => index);
      expect(joinMany(items, text, ',\n')).toBe(items.map(text).join(',\n'));
      expect(joinMany(items, text)).toBe(items.map(text).join(''));
    }
  });

  it('iterates a lazy list once, in order', () => {
    const seen: number[] = [];
    function* items(): Generator<number> {
      for (let index = 0; index < 200; index++) {
        seen.push(index);
        yield index;
      }
    }
    expect(joinMany(items(), String, ' ')).toBe(Array.from({ length: 200 }, (_, index) => index).join(' '));
    expect(seen).toEqual(Array.from({ length: 200 }, (_, index) => index));
  });
});

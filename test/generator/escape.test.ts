// The escaping helpers: whatever the XML says, a literal evaluates to exactly that text and a comment
// stays a comment. Checked by evaluating the emitted code, not by comparing with expected escapes.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { jsDoc, jsonInTemplate, tsString } from '../../generator/src/emit/escape.js';

const hostile = [
  "it's", 'back\\slash', '`tick`', '${globalThis.pwned = 1}', '*/ globalThis.pwned = 1; /*', 'line\nbreak\r\n',
  '\u2028\u2029', '\u202eevil\u202c', 'emoji 🚀', '\u0000\u0007\u001b', '</script>', '"double"', '@param x',
];

const evaluate = (code: string): unknown => new Function(`return ${code};`)();

describe('escaping', () => {
  it('tsString gives a literal that evaluates to the text, with no raw line breaks or bidi controls', () => {
    for (const text of hostile) {
      const literal = tsString(text);
      expect(evaluate(literal)).toBe(text);
      expect(literal).not.toMatch(/[\n\r\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }
    fc.assert(fc.property(fc.string({ unit: 'binary' }), (text) => evaluate(tsString(text)) === text), { seed: 42, numRuns: 500 });
  });

  it('jsonInTemplate gives template text whose value is JSON of the same data', () => {
    for (const text of hostile) {
      const value = evaluate(`\`${jsonInTemplate({ text })}\``);
      expect(JSON.parse(value as string)).toEqual({ text });
    }
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (text) => JSON.parse(evaluate(`\`${jsonInTemplate([text])}\``) as string)[0] === text),
      { seed: 42, numRuns: 500 },
    );
  });

  it('jsDoc stays one comment whatever the text', () => {
    for (const text of hostile) {
      const doc = jsDoc([text, `${text} again`], '  ');
      expect(doc.startsWith('  /**')).toBe(true);
      expect(doc.indexOf('*/')).toBe(doc.length - 2);
      expect(doc).not.toMatch(/[\r\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
      expect(evaluate(`(${doc}\n 42)`)).toBe(42);
    }
  });
});

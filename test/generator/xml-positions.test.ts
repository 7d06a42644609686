// Where an attribute starts (generator/src/xml.ts attributeAt): diagnostics point there.
import { describe, expect, it } from 'vitest';
import { parseXml } from '../../generator/src/xml.js';

describe('attribute positions', () => {
  it('an attribute is found by its exact name: a dot in the name matches only a dot', () => {
    const text = '<Protocol>\n  <Param axb="1" a.b="2"/>\n</Protocol>';
    const document = parseXml(text);
    const param = document.root.children[0]!;
    expect(document.lines.position(param.attributeAt('a.b'))).toEqual({ line: 2, column: 18 });
    expect(document.lines.position(param.attributeAt('axb'))).toEqual({ line: 2, column: 10 });
  });
});

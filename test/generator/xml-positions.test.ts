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

  it('a > or a look-alike name= inside a quoted value does not hide or fake an attribute', () => {
    const text = '<Protocol>\n  <Param note="a>b id=9" id=\'7\' \n    options = "x"/>\n</Protocol>';
    const document = parseXml(text);
    const param = document.root.children[0]!;
    expect(param.attributes).toEqual({ note: 'a>b id=9', id: '7', options: 'x' });
    expect(document.lines.position(param.attributeAt('note'))).toEqual({ line: 2, column: 10 });
    expect(document.lines.position(param.attributeAt('id'))).toEqual({ line: 2, column: 26 });
    expect(document.lines.position(param.attributeAt('options'))).toEqual({ line: 3, column: 5 });
    // A name that is only part of another, or that the tag lacks, is the element's start.
    expect(param.attributeAt('d')).toBe(param.at);
    expect(param.attributeAt('missing')).toBe(param.at);
    const lookAlike = parseXml('<P note=" id=9" id="7"/>').root;
    expect(lookAlike.attributeAt('id')).toBe(16);
  });
});


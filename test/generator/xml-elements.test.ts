// An element's attributes and text (generator/src/xml.ts). Its text: sliced from the source and decoded only where needed, it must
// be exactly what saxes gives as text and CDATA events, concatenated (the reader's earlier form, kept
// here as the reference).
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { describe, expect, it } from 'vitest';
import { readProtocol } from '../../generator/src/read-protocol.js';
import { parseXml, type XmlElement } from '../../generator/src/xml.js';

/** Text of the root's first child `<T>`. */
const textOf = (content: string, prolog = ''): string => {
  const t = parseXml(`${prolog}<R><T>${content}</T></R>`).root.children[0] as XmlElement;
  return t.text;
};

/** Leaf texts in document order, as saxes's own text and CDATA events give them. */
function saxesLeafTexts(xml: string): string[] {
  const parser = new SaxesParser({ xmlns: false });
  const open: { text: string; leaf: boolean }[] = [];
  const texts: string[] = [];
  const add = (text: string): void => {
    const top = open[open.length - 1];
    if (top) top.text += text;
  };
  parser.on('opentag', () => {
    const parent = open[open.length - 1];
    if (parent) parent.leaf = false;
    open.push({ text: '', leaf: true });
  });
  parser.on('closetag', () => {
    const element = open.pop();
    texts.push(element?.leaf ? element.text : '');
  });
  parser.on('text', add);
  parser.on('cdata', add);
  parser.write(xml).close();
  return texts;
}

/** Leaf texts in document order, as parseXml gives them. */
function leafTexts(xml: string): string[] {
  const texts: string[] = [];
  const document = parseXml(xml, (element) => {
    texts.push(element.children.length === 0 ? element.text : '');
    return false;
  });
  texts.push(document.root.children.length === 0 ? document.root.text : '');
  return texts;
}

describe('element text', () => {
  it('plain text is the content as written, spaces included', () => {
    expect(textOf(' a b ')).toBe(' a b ');
    expect(textOf('')).toBe('');
    expect(parseXml('<R><T/></R>').root.children[0]?.text).toBe('');
    expect(parseXml('<R><T></T ></R>').root.children[0]?.text).toBe('');
    expect(parseXml('<R><T>x</T\n></R>').root.children[0]?.text).toBe('x');
  });

  it('entities and character references are decoded, once', () => {
    expect(textOf('a &lt; b &amp;&amp; c &gt; d &quot;e&quot; &apos;f&apos;')).toBe('a < b && c > d "e" \'f\'');
    expect(textOf('&amp;lt;')).toBe('&lt;');
    expect(textOf('&#65;&#x42;&#x1F600;&#233;')).toBe('AB😀é');
  });

  it('every line end is one \\n; a &#13; stays a carriage return', () => {
    expect(textOf('a\r\nb\rc\nd')).toBe('a\nb\nc\nd');
    expect(textOf('a&#13;&#10;b&#xD;')).toBe('a\r\nb\r');
    expect(textOf('\r\n\r\n')).toBe('\n\n');
  });

  it('CDATA is kept as written (markup and references included), comments and processing instructions are left out', () => {
    expect(textOf('<![CDATA[a < b && &amp; <!-- c -->]]>')).toBe('a < b && &amp; <!-- c -->');
    expect(textOf('x<!-- <T>y</T> & -->z')).toBe('xz');
    expect(textOf('x<?pi data?>z')).toBe('xz');
    expect(textOf('<![CDATA[a\r\nb]]>c')).toBe('a\nbc');
    expect(textOf('<!-- <![CDATA[ -->x<!-- ]]> -->')).toBe('x');
  });

  it('XML 1.1 line ends (NEL, LS) become \\n only in an XML 1.1 document', () => {
    expect(textOf('a\u0085b\u2028c\r\u0085d', '<?xml version="1.1"?>')).toBe('a\nb\nc\nd');
    expect(textOf('a\u0085b\u2028c', '<?xml version="1.1"?>')).toBe('a\nb\nc');
    expect(textOf('a\u0085b\u2028c\r\u0085d', '<?xml version="1.0"?>')).toBe('a\u0085b\u2028c\n\u0085d');
  });

  it('an element with child elements has no text', () => {
    const t = parseXml('<R><T>a<C>c</C>b</T></R>').root.children[0] as XmlElement;
    expect(t.text).toBe('');
    expect(t.children[0]?.text).toBe('c');
  });

  it('is what saxes gives, for random content', () => {
    const piece = fc.constantFrom('a', ' ', '\t', '\n', '\r', '\r\n', '&amp;', '&lt;', '&#13;', '&#x20AC;', '&quot;', '<![CDATA[', ']]>', '<!--', '-->', '<?p x?>', '<C/>', '<C>', '</C>', 'é', '😀', '\u0085', '\u2028', '>', ']');
    const content = fc.array(piece, { maxLength: 30 }).map((pieces) => pieces.join(''));
    let compared = 0;
    fc.assert(
      fc.property(content, fc.boolean(), (body, xml11) => {
        const xml = `${xml11 ? '<?xml version="1.1"?>' : ''}<R><T>${body}</T></R>`;
        let expected: string[];
        try {
          expected = saxesLeafTexts(xml);
        } catch {
          return; // not well-formed: parseXml throws too (xml.ts's error tests)
        }
        compared++;
        expect(leafTexts(xml)).toEqual(expected);
      }),
      { seed: 7, numRuns: 3000 },
    );
    expect(compared).toBeGreaterThan(500);
  });
});

describe('element attributes', () => {
  it('are read whatever follows the name: space, a line end, a slash', () => {
    const root = parseXml('<R a="1"><T/><T b="2"/><T\n c="3"></T><T\td="4"/><T >x</T><p:T p:e="5"/></R>').root;
    expect(root.attributes).toEqual({ a: '1' });
    expect(root.children.map((t) => t.attributes)).toEqual([{}, { b: '2' }, { c: '3' }, { d: '4' }, {}, { 'p:e': '5' }]);
  });
});

describe('items read as they close (read-protocol.ts)', () => {
  const param = (id: number): string => `<Param id="${id}"><Name>P${id}</Name></Param>`;
  const paramIds = (xml: string): number[] => readProtocol('x.xml', new TextEncoder().encode(xml)).model?.params.map((p) => p.id) ?? [];

  it('only the first <Params> section gives params, even when it is empty', () => {
    expect(paramIds(`<Protocol><Params>${param(1)}${param(2)}</Params></Protocol>`)).toEqual([1, 2]);
    expect(paramIds(`<Protocol><Params>${param(1)}</Params><Params>${param(2)}</Params></Protocol>`)).toEqual([1]);
    expect(paramIds(`<Protocol><Params/><Params>${param(1)}</Params></Protocol>`)).toEqual([]);
  });

  it('the elements of a section that are not items stay in the tree, in order', () => {
    const model = readProtocol('x.xml', new TextEncoder().encode(`<Protocol><Params>${param(1)}<X/>${param(2)}<Y/></Params></Protocol>`)).model;
    expect(model?.params.map((p) => p.id)).toEqual([1, 2]);
    expect(model?.strays.map((stray) => stray.text)).toEqual(['X', 'Y']);
  });
});

// XML parse benchmark on the synthetic protocol: @xmldom/xmldom (DOM with locator) vs saxes
// (SAX with positions, building a minimal element tree).
//
//   node bench/parse-xml.js [params=20000] [runs=5]
//   node --expose-gc bench/parse-xml.js      (collects garbage between runs when available)
//
// Each parser gets one untimed warm-up run, then `runs` timed runs; the table shows the median.

import { performance } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { DOMParser } from '@xmldom/xmldom';
import { SaxesParser } from 'saxes';
import { syntheticProtocol } from './synthetic-protocol.js';

/**
 * Minimal tree: what a protocol reader needs (name, attributes, children, text) plus the
 * line/column of every element and attribute. saxes reports 1-based lines and 0-based columns
 * of the position just after the token (`<Name` for an element, the closing quote for an attribute).
 *
 * @typedef {{ value: string, line: number, column: number }} Attr
 * @typedef {{ name: string, line: number, column: number, attributes: Record<string, Attr>, children: Element[], text: string }} Element
 */

/** @returns {Element} the root element */
export function parseWithSaxes(xml) {
  const parser = new SaxesParser({ position: true });
  /** @type {Element} */
  const document = { name: '#document', line: 1, column: 0, attributes: {}, children: [], text: '' };
  /** @type {Element[]} */
  const stack = [document];
  /** @type {Element | undefined} */
  let opening;
  parser.on('opentagstart', (tag) => {
    opening = { name: tag.name, line: parser.line, column: parser.column, attributes: {}, children: [], text: '' };
  });
  parser.on('attribute', (attribute) => {
    opening.attributes[attribute.name] = { value: attribute.value, line: parser.line, column: parser.column };
  });
  parser.on('opentag', (tag) => {
    stack[stack.length - 1].children.push(opening);
    if (!tag.isSelfClosing) stack.push(opening);
  });
  parser.on('closetag', (tag) => {
    if (!tag.isSelfClosing) stack.pop();
  });
  parser.on('text', (text) => {
    stack[stack.length - 1].text += text;
  });
  parser.on('cdata', (text) => {
    stack[stack.length - 1].text += text;
  });
  parser.on('error', (error) => {
    throw error;
  });
  parser.write(xml).close();
  return document.children[0];
}

/** @returns {Document} */
export function parseWithXmldom(xml) {
  const parser = new DOMParser({
    locator: true,
    onError: (level, message) => {
      if (level !== 'warning') throw new Error(`xmldom ${level}: ${message}`);
    },
  });
  return parser.parseFromString(xml, 'text/xml');
}

function countSaxes(element) {
  let n = 1;
  for (const child of element.children) n += countSaxes(child);
  return n;
}

function countDom(node) {
  let n = 0;
  for (let child = node.firstChild; child; child = child.nextSibling) {
    if (child.nodeType === 1) n += 1 + countDom(child);
  }
  return n;
}

const median = (values) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

function measure(parse, xml, runs) {
  parse(xml); // warm-up
  const times = [];
  for (let i = 0; i < runs; i++) {
    globalThis.gc?.();
    const start = performance.now();
    parse(xml);
    times.push(performance.now() - start);
  }
  return times;
}

async function main() {
  const params = Number(process.argv[2] ?? 20000);
  const runs = Number(process.argv[3] ?? 5);
  const xml = syntheticProtocol({ params });
  const megabytes = Buffer.byteLength(xml) / 1e6;

  // Sanity: both parsers see the same elements, and positions are present.
  const dom = parseWithXmldom(xml);
  const tree = parseWithSaxes(xml);
  const domCount = countDom(dom);
  const saxCount = countSaxes(tree);
  if (domCount !== saxCount) throw new Error(`element count differs: xmldom ${domCount}, saxes ${saxCount}`);
  const lastParam = dom.getElementsByTagName('Param');
  const sample = lastParam[lastParam.length - 1];
  if (!sample || typeof sample.lineNumber !== 'number') throw new Error('xmldom locator gave no lineNumber');

  const rows = [
    ['@xmldom/xmldom DOMParser (locator)', measure(parseWithXmldom, xml, runs)],
    ['saxes SaxesParser (position) + tree', measure(parseWithSaxes, xml, runs)],
  ];

  console.log(`synthetic protocol: ${params} params, ${megabytes.toFixed(1)} MB, ${saxCount} elements; ` +
    `node ${process.version}; median of ${runs} runs after 1 warm-up${globalThis.gc ? ', gc between runs' : ''}`);
  console.log('');
  const header = ['parser', 'median ms', 'min ms', 'max ms', 'MB/s'];
  const body = rows.map(([name, times]) => [
    name,
    median(times).toFixed(0),
    Math.min(...times).toFixed(0),
    Math.max(...times).toFixed(0),
    (megabytes / (median(times) / 1000)).toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((r) => r[i].length)));
  const line = (cells) => '| ' + cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]) : c.padStart(widths[i]))).join(' | ') + ' |';
  console.log(line(header));
  console.log('|' + widths.map((w, i) => (i === 0 ? '-'.repeat(w + 2) : '-'.repeat(w + 1) + ':')).join('|') + '|');
  for (const row of body) console.log(line(row));
  const [dm, sm] = rows.map(([, times]) => median(times));
  console.log('');
  console.log(`saxes / xmldom median ratio: ${(sm / dm).toFixed(2)}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) await main();

/**
 * Inputs of the hardening tests that must generate, built the same way wherever they are used:
 * test/hardening/input.test.ts checks their diagnostics, test/typecheck.test.ts type-checks their outputs.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { repoRoot } from '../generator/helpers.js';

export const hostileFixtures = join(repoRoot, 'test', 'fixtures', 'hostile');
const doctypeUnused = (): string => readFileSync(join(hostileFixtures, 'doctype-unused.xml'), 'utf8');

/** Well-formed hostile fixtures that generate (with their warnings). */
export const generatingFixtures = ['hostile-names.xml', 'doctype-unused.xml', 'ids-warned.xml'] as const;

/** An XML file name that tries to break out of the comments and strings it reaches. */
export const hostileInputFileName = `dir/evil\n*\u2028 globalThis.__pwned = 1; \${x}\`'".xml`;

/** A valid protocol with `depth` levels of an unknown element nested inside it. */
export function deepProtocol(depth: number): string {
  const base = doctypeUnused().replace(/<!DOCTYPE[\s\S]*?\]>\n/, '').replace('</Protocol>', '');
  return `${base}${'<Deep>'.repeat(depth)}${'</Deep>'.repeat(depth)}</Protocol>\n`;
}

/** A valid protocol whose <Name> is `words` words long. */
export function longNameProtocol(words: number): string {
  return doctypeUnused().replace('<Name>Doctype Unused</Name>', `<Name>${'Word '.repeat(words)}</Name>`);
}

/**
 * Every generating input above, as `generate` takes them. The large protocol is 1 MB here: what its
 * output's type-check proves does not grow with size, and input.test.ts generates the 10 MB one.
 */
export function generatingInputs(): { readonly file: string; readonly contents: string | Uint8Array }[] {
  return [
    ...generatingFixtures.map((name) => ({ file: name, contents: readFileSync(join(hostileFixtures, name)) })),
    { file: 'large.xml', contents: largeProtocol(1024 * 1024) },
    { file: 'deep.xml', contents: deepProtocol(100_000) },
    { file: 'long-name.xml', contents: longNameProtocol(3000) },
    { file: hostileInputFileName, contents: doctypeUnused() },
  ];
}

/** A protocol of about `bytes` bytes: one WebSocket connection and many request/response pairs. */
export function largeProtocol(bytes: number): string {
  const head = [
    '<?xml version="1.0" encoding="utf-8"?>',
    '<Protocol xmlns="http://www.skyline.be/protocol">',
    '  <Name>Large</Name>',
    '  <Connections><Connection id="0" name="Main"><Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http></Connection></Connections>',
  ];
  const params: string[] = [];
  const commands: string[] = [];
  const responses: string[] = [];
  const pairs: string[] = [];
  let size = head.join('\n').length;
  for (let i = 1; size < bytes; i++) {
    const request = 2 * i;
    const reply = 2 * i + 1;
    const item = [
      `    <Param id="${request}"><Name>Request ${i}</Name><Description>What pair ${i} sends: it's "quoted" &amp; */ escaped</Description><Type>write</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>`,
      `    <Param id="${reply}"><Name>Reply ${i}</Name><Description>What pair ${i} gets back</Description><Type>read</Type><Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete><Display><Units>dB</Units></Display></Param>`,
      `    <Command id="${i}"><Name>Ask ${i}</Name><Content><Param>1</Param><Param>${request}</Param></Content></Command>`,
      `    <Response id="${i}"><Name>Answer ${i}</Name><Content><Param>1</Param><Param>${reply}</Param></Content></Response>`,
      `    <Pair id="${i}"><Name>Ask ${i}</Name><Content><Command>${i}</Command><Response>${i}</Response></Content></Pair>`,
    ];
    params.push(item[0] as string, item[1] as string);
    commands.push(item[2] as string);
    responses.push(item[3] as string);
    pairs.push(item[4] as string);
    size += item.reduce((sum, line) => sum + line.length + 1, 0);
  }
  const header = '    <Param id="1"><Name>Marker</Name><Type>header</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Value>&gt;</Value></Interprete></Param>';
  return [
    ...head,
    '  <Params>',
    header,
    ...params,
    '  </Params>',
    '  <Commands>',
    ...commands,
    '  </Commands>',
    '  <Responses>',
    ...responses,
    '  </Responses>',
    '  <Pairs>',
    ...pairs,
    '  </Pairs>',
    '</Protocol>',
    '',
  ].join('\n');
}

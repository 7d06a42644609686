/**
 * Every diagnostic the generator reports for a bad input, through the real CLI: the exact
 * `file:line:col: severity PGnnnn: message` line on stderr (message by a distinctive part), the exit
 * code, and that errors leave `--out` untouched while warnings and infos do not block output.
 *
 * The fixtures in test/fixtures/bad/ are hand-written; line and column below point at the element or
 * attribute each diagnostic is about (columns are 1-based, counted in characters).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, expect as globalExpect, it, type ExpectStatic } from 'vitest';
import { badFixtures, copyFixture, diagnostics, listFiles, put, protocolXml, repoRoot, requireBuild, run, TempDirs, utf16le, withUtf8Boms } from './helpers.js';

const temp = new TempDirs();
beforeAll(requireBuild);
afterAll(() => temp.cleanup());

interface Expected {
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning' | 'info';
  readonly code: string;
  /** A distinctive part of the message. */
  readonly says: string;
}

interface Case {
  readonly fixture: string;
  readonly expected: readonly Expected[];
  /** The hint lines printed under diagnostics, in order. */
  readonly hints?: readonly string[];
}

const error = (line: number, column: number, code: string, says: string): Expected => ({ line, column, severity: 'error', code, says });

/** Inputs with errors: exit 1, nothing written. */
const errorCases: readonly Case[] = [
  {
    // `<Name>Reply</Type>`: the close tag `</Type>` at column 30 does not close `<Name>` (column 19).
    fixture: 'not-well-formed.xml',
    expected: [error(4, 30, 'PG0001', 'not well-formed XML: </Type> does not close <Name> (opened at line 4, column 19)')],
  },
  {
    fixture: 'root-not-protocol.xml',
    expected: [error(3, 1, 'PG0002', 'the root element is <Element>, not <Protocol>')],
    hints: ['is this a DataMiner protocol file?'],
  },
  {
    fixture: 'duplicate-ids.xml',
    expected: [
      error(7, 5, 'PG0010', 'duplicate Connection id 0 (first defined at line 4)'),
      error(14, 5, 'PG0010', 'duplicate Param id 1 (first defined at line 12)'),
      error(18, 7, 'PG0010', 'duplicate Command id 1 (first defined at line 17)'),
      error(22, 5, 'PG0010', 'duplicate Response id 1 (first defined at line 21)'),
      error(26, 5, 'PG0010', 'duplicate Pair id 1 (first defined at line 25)'),
    ],
  },
  {
    // A missing id points at the element; an invalid one at the `id` attribute.
    fixture: 'missing-id.xml',
    expected: [
      error(9, 5, 'PG0011', 'Param has no id'),
      error(10, 14, 'PG0011', 'Param has an invalid id "02"'),
      error(14, 14, 'PG0011', 'Command has an invalid id "-1"'),
    ],
    hints: Array.from({ length: 3 }, () => 'ids are unsigned integers without sign or leading zeros'),
  },
  {
    fixture: 'pair-missing-command.xml',
    expected: [error(16, 16, 'PG0020', 'Pair 1 names command 7, which does not exist')],
  },
  {
    // Both a Response and a ResponseOnBadCommand, each at its own element.
    fixture: 'pair-missing-response.xml',
    expected: [
      error(16, 36, 'PG0021', 'Pair 1 names response 8, which does not exist'),
      error(16, 58, 'PG0021', 'Pair 1 names response 9, which does not exist'),
    ],
  },
  {
    fixture: 'pair-without-command.xml',
    expected: [error(15, 7, 'PG0022', 'Pair 4 has no Content/Command and no Content/Response')],
  },
  {
    fixture: 'frame-missing-param.xml',
    expected: [
      error(13, 62, 'PG0023', 'Command 1 names param 12, which does not exist'),
      error(18, 9, 'PG0023', 'Response 1 names param 11, which does not exist'),
    ],
  },
  {
    // At the `options` attribute; the pair's is on its own line.
    fixture: 'unknown-connection.xml',
    expected: [
      error(16, 22, 'PG0030', 'Response 1 option Connection:3 names connection 3, which does not exist'),
      error(20, 11, 'PG0030', 'Pair 1 option connection:5 names connection 5, which does not exist'),
    ],
  },
  {
    fixture: 'notify-missing-param.xml',
    expected: [error(8, 33, 'PG0031', 'NotifyConnectionPIDs names param 77, which does not exist')],
  },
  {
    fixture: 'handshake-missing-session.xml',
    expected: [
      error(8, 13, 'PG0032', 'WebSocketHandshake names HTTP session 5, which does not exist'),
      // Session 4 is no handshake, and there is no http connection to run it on.
      { line: 14, column: 5, severity: 'info', code: 'PG0050', says: '1 HTTP session(s) get no method: the protocol has no http connection to run them on' },
    ],
  },
  {
    // At `<Length>3</Length>`.
    fixture: 'double-length-3.xml',
    expected: [error(11, 93, 'PG0040', 'param 2 "Level": RawType double needs LengthType fixed with Length 4 or 8, not Length 3')],
  },
  {
    // At the `<Interprete>` that lacks a `<Value>`.
    fixture: 'fixed-without-value.xml',
    expected: [error(12, 7, 'PG0041', 'param 3 "Prefix": a fixed, header or trailer param needs an Interprete/Value')],
  },
  {
    // At `CRC/Type`.
    fixture: 'unknown-crc.xml',
    expected: [error(14, 9, 'PG0042', 'param 3 "Checksum": CRC/Type "crc-99 tower" is not supported')],
  },
];

/** Checks parsed stderr against the expectations: every diagnostic, in order, nothing else. */
function expectDiagnostics(stderr: string, file: string, expected: readonly Expected[], expect: ExpectStatic = globalExpect): void {
  const found = diagnostics(stderr);
  expect(found.map(({ file: at, line, column, severity, code }) => ({ file: at, line, column, severity, code }))).toEqual(
    expected.map(({ line, column, severity, code }) => ({ file, line, column, severity, code })),
  );
  found.forEach((diagnostic, index) => expect(diagnostic.message).toContain(expected[index]?.says));
}

describe('errors: exact location, exit 1, nothing written', () => {
  it.concurrent.for(errorCases)('$fixture', async ({ fixture, expected, hints }, { expect }) => {
    const cwd = temp.make();
    copyFixture(fixture, cwd);
    const result = await run([fixture, '--out', 'out'], { cwd });
    expect(result.code).toBe(1);
    expectDiagnostics(result.stderr, fixture, expected, expect);
    const errors = expected.filter((item) => item.severity === 'error').length;
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe(`protogen: ${errors} error(s); nothing written`);
    expect(lines.filter((line) => line.startsWith('  ')).map((line) => line.slice(2))).toEqual(hints ?? []);
    expect(result.stdout).toBe('');
    expect(listFiles(join(cwd, 'out'))).toBeUndefined();
  });

  it('the file is named as the user wrote it (relative path, absolute path)', async () => {
    const cwd = temp.make();
    put(cwd, 'protocols/p.xml', readFileSync(join(badFixtures, 'pair-without-command.xml')));
    const relative = await run(['protocols/p.xml'], { cwd });
    expect(diagnostics(relative.stderr).map((item) => `${item.file}:${item.line}:${item.column}`)).toEqual(['protocols/p.xml:15:7']);
    const absolute = await run([join(cwd, 'protocols', 'p.xml')], { cwd });
    expect(diagnostics(absolute.stderr).map((item) => `${item.file}:${item.line}:${item.column}`)).toEqual([`${join(cwd, 'protocols', 'p.xml')}:15:7`]);
    expect(listFiles(join(cwd, 'generated'))).toBeUndefined();
  });

  it('a byte order mark, two of them or UTF-16 do not move line or column', async () => {
    const cwd = temp.make();
    const text = readFileSync(join(badFixtures, 'duplicate-ids.xml'), 'utf8');
    put(cwd, 'one.xml', withUtf8Boms(text, 1));
    put(cwd, 'two.xml', withUtf8Boms(text, 2));
    put(cwd, 'utf16.xml', utf16le(text));
    const result = await run(['one.xml', 'two.xml', 'utf16.xml'], { cwd });
    expect(result.code).toBe(1);
    const positions = (file: string): string[] =>
      diagnostics(result.stderr)
        .filter((item) => item.file === file)
        .map((item) => `${item.line}:${item.column} ${item.code}`);
    const expected = ['7:5 PG0010', '14:5 PG0010', '18:7 PG0010', '22:5 PG0010', '26:5 PG0010'];
    expect(positions('one.xml')).toEqual(expected);
    expect(positions('two.xml')).toEqual(expected);
    expect(positions('utf16.xml')).toEqual(expected);
  });

  it('CRLF line endings, also inside a start tag, keep line and column exact', async () => {
    const cwd = temp.make();
    const text = readFileSync(join(badFixtures, 'unknown-connection.xml'), 'utf8');
    put(cwd, 'crlf.xml', text.replace(/\n/g, '\r\n'));
    const result = await run(['crlf.xml'], { cwd });
    expect(result.code).toBe(1);
    expectDiagnostics(result.stderr, 'crlf.xml', errorCases.find((item) => item.fixture === 'unknown-connection.xml')?.expected ?? []);
    // A CRLF right after the element name: the element still starts at its `<`.
    const split = ['<Protocol>', '  <Params>', '    <Param', '      id="1"><Name>A</Name></Param>', '    <Param', '      id="1"><Name>B</Name></Param>', '  </Params>', '</Protocol>', ''];
    put(cwd, 'split.xml', split.join('\r\n'));
    const duplicate = await run(['split.xml'], { cwd });
    expect(diagnostics(duplicate.stderr).filter((item) => item.code === 'PG0010')).toEqual([
      { file: 'split.xml', line: 5, column: 5, severity: 'error', code: 'PG0010', message: 'duplicate Param id 1 (first defined at line 3)' },
    ]);
  });

  it('PG0001 points at the cause: an unescaped &, an unclosed element', async () => {
    const cwd = temp.make();
    put(cwd, 'amp.xml', protocolXml({ description: 'Tom & Jerry' }));
    put(cwd, 'unclosed.xml', protocolXml().replace('  </Pairs>\n</Protocol>\n', ''));
    const result = await run(['amp.xml', 'unclosed.xml'], { cwd });
    expect(result.code).toBe(1);
    expect(diagnostics(result.stderr)).toEqual([
      { file: 'amp.xml', line: 4, column: 20, severity: 'error', code: 'PG0001', message: 'not well-formed XML: "&" must be written "&amp;" (or start an entity such as "&lt;")' },
      { file: 'unclosed.xml', line: 23, column: 3, severity: 'error', code: 'PG0001', message: 'not well-formed XML: <Pairs> is never closed (the file ends first)' },
    ]);
  });
});

describe('warnings and infos: reported, output still written', () => {
  it('PG0033: a pair on a connection that is not a WebSocket gets no method', async () => {
    const cwd = temp.make();
    copyFixture('pair-not-websocket.xml', cwd);
    const result = await run(['pair-not-websocket.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(diagnostics(result.stderr)).toEqual([
      { file: 'pair-not-websocket.xml', line: 7, column: 5, severity: 'info', code: 'PG0050', message: 'connection 1 "Console" (Gpib) is not a WebSocket, HTTP, SNMP, serial or smart-serial connection: protogen generates no transport for it' },
      // At the pair's `options` attribute.
      { file: 'pair-not-websocket.xml', line: 23, column: 18, severity: 'warning', code: 'PG0033', message: 'Pair 2 runs on connection 1 (Gpib), which protogen does not drive: it gets no method' },
    ]);
    expect(result.stdout).toBe('wrote out/pair-not-websocket.ts\n');
    const generated = readFileSync(join(cwd, 'out', 'pair-not-websocket.ts'), 'utf8');
    expect(generated).toContain('  ask(values: { readonly request: string }');
    expect(generated).not.toMatch(/consoleAsk/);
    expect(generated).toContain('{"id":1,"key":"ask","command":1,"responses":[1],"badResponses":[],"connection":0,"source":"pair-not-websocket.xml:');
    expect(generated).not.toMatch(/\{"id":2,"key":"[^"]*","command":/);
  });

  it('PG0050: QActions, Time@dataDisplay, an SNMP param in a group and a non-WebSocket connection are infos; --quiet hides them', async () => {
    const cwd = temp.make();
    copyFixture('unsupported.xml', cwd);
    const result = await run(['unsupported.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(diagnostics(result.stderr).map(({ file, line, column, severity, code }) => `${file}:${line}:${column}: ${severity} ${code}`)).toEqual([
      'unsupported.xml:7:5: info PG0050',
      'unsupported.xml:25:5: info PG0050',
      'unsupported.xml:29:42: info PG0050',
      'unsupported.xml:31:3: info PG0050',
    ]);
    const messages = diagnostics(result.stderr).map((item) => item.message);
    expect(messages[0]).toContain('connection 1 "Poller" (Gpib) is not a WebSocket, HTTP, SNMP, serial or smart-serial connection');
    expect(messages[1]).toBe('polling skips 1 group item(s) the driver cannot run: param 1 (Group 1)');
    expect(messages[2]).toBe('Timer 2 Time@dataDisplay is ignored: a driver has no card to display');
    expect(messages[3]).toContain('1 QAction(s) (C#) are not run');
    expect(result.stdout).toBe('wrote out/unsupported-constructs.ts\n');

    const quiet = await run(['unsupported.xml', '--out', 'quiet', '--quiet'], { cwd });
    expect(quiet).toMatchObject({ code: 0, stdout: '', stderr: '' });
    expect(listFiles(join(cwd, 'quiet'))).toEqual(['unsupported-constructs.ts']);
  });

  it('PG0004: an unexpected namespace is a warning', async () => {
    const cwd = temp.make();
    put(cwd, 'ns.xml', protocolXml({ namespace: 'http://example.com/other' }));
    const result = await run(['ns.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(diagnostics(result.stderr)).toEqual([
      { file: 'ns.xml', line: 2, column: 1, severity: 'warning', code: 'PG0004', message: 'unexpected namespace "http://example.com/other"' },
    ]);
    expect(listFiles(join(cwd, 'out'))).toEqual(['echo-service.ts']);
  });

  it('an Http connection without WebSocket is an HTTP connection: no PG0034 nor PG0050, its pair gets no method (PG0033)', async () => {
    const cwd = temp.make();
    put(cwd, 'http.xml', protocolXml().replace('<WebSocket>true</WebSocket>', '<WebSocket>false</WebSocket>'));
    const result = await run(['http.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(diagnostics(result.stderr).map(({ file, line, column, severity, code }) => `${file}:${line}:${column}: ${severity} ${code}`)).toEqual([
      'http.xml:24:5: warning PG0033',
    ]);
    expect(listFiles(join(cwd, 'out'))).toEqual(['echo-service.ts']);
  });

  it('a warning in one input and an error in another: the error still blocks everything', async () => {
    const cwd = temp.make();
    copyFixture('pair-not-websocket.xml', cwd);
    copyFixture('pair-missing-command.xml', cwd);
    const result = await run(['pair-not-websocket.xml', 'pair-missing-command.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(1);
    expect(diagnostics(result.stderr).map((item) => `${item.file} ${item.severity} ${item.code}`)).toEqual([
      'pair-missing-command.xml error PG0020',
      'pair-not-websocket.xml info PG0050',
      'pair-not-websocket.xml warning PG0033',
    ]);
    expect(listFiles(join(cwd, 'out'))).toBeUndefined();
  });
});

describe('mistakes the DataMiner schema catches: warnings at the element, output still written', () => {
  it('unknown elements and values, a fixed Value that disagrees with its Length, duplicate Names, Rounding, Groups and Triggers', async () => {
    const cwd = temp.make();
    copyFixture('schema-mistakes.xml', cwd);
    const result = await run(['schema-mistakes.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr.trimEnd().split('\n')).toEqual([
      // Connection 1 (WebSocket "True", not true) is an HTTP connection: its sessions (no url: the base URL) get methods.
      'schema-mistakes.xml:8:35: warning PG0014: CommunicationOptions/WebSocket "True" is not an allowed value (did you mean `true`?): expected true or false',
      'schema-mistakes.xml:12:37: warning PG0014: Param/Type "raed" is not an allowed value (did you mean `read`?): expected one of array, bus, crc, dataminer info, ' +
        'discreet info, dummy, elementdmaid, elementid, elementname, fixed, group, header, ip, length, matrix, pollingip, read, read bit, response, trailer, write, write bit',
      'schema-mistakes.xml:13:62: warning PG0013: <LenghtType> is not an element of Param/Interprete: protogen ignores it (did you mean `LengthType`?)',
      'schema-mistakes.xml:15:73: warning PG0046: param 2 "Prefix": Value is 3 byte(s) long, Length says 2: make them agree',
      'schema-mistakes.xml:17:126: warning PG0045: param 3 "Level": Interprete/Rounding is not applied: values are encoded and decoded without it',
      'schema-mistakes.xml:20:37: warning PG0014: Command/WebSocketMessageType "txt" is not an allowed value (did you mean `text`?): expected binary or text',
      'schema-mistakes.xml:24:5: warning PG0015: Response 2 has the Name "Answer" of Response 1 (line 23): the schema requires unique names',
      'schema-mistakes.xml:27:63: warning PG0013: <Reponse> is not an element of Pair/Content: protogen ignores it (did you mean `Response`?)',
      'schema-mistakes.xml:28:5: warning PG0015: Pair 2 has the Name "Ask" of Pair 1 (line 27): the schema requires unique names',
      'schema-mistakes.xml:32:5: warning PG0015: Session 2 has the Name "Login" of Session 1 (line 31): the schema requires unique names',
    ]);
    expect(listFiles(join(cwd, 'out'))).toEqual(['schema-mistakes.ts']);
  });

  it('an unknown element far from any known name gets no guess; an element protogen does not read the parent of gets no warning', async () => {
    const cwd = temp.make();
    const xml = protocolXml()
      .replace('<Content><Command>1</Command>', '<Content><Frobnicate/><Command>1</Command>')
      .replace('  <Commands>', '  <Chains><Chain><Whatever/></Chain></Chains>\n  <Commands>');
    put(cwd, 'echo.xml', xml);
    const result = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('echo.xml:25:84: warning PG0013: <Frobnicate> is not an element of Pair/Content: protogen ignores it\n');
  });

  it('the Actions info names each action polling does not run, and none that the runtime does anyway (length, crc)', async () => {
    const cwd = temp.make();
    put(cwd, 'echo.xml', protocolXml().replace('</Protocol>', '<Actions><Action id="4"><On id="1">pair</On><Type>length</Type></Action><Action id="5"><On id="1">pair</On><Type>run actions</Type></Action></Actions>\n</Protocol>'));
    const result = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(result.stderr).toBe(
      'echo.xml:26:73: info PG0050: polling does not run 1 action(s): Action 5 (run actions on pair)\n',
    );
  });

  it('a Pair with only a Response listens (as DataMiner allows for smart-serial): accepted, an info, no method', async () => {
    const cwd = temp.make();
    put(cwd, 'echo.xml', protocolXml().replace('  </Pairs>', '    <Pair id="2"><Name>Listen</Name><Content><Response>1</Response></Content></Pair>\n  </Pairs>'));
    const result = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('echo.xml:25:5: info PG0050: Pair 2 has no Content/Command: it only listens and gets no method; its responses update params as they arrive\n');
    const generated = readFileSync(join(cwd, 'out', 'echo-service.ts'), 'utf8');
    expect(generated).toContain('  ask(');
    expect(generated).not.toContain('listen(');
  });

  it('our own samples draw no warning', async () => {
    const samples = join(repoRoot, 'samples');
    const inputs = readdirSync(samples, { withFileTypes: true }).filter((entry) => entry.isDirectory()).map((entry) => join(samples, entry.name, 'protocol.xml'));
    expect(inputs.length).toBeGreaterThan(5);
    const result = await run([...inputs, '--out', 'out'], { cwd: temp.make() });
    expect(result.code).toBe(0);
    expect(diagnostics(result.stderr).filter((item) => item.severity !== 'info')).toEqual([]);
  });
});

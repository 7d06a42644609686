// Type tests: the generated modules' exported API, inspected with ts-morph and type-checked in memory.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { readFileSync } from 'node:fs';
import { Project, type ClassDeclaration, type SourceFile } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { compileSpec, generate } from '@protogen-dm/generator';
import { structuralRoles } from '@protogen-dm/runtime/rules';

const root = fileURLToPath(new URL('../../', import.meta.url));
const scratch = `${root}test/.scratch-types`;

let project: Project;

function load(path: string): SourceFile {
  return project.getSourceFileOrThrow(path);
}

/** `name(params): returns` of every method, in order. */
function signatures(driver: ClassDeclaration): string[] {
  return driver.getMethods().map((method) => {
    const parameters = method.getParameters().map((parameter) => parameter.getText()).join(', ');
    return `${method.getName()}(${parameters}): ${method.getReturnTypeNode()?.getText()}`;
  });
}

beforeAll(() => {
  project = new Project({ tsConfigFilePath: `${root}generated/tsconfig.json` });
  mkdirSync(scratch, { recursive: true });
});

afterAll(() => {
  rmSync(scratch, { recursive: true, force: true });
});

/** Generates `xml` into the scratch folder and adds it to the project. */
function generateScratch(name: string, xml: string): SourceFile {
  const result = generate([{ file: `${name}.xml`, contents: xml }]);
  expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  const path = `${scratch}/${name}.ts`;
  writeFileSync(path, result.files[0]?.contents ?? '');
  return project.addSourceFileAtPath(path);
}

/** Type-checks a scratch module that uses the generated drivers; returns its diagnostics' codes and texts. */
function typeCheck(name: string, code: string): string[] {
  const path = `${scratch}/${name}.ts`;
  writeFileSync(path, code);
  const file = project.addSourceFileAtPath(path);
  const messages = file.getPreEmitDiagnostics().map((diagnostic) => {
    const text = diagnostic.getMessageText();
    return `TS${diagnostic.getCode()}: ${typeof text === 'string' ? text : text.getMessageText()}`;
  });
  project.removeSourceFile(file);
  return messages;
}

/** The type text of an exported type alias. */
const alias = (file: SourceFile, name: string): string => file.getTypeAliasOrThrow(name).getTypeNodeOrThrow().getText();

describe('generated drivers, inspected', () => {
  it('type-check with zero diagnostics under the strict settings', () => {
    const diagnostics = project.getPreEmitDiagnostics().map((diagnostic) => diagnostic.getMessageText());
    expect(diagnostics).toEqual([]);
  });

  it('echo-service: one method per pair with typed arguments and results', () => {
    const driver = load(`${root}generated/echo-service.ts`).getClassOrThrow('EchoServiceDriver');
    expect(driver.getExtends()?.getText()).toBe('Driver<EchoServiceParams, EchoServiceConnection>');
    expect(signatures(driver)).toEqual([
      'heartbeat(options?: CallOptions): Promise<HeartbeatResult>',
      'getStatus(options?: CallOptions): Promise<GetStatusResult>',
      'setLabel(values: { readonly labelRequest: string }, options?: CallOptions): Promise<SetLabelResult>',
    ]);
    const file = load(`${root}generated/echo-service.ts`);
    expect(alias(file, 'HeartbeatResult')).toBe('{ readonly lastEcho: string }');
    expect(alias(file, 'GetStatusResult')).toBe('{ readonly serviceState: ServiceState; readonly serviceLoad?: number; readonly serviceUptime?: number }');
    expect(alias(file, 'SetLabelResult')).toBe('{ readonly deviceLabel: string }');
    expect(alias(file, 'SetLabelBadCommand')).toBe("BadCommandError<'setLabel', { readonly lastError: string }>");
  });

  it('echo-service: params interface and discrete consts', () => {
    const file = load(`${root}generated/echo-service.ts`);
    const params = file.getInterfaceOrThrow('EchoServiceParams');
    expect(params.getProperties().map((property) => `${property.getName()}: ${property.getTypeNodeOrThrow().getText()}`)).toEqual([
      'connectionStatus: ConnectionStatus',
      'lastEcho: string',
      'serviceState: ServiceState',
      'serviceLoad: number',
      'serviceUptime: number',
      'labelRequest: string',
      'deviceLabel: string',
      'lastError: string',
    ]);
    expect(file.getTypeAliasOrThrow('ConnectionStatus').getTypeNodeOrThrow().getText()).toBe('0 | 1');
    expect(file.getTypeAliasOrThrow('ServiceState').getTypeNodeOrThrow().getText()).toBe("'running' | 'standby' | 'fault'");
    const status = file.getVariableDeclarationOrThrow('ConnectionStatus');
    expect(status.getType().getText()).toBe('{ readonly Closed: 0; readonly Open: 1; }');
    expect(file.getTypeAliasOrThrow('EchoServiceConnection').getTypeNodeOrThrow().getText()).toBe("'webSocketConnection'");
  });

  it('push pairs resolve with void and two-socket connections are typed', () => {
    const file = load(`${root}generated/dual-channel-monitor.ts`);
    expect(signatures(file.getClassOrThrow('DualChannelMonitorDriver'))).toEqual([
      'getConfig(options?: CallOptions): Promise<GetConfigResult>',
      'startTelemetry(values: { readonly telemetryInterval: number }, options?: CallOptions): Promise<void>',
    ]);
    expect(alias(file, 'GetConfigResult')).toBe('{ readonly operatingMode: OperatingMode; readonly activeChannels?: number }');
    expect(file.getTypeAlias('StartTelemetryResult')).toBeUndefined();
    expect(file.getTypeAliasOrThrow('DualChannelMonitorConnection').getTypeNodeOrThrow().getText()).toBe("'controlWebSocket' | 'telemetryWebSocket'");
  });

  it('a number the codec may leave out (blank or out of range) is optional in results, never in arguments', () => {
    const file = load(`${root}generated/matrix-router-text.ts`);
    const [route] = signatures(file.getClassOrThrow('MatrixRouterTextDriver'));
    expect(route).toContain('values: { readonly routeOutput: number; readonly routeInput: number; readonly routeGain: number;');
    expect(route).toContain('Promise<RouteResult>');
    expect(alias(file, 'RouteResult')).toBe('{ readonly outputNumber?: number; readonly sourceInput?: number }');
  });

  it('structural params (stx, etx, codes, length, checksum) never appear as arguments or results', () => {
    const { spec } = compileSpec({ file: 'binary-checksum.xml', contents: readFileSync(`${root}samples/binary-checksum/protocol.xml`) });
    const structural = (spec?.params ?? []).filter((param) => structuralRoles.has(param.role)).map((param) => param.key);
    const data = (spec?.params ?? []).filter((param) => !structuralRoles.has(param.role)).map((param) => param.key);
    // The sample has a header, fixed command codes, a length and a checksum: the check below can fail.
    expect(structural).toEqual(expect.arrayContaining(['stx', 'etx', 'codeGetReadings', 'lengthGetReadings', 'checksumGetReadings']));
    const file = load(`${root}generated/binary-sensor.ts`);
    const members = (text: string): string[] => [...text.matchAll(/readonly (\w+)\??:/g)].map((match) => match[1] ?? '');
    const used = [
      ...signatures(file.getClassOrThrow('BinarySensorDriver')).flatMap(members),
      ...file.getTypeAliases().flatMap((declaration) => members(declaration.getTypeNodeOrThrow().getText())),
    ];
    expect(used.length).toBeGreaterThan(0);
    expect(used.filter((key) => structural.includes(key))).toEqual([]);
    expect(used.every((key) => data.includes(key) || key === 'response' || key === 'values')).toBe(true);
  });

  it('a pair with several responses resolves with a union tagged by response name', () => {
    const xml = `<Protocol><Name>Multi</Name>
      <Connections><Connection id="0" name="Main"><Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http></Connection></Connections>
      <Params>
        <Param id="1"><Name>Reply A</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
        <Param id="2"><Name>Reply B</Name><Type>read</Type><Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete></Param>
        <Param id="3"><Name>Tag A</Name><Type>fixed</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Value>A:</Value></Interprete></Param>
        <Param id="4"><Name>Tag B</Name><Type>fixed</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Value>B:</Value></Interprete></Param>
        <Param id="5"><Name>Ask</Name><Type>fixed</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Value>?</Value></Interprete></Param>
      </Params>
      <Commands><Command id="1"><Name>Ask</Name><Content><Param>5</Param></Content></Command></Commands>
      <Responses>
        <Response id="1"><Name>Answer A</Name><Content><Param>3</Param><Param>1</Param></Content></Response>
        <Response id="2"><Name>Answer B</Name><Content><Param>4</Param><Param>2</Param></Content></Response>
      </Responses>
      <Pairs><Pair id="1"><Name>Ask</Name><Content><Command>1</Command><Response>1</Response><Response>2</Response></Content></Pair></Pairs>
    </Protocol>`;
    const result = generate([{ file: 'multi.xml', contents: xml }]);
    expect(result.ok).toBe(true);
    const path = `${scratch}/multi.ts`;
    writeFileSync(path, result.files[0]?.contents ?? '');
    const file = project.addSourceFileAtPath(path);
    expect(signatures(file.getClassOrThrow('MultiDriver'))).toEqual(['ask(options?: CallOptions): Promise<AskResult>']);
    expect(alias(file, 'AskResult')).toBe(
      "{ readonly response: 'answerA'; readonly values: { readonly replyA: string } } | { readonly response: 'answerB'; readonly values: { readonly replyB?: number } }",
    );
    expect(file.getPreEmitDiagnostics().map((diagnostic) => diagnostic.getMessageText())).toEqual([]);
  });
});

describe('types users enjoy', () => {
  const driver = `../../generated/echo-service.js`;

  it('misuse of a driver does not compile: a wrong argument key, a wrong discrete literal, a wrong bad-command value', () => {
    const misuse = `import { BadCommandError } from '@protogen-dm/runtime';
import { EchoServiceDriver, ServiceState, type SetLabelBadCommand } from '${driver}';
export async function misuse(driver: EchoServiceDriver, error: unknown): Promise<void> {
  // @ts-expect-error labelRequest, not label
  await driver.setLabel({ label: 'x' });
  // @ts-expect-error 'running' | 'standby' | 'fault'
  const state: ServiceState = 'runing';
  // @ts-expect-error keys are PascalCase: Running
  void ServiceState['running'];
  if (error instanceof BadCommandError) {
    const refused = error as SetLabelBadCommand;
    const text: string = refused.values.lastError;
    // @ts-expect-error the pair is 'setLabel'
    const pair: 'heartbeat' = refused.pair;
    // @ts-expect-error no such value
    void refused.values.reason;
    void [state, text, pair];
  }
}
`;
    expect(typeCheck('misuse', misuse)).toEqual([]);
    // The same code without the directives has exactly those errors: each @ts-expect-error is needed.
    const errors = typeCheck('misuse-unmarked', misuse.replace(/^\s*\/\/ @ts-expect-error.*\n/gm, ''));
    expect(errors.map((error) => error.slice(0, error.indexOf(':')))).toEqual(['TS2353', 'TS2820', 'TS2551', 'TS2322', 'TS2339']);
  });

  it('server mode is typed: client events and changes, info.client, the client call option, allowedAddresses', () => {
    const code = `import type { ClientChange } from '@protogen-dm/runtime';
import { SmartSerialEncoderDriver } from '../../generated/smart-serial-encoder.js';
export async function serve(): Promise<void> {
  const driver = new SmartSerialEncoderDriver({ connections: { control: { url: 'tcp://0.0.0.0:5100', listen: true, allowedAddresses: ['10.0.0.7'] }, console: false } });
  driver.on('client', (connection, client, change) => {
    const key: 'control' | 'console' = connection;
    const name: string = client;
    const what: ClientChange = change;
    // @ts-expect-error the changes are connected, disconnected and refused
    const wrong: 'left' = change;
    void [key, name, what, wrong];
  });
  driver.on('unmatched', (_connection, _bytes, client) => {
    // @ts-expect-error undefined outside server mode
    const name: string = client;
    void name;
  });
  driver.params.on('temperature', (_value, info) => {
    const from: string | undefined = info.client;
    void driver.getConfig(from === undefined ? undefined : { client: from });
  });
  // @ts-expect-error a client is named by its IP:port string
  await driver.getConfig({ client: 7 });
}
`;
    expect(typeCheck('server-mode', code)).toEqual([]);
    const errors = typeCheck('server-mode-unmarked', code.replace(/^\s*\/\/ @ts-expect-error.*\n/gm, ''));
    expect(errors.map((error) => error.slice(0, error.indexOf(':')))).toEqual(['TS2322', 'TS2322', 'TS2322']);
  });

  it('option members accept undefined under exactOptionalPropertyTypes (no TS2379)', () => {
    const code = `import { EchoServiceDriver } from '${driver}';
export async function pass(driver: EchoServiceDriver, timeoutMs: number | undefined, retries?: number): Promise<void> {
  await driver.getStatus({ timeoutMs, retries, signal: undefined });
  new EchoServiceDriver({ connections: { webSocketConnection: { url: 'ws://127.0.0.1:1', headers: undefined } }, timeoutMs, reconnect: { maxAttempts: retries } });
}
`;
    expect(typeCheck('optional-undefined', code)).toEqual([]);
  });

  it('discrete keys are PascalCase display texts (the text in JSDoc); a <name>Set write param shares its read twin\'s type', () => {
    const xml = `<Protocol><Name>Router</Name>
      <Connections><Connection id="0" name="Main"><Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http></Connection></Connections>
      <Params>
        <Param id="3"><Name>Router Mode</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete>
          <Measurement><Type>discreet</Type><Discreets>
            <Discreet><Display>Power Cycle</Display><Value>cycle</Value></Discreet>
            <Discreet><Display>H.264</Display><Value>h264</Value></Discreet>
            <Discreet><Display>Power-Cycle</Display><Value>cycle2</Value></Discreet>
            <Discreet><Display>2nd Input</Display><Value>in2</Value></Discreet>
          </Discreets></Measurement></Param>
        <Param id="12"><Name>Router Mode</Name><Type>write</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete>
          <Measurement><Type>discreet</Type><Discreets>
            <Discreet><Display>Power Cycle</Display><Value>cycle</Value></Discreet>
            <Discreet><Display>H.264</Display><Value>h264</Value></Discreet>
            <Discreet><Display>Power-Cycle</Display><Value>cycle2</Value></Discreet>
            <Discreet><Display>2nd Input</Display><Value>in2</Value></Discreet>
          </Discreets></Measurement></Param>
      </Params>
    </Protocol>`;
    const file = generateScratch('router', xml);
    const mode = file.getVariableDeclarationOrThrow('RouterMode');
    expect(mode.getType().getText()).toBe('{ readonly PowerCycle: "cycle"; readonly H264: "h264"; readonly PowerCycle_3: "cycle2"; readonly Value2ndInput: "in2"; }');
    expect(file.getText()).toContain("  /** H.264 */\n  H264: 'h264',");
    const params = file.getInterfaceOrThrow('RouterParams');
    expect(params.getProperties().map((property) => `${property.getName()}: ${property.getTypeNodeOrThrow().getText()}`)).toEqual([
      'routerMode: RouterMode',
      'routerModeSet: RouterMode',
    ]);
    expect(file.getVariableDeclarations().map((declaration) => declaration.getName())).toEqual(['RouterMode', 'routerProtocol']);
    expect(file.getPreEmitDiagnostics().map((diagnostic) => diagnostic.getMessageText())).toEqual([]);
  });

  it('JSDoc says which range is applied and which is a display hint, and lists exceptions', () => {
    const xml = `<Protocol><Name>Levels</Name>
      <Connections><Connection id="0" name="Main"><Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http></Connection></Connections>
      <Params>
        <Param id="1"><Name>Level</Name><Type>read</Type>
          <Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType><Range><Low>-60</Low></Range>
            <Exceptions><Exception id="1" value="32767"><Display>Not Connected</Display><Value>-1000</Value></Exception></Exceptions></Interprete>
          <Display><Range><Low>-40</Low><High>10</High></Range></Display></Param>
      </Params>
    </Protocol>`;
    const file = generateScratch('levels', xml);
    const doc = file.getInterfaceOrThrow('LevelsParams').getPropertyOrThrow('level').getJsDocs()[0]?.getInnerText() ?? '';
    expect(doc).toContain('range -60 to … (a value outside is left out) · display range -40 to 10 (not enforced)');
    expect(doc).toContain('"32767" is stored as -1000 (Not Connected)');
  });
});

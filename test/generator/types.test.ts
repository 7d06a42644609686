// Type tests: the generated modules' exported API, inspected with ts-morph and type-checked in memory.
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { Project, type ClassDeclaration, type SourceFile } from 'ts-morph';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { generate } from '@protogen-dm/generator';

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

describe('generated drivers, inspected', () => {
  it('type-check with zero diagnostics under the strict settings', () => {
    const diagnostics = project.getPreEmitDiagnostics().map((diagnostic) => diagnostic.getMessageText());
    expect(diagnostics).toEqual([]);
  });

  it('echo-service: one method per pair with typed arguments and results', () => {
    const driver = load(`${root}generated/echo-service.ts`).getClassOrThrow('EchoServiceDriver');
    expect(driver.getExtends()?.getText()).toBe('Driver<EchoServiceParams, EchoServiceConnection>');
    expect(signatures(driver)).toEqual([
      'heartbeat(options?: CallOptions): Promise<{ readonly lastEcho: string }>',
      'getStatus(options?: CallOptions): Promise<{ readonly serviceState: ServiceState; readonly serviceLoad?: number; readonly serviceUptime?: number }>',
      'setLabel(values: { readonly labelRequest: string }, options?: CallOptions): Promise<{ readonly deviceLabel: string }>',
    ]);
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
      "getConfig(options?: CallOptions): Promise<{ readonly operatingMode: OperatingMode; readonly activeChannels?: number }>",
      'startTelemetry(values: { readonly telemetryInterval: number }, options?: CallOptions): Promise<void>',
    ]);
    expect(file.getTypeAliasOrThrow('DualChannelMonitorConnection').getTypeNodeOrThrow().getText()).toBe("'controlWebSocket' | 'telemetryWebSocket'");
  });

  it('a number the codec may leave out (blank or out of range) is optional in results, never in arguments', () => {
    const file = load(`${root}generated/matrix-router-text.ts`);
    const [route] = signatures(file.getClassOrThrow('MatrixRouterTextDriver'));
    expect(route).toContain('values: { readonly routeOutput: number; readonly routeInput: number; readonly routeGain: number;');
    expect(route).toContain('Promise<{ readonly outputNumber?: number; readonly sourceInput?: number }>');
  });

  it('structural params never appear as arguments or results', () => {
    const file = load(`${root}generated/binary-sensor.ts`);
    const text = signatures(file.getClassOrThrow('BinarySensorDriver')).join('\n');
    for (const structural of ['header', 'trailer', 'length', 'crc', 'checksum']) expect(text.toLowerCase()).not.toContain(`readonly ${structural}`);
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
    expect(signatures(file.getClassOrThrow('MultiDriver'))).toEqual([
      "ask(options?: CallOptions): Promise<{ readonly response: 'answerA'; readonly values: { readonly replyA: string } } | { readonly response: 'answerB'; readonly values: { readonly replyB?: number } }>",
    ]);
    expect(file.getPreEmitDiagnostics().map((diagnostic) => diagnostic.getMessageText())).toEqual([]);
  });
});

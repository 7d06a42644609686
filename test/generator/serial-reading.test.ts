// Reading serial and smart-serial connections (issue 14.1), in both syntaxes, through the generator's
// in-process API: what lands in the spec the runtime and the mock take, and the diagnostics.
import { describe, expect, it } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';

const frames = `
  <Params>
    <Param id="1"><Name>Reply</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="2"><Name>Ask</Name><Type>fixed</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Length>1</Length><Value>?</Value></Interprete></Param>
    <Param id="3"><Name>Start</Name><Type options="headerTrailerLink=1">header</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Length>1</Length><Value>0x02</Value></Interprete></Param>
    <Param id="4"><Name>End</Name><Type options="headerTrailerLink=1">trailer</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Length>1</Length><Value>0x03</Value></Interprete></Param>
    <Param id="5"><Name>Line End</Name><Type options="headerTrailerLink=2;connection=1">trailer</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Length>2</Length><Value>0x0D0x0A</Value></Interprete></Param>
    <Param id="6"><Name>Lone Header</Name><Type options="headerTrailerLink=3">header</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Length>1</Length><Value>!</Value></Interprete></Param>
  </Params>
  <Commands><Command id="1"><Name>Ask</Name><Content><Param>3</Param><Param>2</Param><Param>4</Param></Content></Command></Commands>
  <Responses><Response id="1"><Name>Reply</Name><Content><Param>3</Param><Param>1</Param><Param>4</Param></Content></Response></Responses>
  <Pairs><Pair id="1" timeout="500" options="retries:2; receiveInterval:40; ignoreTimeout"><Name>Ask</Name><Content><Command>1</Command><Response>1</Response></Content></Pair></Pairs>`;

const protocol = (connections: string, type = ''): string =>
  `<Protocol xmlns="http://www.skyline.be/protocol"><Name>Serial Reading</Name><Version>1.0</Version>${type}${connections}${frames}</Protocol>`;

function compile(xml: string): ReturnType<typeof compileSpec> {
  return compileSpec({ file: 'serial.xml', contents: xml });
}

describe('serial and smart-serial connections', () => {
  it('syntax 1: Type + PortSettings (IPport, TimeoutTime, Retries, LocalIPport), communicationOptions maxReceiveBuffer, advanced connections', () => {
    const xml = protocol(
      `<PortSettings name="Line"><IPport><DefaultValue>4001</DefaultValue></IPport><TimeoutTime><DefaultValue>800</DefaultValue></TimeoutTime>
         <Retries><DefaultValue>2</DefaultValue></Retries><LocalIPport><DefaultValue>5001</DefaultValue></LocalIPport></PortSettings>
       <Ports><PortSettings name="Events"><IPport><DefaultValue>4002</DefaultValue></IPport></PortSettings></Ports>`,
      `<Type communicationOptions="maxReceiveBuffer:64" advanced="smart-serial single:Events">serial</Type>`,
    );
    const { spec, diagnostics } = compile(xml);
    expect(diagnostics).toEqual([]);
    expect(spec?.connections).toEqual([
      { id: 0, key: 'line', name: 'Line', kind: 'serial', localPort: 5001, timeoutMs: 800, retries: 2, port: 4001 },
      { id: 1, key: 'events', name: 'Events', kind: 'smart-serial', single: true, delimiters: [{ header: '02', trailer: '03' }, { trailer: '0d0a' }], maxReceiveBuffer: 64, port: 4002 },
    ]);
    expect(spec?.pairs[0]).toMatchObject({ id: 1, key: 'ask', timeoutMs: 500, retries: 2, receiveIntervalMs: 40 });
  });

  it('syntax 3: Connections/Connection with Serial and SmartSerial@single, UserSettings, CommunicationOptions', () => {
    const xml = protocol(`<Connections>
      <Connection id="0" name="Control"><Serial><UserSettings><IPport><DefaultValue>23</DefaultValue></IPport></UserSettings></Serial></Connection>
      <Connection id="1" name="Feed"><SmartSerial single="true"><CommunicationOptions><MaxReceiveBuffer>128</MaxReceiveBuffer></CommunicationOptions></SmartSerial></Connection>
    </Connections>`);
    const { spec, diagnostics } = compile(xml);
    expect(diagnostics).toEqual([]);
    expect(spec?.connections.map(({ id, kind, single, maxReceiveBuffer, port }) => ({ id, kind, single, maxReceiveBuffer, port }))).toEqual([
      { id: 0, kind: 'serial', single: undefined, maxReceiveBuffer: undefined, port: 23 },
      { id: 1, kind: 'smart-serial', single: true, maxReceiveBuffer: 128, port: undefined },
    ]);
  });

  it('strings of byte-stream frames are one byte per character, unless the protocol is Unicode', () => {
    const plain = compile(protocol('', '<Type>serial</Type>')).spec;
    expect(plain?.params.find((param) => param.id === 1)?.encoding).toBe('latin1');
    const unicode = compile(protocol('', '<Type options="unicode">serial</Type>')).spec;
    expect(unicode?.params.find((param) => param.id === 1)?.encoding).toBeUndefined();
  });

  it('physical serial only (PortTypeIP and PortTypeUDP disabled): one info, no key, its pair gets no method', () => {
    const xml = protocol(
      `<PortSettings name="COM"><PortTypeIP><Disabled>true</Disabled></PortTypeIP><PortTypeUDP><Disabled>true</Disabled></PortTypeUDP></PortSettings>`,
      '<Type>serial</Type>',
    );
    const { spec, diagnostics } = compile(xml);
    expect(spec?.connections).toEqual([]);
    expect(spec?.pairs).toEqual([]);
    expect(diagnostics.map((d) => `${d.severity} ${d.code}`)).toEqual(['warning PG0034', 'info PG0050', 'warning PG0033']);
    expect(diagnostics[1]?.message).toBe('connection 0 "COM" (serial) is physical serial only (PortTypeIP and PortTypeUDP disabled), which Node cannot reach: protogen generates no transport for it');
  });

  it('framing options protogen does not apply are an info, not a silent change of framing', () => {
    const { spec, diagnostics } = compile(protocol('', '<Type communicationOptions="packetInfo:4,2">smart-serial</Type>'));
    expect(spec?.connections[0]?.kind).toBe('smart-serial');
    expect(diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual([
      'PG0050 connection 0 "Main Connection" sets packetinfo: protogen does not frame by it (frames are cut by header/trailer params, else as raw chunks)',
    ]);
  });

  it('maxConcurrentConnections (smart-serial server mode), syntax 1 and 3: into the spec of smart-serial connections', () => {
    const one = compile(protocol('', '<Type communicationOptions="maxReceiveBuffer:64;maxConcurrentConnections:3">smart-serial</Type>'));
    expect(one.diagnostics).toEqual([]);
    expect(one.spec?.connections[0]).toMatchObject({ kind: 'smart-serial', maxConcurrentConnections: 3, maxReceiveBuffer: 64 });
    const three = compile(protocol(`<Connections>
      <Connection id="0" name="Feed"><SmartSerial><CommunicationOptions><MaxConcurrentConnections>2</MaxConcurrentConnections></CommunicationOptions></SmartSerial></Connection>
      <Connection id="1" name="Other"><SmartSerial single="true"/></Connection>
    </Connections>`));
    expect(three.diagnostics).toEqual([]);
    expect(three.spec?.connections.map((connection) => connection.maxConcurrentConnections)).toEqual([2, undefined]);
  });

  it('a maxConcurrentConnections that is not a whole number from 1 is PG0044 at its attribute or element; no limit applies', () => {
    const xml = protocol('', '<Type communicationOptions="maxConcurrentConnections:0">smart-serial</Type>');
    const one = compile(xml);
    expect(one.spec?.connections[0]?.maxConcurrentConnections).toBeUndefined();
    const column = xml.indexOf('communicationOptions=') + 1;
    expect(one.diagnostics.map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`)).toEqual([
      `1:${column} warning PG0044 maxConcurrentConnections "0" is not a whole number from 1; no limit applies`,
    ]);
    const body = `<Connections>\n<Connection id="0" name="Feed"><SmartSerial><CommunicationOptions>\n  <MaxConcurrentConnections>two</MaxConcurrentConnections></CommunicationOptions></SmartSerial></Connection></Connections>`;
    const three = compile(protocol(body));
    expect(three.spec?.connections[0]?.maxConcurrentConnections).toBeUndefined();
    expect(three.diagnostics.map((d) => `${d.line}:${d.column} ${d.code} ${d.message}`)).toEqual([
      '3:3 PG0044 maxConcurrentConnections "two" is not a whole number from 1; no limit applies',
    ]);
  });

  it('maxConcurrentConnections where no smart-serial connection takes it is PG0045 (ignored), once', () => {
    const serial = compile(protocol('', '<Type communicationOptions="maxConcurrentConnections:2" advanced="serial:Second">serial</Type>'));
    expect(serial.spec?.connections.map((connection) => connection.maxConcurrentConnections)).toEqual([undefined, undefined]);
    expect(serial.diagnostics.map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      'warning PG0045 maxConcurrentConnections:2 is ignored: it limits the clients of a smart-serial connection in server mode, and connection 0 "Main Connection" is serial',
    ]);
    // Syntax 1 speaks for the protocol: a smart-serial connection takes it, the serial main connection draws nothing.
    const mixed = compile(protocol('', '<Type communicationOptions="maxConcurrentConnections:2" advanced="smart-serial:Feed">serial</Type>'));
    expect(mixed.diagnostics).toEqual([]);
    expect(mixed.spec?.connections.map((connection) => connection.maxConcurrentConnections)).toEqual([undefined, 2]);
  });

  it('notifyConnectionPIDs (smart-serial server mode), syntax 1 and 3: the connects and disconnects params; one that does not exist is PG0031', () => {
    const logs = '<Param id="20"><Name>In</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>' +
      '<Param id="21"><Name>Out</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>';
    const withLogs = (xml: string): string => xml.replace('<Params>', `<Params>${logs}`);
    const one = compile(withLogs(protocol('', '<Type communicationOptions="notifyConnectionPIDs:20,21">smart-serial</Type>')));
    expect(one.diagnostics).toEqual([]);
    expect(one.spec?.connections[0]).toMatchObject({ clientParams: { connected: 20, disconnected: 21 } });
    expect(one.spec?.connections[0]?.statusParam).toBeUndefined();
    const three = compile(withLogs(protocol(`<Connections><Connection id="0" name="Feed"><SmartSerial><CommunicationOptions>
      <NotifyConnectionPIDs><Connections>20</Connections><Disconnections>21</Disconnections></NotifyConnectionPIDs></CommunicationOptions></SmartSerial></Connection></Connections>`)));
    expect(three.diagnostics).toEqual([]);
    expect(three.spec?.connections[0]).toMatchObject({ statusParam: 20, clientParams: { connected: 20, disconnected: 21 } });
    const missing = compile(protocol(`<Connections><Connection id="0" name="Feed"><SmartSerial><CommunicationOptions>
      <NotifyConnectionPIDs><Connections>40</Connections><Disconnections>41</Disconnections></NotifyConnectionPIDs></CommunicationOptions></SmartSerial></Connection></Connections>`));
    expect(missing.diagnostics.map((d) => `${d.line} ${d.code} ${d.message}`)).toEqual([
      '2 PG0031 NotifyConnectionPIDs names param 40, which does not exist',
      '2 PG0031 NotifyConnectionPIDs names param 41, which does not exist',
    ]);
    const bad = compile(protocol('', '<Type communicationOptions="notifyConnectionPIDs:x,21">smart-serial</Type>'));
    expect(bad.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['PG0024 notifyConnectionPIDs "x" is not a param id', 'PG0031 NotifyConnectionPIDs names param 21, which does not exist']);
  });

  it('a close action with Type@id (server mode: disconnect the client that param holds) is planned; without Type@id it is not run (PG0050); a Type@id naming no param is PG0060', () => {
    const actions = (body: string): string =>
      protocol('', '<Type>smart-serial</Type>').replace(
        '</Protocol>',
        `<Groups><Group id="1"><Name>Kick</Name><Type>action</Type><Content><Action>1</Action></Content></Group></Groups><Actions>${body}</Actions></Protocol>`,
      );
    const planned = compile(actions('<Action id="1"><On>protocol</On><Type id="1" nr="0">close</Type></Action>'));
    expect(planned.diagnostics).toEqual([]);
    expect(planned.spec?.polling?.actions).toEqual([{ id: 1, on: 'protocol', ids: [], type: 'close', param: 1, connection: 0 }]);
    const port = compile(actions('<Action id="1"><On>protocol</On><Type nr="0">close</Type></Action>'));
    expect(port.spec?.polling?.actions).toEqual([]);
    expect(port.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['PG0050 polling does not run 1 action(s): Action 1 (close on protocol)']);
    const missing = compile(actions('<Action id="1"><On>protocol</On><Type id="99">close</Type></Action>'));
    expect(missing.diagnostics.map((d) => `${d.code} ${d.message}`)).toEqual(['PG0060 Action 1 Type@id names param 99, which does not exist']);
  });
});

// Reading and planning HTTP sessions (issue 13): both connection syntaxes, Group@connection, every part of
// Session/Connection/Request/Response as the runtime spec states it, method names and types, and the
// diagnostics for sessions that name missing params, unknown verbs, and Data next to Parameters.
import { describe, expect, it } from 'vitest';
import { compileSpec, generate } from '@protogen-dm/generator';
import type { SessionSpec } from '@protogen-dm/runtime';

const param = (id: number, name: string, type = 'string', raw = 'other'): string =>
  `<Param id="${id}"><Name>${name}</Name><Type>read</Type><Interprete><RawType>${raw}</RawType><Type>${type}</Type><LengthType>next param</LengthType></Interprete></Param>`;

const params = [param(1, 'Path'), param(2, 'Token'), param(3, 'Body'), param(4, 'User'), param(5, 'Secret'), param(200, 'Status'), param(201, 'Content'), param(202, 'Remaining', 'double', 'numeric text')].join('\n');

function protocol(connections: string, http: string, extra = ''): string {
  return `<?xml version="1.0"?>
<Protocol xmlns="http://www.skyline.be/protocol">
  <Name>Http Probe</Name><Version>1.0.0.1</Version>
${connections}
  <Params>
${params}
  </Params>
${extra}
  <HTTP>
${http}
  </HTTP>
</Protocol>`;
}

const syntax1 = '<Type>http</Type><PortSettings name="Web API"><IPport><DefaultValue>443</DefaultValue></IPport></PortSettings>';

function sessions(xml: string): readonly SessionSpec[] {
  const { spec, diagnostics } = compileSpec({ file: 'probe.xml', contents: xml });
  expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
  return spec?.sessions ?? [];
}

function messages(xml: string): string[] {
  const { diagnostics } = compileSpec({ file: 'probe.xml', contents: xml });
  return diagnostics.filter((diagnostic) => diagnostic.severity !== 'info').map((d) => `${d.line}:${d.column} ${d.severity} ${d.code} ${d.message}`);
}

describe('reading HTTP sessions', () => {
  it('states every part of a session in the spec: verb, url over pid, headers, Data, status, response headers, content, attributes', () => {
    const xml = protocol(
      syntax1,
      `<Session id="7" name="GET Data" keepAlive="true" timeout="2500" ignoreTimeout="true" loginMethod="credentials" userName="4" password="5" proxyServer="http://proxy:3128">
        <Connection id="7" name="First" timeout="900">
          <Request verb="post" url="/a b" pid="1">
            <Headers>
              <!-- a comment between headers -->
              <Header key="Accept">text/html,
\t\t\t\tapplication/json</Header>
              <Header key="Authorization" pid="2"></Header>
            </Headers>
            <Data pid="3"/>
          </Request>
          <Response statusCode="200">
            <Content pid="201"></Content>
            <Headers><Header key="x-ratelimit-remaining" pid="202"/></Headers>
          </Response>
        </Connection>
      </Session>`,
    );
    expect(sessions(xml)).toEqual([
      {
        id: 7,
        key: 'getData',
        connection: 0,
        requests: [
          {
            verb: 'POST',
            headers: [{ name: 'Accept', value: 'text/html, application/json' }, { name: 'Authorization', param: 2 }],
            responseHeaders: [{ name: 'x-ratelimit-remaining', param: 202 }],
            url: '/a b',
            timeoutMs: 900,
            data: { param: 3 },
            statusParam: 200,
            contentParam: 201,
          },
        ],
        timeoutMs: 2500,
        keepAlive: true,
        userParam: 4,
        passwordParam: 5,
        source: `probe.xml:${xml.split('\n').findIndex((line) => line.includes('<Session id="7"')) + 1}`,
      },
    ]);
  });

  it('types the method: arguments from what the requests read (not credentials), result from what responses store', () => {
    const xml = protocol(
      syntax1,
      `<Session id="1" name="SendPATCHwithPID" userName="4" password="5"><Connection id="1">
        <Request verb="PATCH" pid="1"><Headers><Header key="Authorization" pid="2"/></Headers><Data pid="3"/></Request>
        <Response statusCode="200"><Headers><Header key="X-Left" pid="202"/></Headers><Content pid="201"/></Response>
      </Connection></Session>`,
    );
    const result = generate([{ file: 'probe.xml', contents: xml }]);
    const contents = result.files[0]?.contents ?? '';
    expect(contents).toContain('sendPATCHwithPID(values: { readonly path: string; readonly token: string; readonly body: string }, options?: CallOptions): Promise<SendPATCHwithPIDResult>');
    expect(contents).toContain('export type SendPATCHwithPIDResult = { readonly status: string; readonly remaining?: number; readonly content: string };');
    expect(contents).toContain('`PATCH {path}`');
    expect(contents).toContain('Session 1 · connection 0 · credentials from user / secret · probe.xml:');
    expect(contents).toContain("extends Driver<HttpProbeParams, HttpProbeConnection, 'webAPI'>");
  });

  it('runs a session on the connection a group names, else on the first HTTP connection; advanced="http" takes its PortSettings name', () => {
    const connections = `<Type advanced="http;http:Second API">smart-serial</Type>
  <PortSettings name="Serial Port"/>
  <Ports><PortSettings name="First API"/><PortSettings name="Second API"/></Ports>`;
    const groups = `<Groups>
    <Group id="1" connection="2"><Name>Two</Name><Type>poll</Type><Content>
      <!-- comment --> <Session>2</Session></Content></Group>
  </Groups>`;
    const xml = protocol(connections, `<Session id="1" name="One"><Connection id="1"><Request url="a"/></Connection></Session>
      <Session id="2" name="Two"><Connection id="1"><Request url="b"/></Connection></Session>`, groups);
    const { spec } = compileSpec({ file: 'probe.xml', contents: xml });
    expect(spec?.connections.map((connection) => [connection.id, connection.key, connection.kind])).toEqual([
      // The smart-serial main connection is driven too (issue 14): it has a key beside the HTTP ones.
      [0, 'serialPort', 'smart-serial'],
      [1, 'firstAPI', 'http'],
      [2, 'secondAPI', 'http'],
    ]);
    expect(spec?.sessions?.map((session) => [session.key, session.connection])).toEqual([['one', 1], ['two', 2]]);
  });

  it('reads Connections/Connection/Http without WebSocket as an HTTP connection; a handshake session gets no method', () => {
    const connections = `<Connections>
    <Connection id="0" name="Feed"><Http><CommunicationOptions><WebSocket>true</WebSocket><WebSocketHandshake>9</WebSocketHandshake></CommunicationOptions></Http></Connection>
    <Connection id="1" name="Rest"><Http><UserSettings><IPport><DefaultValue>8081</DefaultValue></IPport></UserSettings></Http></Connection>
  </Connections>`;
    const xml = protocol(connections, `<Session id="9" name="Hs"><Connection id="1"><Request pid="1"><Headers><Header key="X" pid="2"/></Headers></Request></Connection></Session>
      <Session id="3"><Connection id="1"><Request url="/status"/></Connection></Session>`);
    const { spec } = compileSpec({ file: 'probe.xml', contents: xml });
    expect(spec?.connections.map((connection) => [connection.key, connection.kind, connection.port])).toEqual([['feed', undefined, undefined], ['rest', 'http', 8081]]);
    expect(spec?.sessions?.map((session) => [session.id, session.key, session.connection])).toEqual([[3, 'session3', 1]]);
  });

  it('sends only the Parameters when both Data and Parameters are present, literal and from params; an unknown verb as written, a non-alphabetic one as GET', () => {
    const xml = protocol(
      syntax1,
      `<Session id="1"><Connection id="1"><Request verb="GET" url="/s"><Data pid="3"/><Parameters><Parameter key="q" pid="1"/><Parameter key="scope">read write</Parameter></Parameters></Request></Connection>
       <Connection id="2"><Request verb="Fetch" url="/f"/></Connection><Connection id="3"><Request verb="GET2" url="/g"/></Connection></Session>`,
    );
    const [session] = sessions(xml);
    expect(session?.requests.map((request) => [request.verb, request.data, request.parameters])).toEqual([
      ['GET', undefined, [{ name: 'q', param: 1 }, { name: 'scope', value: 'read write' }]],
      ['Fetch', undefined, undefined],
      ['GET', undefined, undefined],
    ]);
  });
});

describe('HTTP session diagnostics', () => {
  it('reports params that do not exist, unknown verbs, Data next to Parameters, wrapped headers, CONNECT', () => {
    const xml = protocol(
      syntax1,
      `<Session id="1" name="Bad" userName="44">
        <Connection id="1"><Request verb="FETCH" pid="99"><Headers><Header key="A" pid="98"/><Header key="B">x
          y</Header></Headers><Data pid="3"/><Parameters><Parameter key="p" pid="97"/></Parameters></Request>
          <Response statusCode="96"><Headers><Header key="H" pid="95"/></Headers><Content pid="94"/></Response></Connection>
        <Connection id="2"><Request verb="CONNECT"/></Connection>
      </Session>`,
    );
    const found = messages(xml);
    expect(found).toHaveLength(11);
    expect(found).toEqual(expect.arrayContaining([
      expect.stringMatching(/^\d+:\d+ error PG0024 session 1 userName names param 44, which does not exist$/),
      expect.stringMatching(/ warning PG0038 session 1: unknown verb "FETCH" is sent as it is$/),
      expect.stringMatching(/ error PG0024 session 1 request path names param 99, which does not exist$/),
      expect.stringMatching(/ error PG0024 session 1 request header "A" names param 98, which does not exist$/),
      expect.stringMatching(/ warning PG0038 session 1: header "B" wraps over lines; it is sent on one line/),
      expect.stringMatching(/ warning PG0038 session 1: the request has both Data and Parameters; only the Parameters are sent$/),
      expect.stringMatching(/ error PG0024 session 1 request Parameter "p" names param 97, which does not exist$/),
      expect.stringMatching(/ error PG0024 session 1 Response@statusCode names param 96, which does not exist$/),
      expect.stringMatching(/ error PG0024 session 1 response header "H" names param 95, which does not exist$/),
      expect.stringMatching(/ error PG0024 session 1 Response Content names param 94, which does not exist$/),
      expect.stringMatching(/ error PG0037 session 1: DataMiner does not support the verb CONNECT$/),
    ]));
    const line = xml.split('\n').findIndex((text) => text.includes('<Session id="1" name="Bad"')) + 1;
    expect(found.filter((message) => message.includes('userName'))).toEqual([expect.stringMatching(new RegExp(`^${line}:`))]);
  });

  it('sessions in a protocol without an http connection get no method, said once', () => {
    const connections = '<Connections><Connection id="0" name="Feed"><Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http></Connection></Connections>';
    const xml = protocol(connections, '<Session id="1"><Connection id="1"><Request url="/a"/></Connection></Session><Session id="2"><Connection id="1"><Request url="/b"/></Connection></Session>');
    const { spec, diagnostics } = compileSpec({ file: 'probe.xml', contents: xml });
    expect(spec?.sessions).toBeUndefined();
    expect(diagnostics.filter((d) => d.message.includes('HTTP session')).map((d) => `${d.severity} ${d.code} ${d.message}`)).toEqual([
      'info PG0050 2 HTTP session(s) get no method: the protocol has no http connection to run them on',
    ]);
  });

  it('an element the schema does not have inside a request or response is reported (PG0013)', () => {
    const xml = protocol(syntax1, '<Session id="1"><Connection id="1"><Request url="/x"><Parameters><Param key="a"/></Parameters></Request><Response><Body pid="201"/></Response></Connection></Session>');
    expect(messages(xml).map((message) => message.replace(/^\d+:\d+ /, ''))).toEqual([
      'warning PG0013 <Param> is not an element of Request/Parameters: protogen ignores it',
      'warning PG0013 <Body> is not an element of Connection/Response: protogen ignores it',
    ]);
  });

  it('a param attribute that is not an id is reported where it is', () => {
    const xml = protocol(syntax1, '<Session id="1"><Connection id="1"><Request url="/x"/><Response statusCode="ok"/></Connection></Session>');
    expect(messages(xml)).toEqual([expect.stringMatching(/^\d+:\d+ error PG0024 Response@statusCode "ok" is not a param id$/)]);
  });
});

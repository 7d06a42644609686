// Polling HTTP sessions whose path comes from a param (the shape of GitHub-style connectors: a QAction fills
// one URL param per session, then a parameter change or CheckTrigger queues the session's group), against
// the mock of the same XML over real sockets on 127.0.0.1, the scheduler on a manual clock. The mock routes
// each request to the session whose path param holds that path (it once sent every such GET to the first).
import { describe, expect, it } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { Driver, type ProtocolSpec } from '@protogen-dm/runtime';
import { mockOf, owned } from '../helpers/fixture.js';
import { ManualClock } from '../helpers/manual-clock.js';

const param = (id: number, name: string, type = 'read'): string =>
  `<Param id="${id}"><Name>${name}</Name><Type>${type}</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>`;

const xml = `<?xml version="1.0"?>
<Protocol xmlns="http://www.skyline.be/protocol">
  <Name>Param Paths</Name><Version>1.0.0.1</Version>
  <Type>http</Type><PortSettings name="Api"><IPport><DefaultValue>80</DefaultValue></IPport></PortSettings>
  <Params>
    ${param(1, 'UsersUrl')}${param(2, 'ItemsUrl')}${param(11, 'UsersBody')}${param(12, 'ItemsBody')}${param(20, 'Refresh', 'write')}
  </Params>
  <Groups>
    <Group id="1"><Name>Poll Users</Name><Type>poll</Type><Content><Session>1</Session></Content></Group>
    <Group id="2"><Name>Poll Items</Name><Type>poll</Type><Content><Session>2</Session></Content></Group>
  </Groups>
  <Triggers>
    <Trigger id="1"><On id="20">parameter</On><Time>change</Time><Type>action</Type><Content><Id>1</Id></Content></Trigger>
  </Triggers>
  <Actions>
    <Action id="1"><On id="1;2">group</On><Type>execute next</Type></Action>
  </Actions>
  <HTTP>
    <Session id="1" name="Get Users"><Connection id="1"><Request verb="GET" pid="1"/><Response><Content pid="11"/></Response></Connection></Session>
    <Session id="2" name="Get Items"><Connection id="2"><Request verb="GET" pid="2"/><Response><Content pid="12"/></Response></Connection></Session>
  </HTTP>
</Protocol>`;

class ParamPathsDriver extends Driver<Record<string, unknown>, string, string> {
  constructor(spec: ProtocolSpec, url: string, clock: ManualClock) {
    super(spec, { connections: { api: { url } }, polling: { clock } });
  }
}

describe('polling sessions whose path is a param, against the mock', () => {
  it('a parameter change queues both groups; each GET reaches its own session and fills its own content param', async () => {
    const { spec, diagnostics } = compileSpec({ file: 'param-paths.xml', contents: xml });
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const { mock } = await mockOf(spec as ProtocolSpec);
    const paths = { usersUrl: '/api/users', itemsUrl: '/api/items' };
    mock.set({ ...paths, usersBody: '["ann"]', itemsBody: '["pen"]' });
    const clock = new ManualClock();
    const driver = owned(new ParamPathsDriver(spec as ProtocolSpec, mock.url(0), clock));
    for (const [key, value] of Object.entries(paths)) driver.params.set(key, value);
    await driver.connect();
    const done: string[] = [];
    const bothDone = new Promise<void>((resolve) => driver.polling.on('done', (group) => done.push(group) === 2 && resolve()));
    driver.polling.start();
    driver.params.set('refresh', 'now');
    await bothDone;
    expect(done.sort()).toEqual(['pollItems', 'pollUsers']);
    expect(mock.http.received().map(({ session, path }) => [session, path]).sort()).toEqual([
      ['getItems', '/api/items'],
      ['getUsers', '/api/users'],
    ]);
    expect([driver.params.get('usersBody'), driver.params.get('itemsBody')]).toEqual(['["ann"]', '["pen"]']);
    await driver.polling.stop();
    expect(clock.pending).toBe(0);
  });
});

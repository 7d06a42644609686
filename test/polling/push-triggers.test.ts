// A `response after` trigger on a response the device pushes (GvAmpp's shape: a smart-serial catch-all with
// an after-response trigger): it fires as for a response a polled pair got, while polling runs. Our own
// Smart Serial Encoder sample with a polling section added: its status push queues the Get Config group.
// Real sockets on 127.0.0.1 against the mock of the same XML; the scheduler on a manual clock. In server
// mode (plain node:net sockets as two devices) the groups a client's push triggers answer that client alone.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { Driver, type ProtocolSpec } from '@protogen-dm/runtime';
import { mockOf, owned } from '../helpers/fixture.js';
import { ManualClock } from '../helpers/manual-clock.js';

const polling = `
  <Groups><Group id="1"><Name>Fetch Config</Name><Type>poll</Type><Content><Pair>1</Pair></Content></Group></Groups>
  <Triggers><Trigger id="1"><On id="1">response</On><Time>after</Time><Type>action</Type><Content><Id>1</Id></Content></Trigger></Triggers>
  <Actions><Action id="1"><On id="1">group</On><Type>execute</Type></Action></Actions>
</Protocol>`;
const sample = readFileSync(new URL('../../samples/smart-serial-encoder/protocol.xml', import.meta.url), 'utf8');
const xml = sample.replace('</Protocol>', polling);
/** Fetch Config run by hand; the config reply it gets triggers Rename (Set Name). */
const renaming = sample.replace(
  '</Protocol>',
  `<Groups><Group id="1"><Name>Fetch Config</Name><Type>poll</Type><Content><Pair>1</Pair></Content></Group>
    <Group id="2"><Name>Rename</Name><Type>poll</Type><Content><Pair>2</Pair></Content></Group></Groups>
  <Triggers><Trigger id="1"><On id="2">response</On><Time>after</Time><Type>action</Type><Content><Id>1</Id></Content></Trigger></Triggers>
  <Actions><Action id="1"><On id="2">group</On><Type>execute</Type></Action></Actions>
</Protocol>`,
);

class EncoderDriver extends Driver<Record<string, unknown>, string> {
  constructor(spec: ProtocolSpec, url: string, clock: ManualClock, listen = false) {
    super(spec, { connections: { control: { url, listen }, console: false }, polling: { clock } });
  }
}

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** A device dialing the driver on `port`; `received` is what the driver sent it. */
function device(port: number): Promise<{ socket: Socket; name: string; received: () => string }> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, name: `127.0.0.1:${socket.localPort}`, received: () => Buffer.concat(chunks).toString('latin1') }));
  });
}

const frame = (text: string): Buffer => Buffer.from(`\xfe${text}\xff`, 'latin1');

/** A server-mode driver of `contents` (polling on a manual clock) with two devices connected to it, open. */
async function serverWithTwoClients(file: string, contents: string) {
  const { spec } = compileSpec({ file, contents });
  const driver = owned(new EncoderDriver(spec as ProtocolSpec, 'tcp://127.0.0.1:0', new ManualClock(), true));
  const port = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
  const connected = driver.connect();
  const a = await device(await port);
  const b = await device(await port);
  await connected;
  await vi.waitFor(() => expect(driver.state('control')).toBe('open'));
  return { driver, a, b };
}

describe('polling: response triggers on pushed responses', () => {
  it('each status the device pushes queues Fetch Config once polling runs; none before start() or after stop()', async () => {
    const { spec, diagnostics } = compileSpec({ file: 'encoder-polled.xml', contents: xml });
    expect(diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    const { mock } = await mockOf(spec as ProtocolSpec, { pushIntervalMs: 3_600_000 });
    const clock = new ManualClock();
    const driver = owned(new EncoderDriver(spec as ProtocolSpec, mock.url('control'), clock));
    await driver.connect();
    const done: string[] = [];
    driver.polling.on('done', (group) => done.push(group));
    const commands = (): string[] => mock.received().map((frame) => frame.command ?? '?');

    await mock.push('status', { temperature: 20 });
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(20));
    expect(commands()).toEqual([]);

    driver.polling.start();
    mock.set({ config: 'cfg' });
    await mock.push('status', { temperature: 21 });
    await vi.waitFor(() => expect(done).toEqual(['fetchConfig']));
    expect(commands()).toEqual(['getConfig']);
    expect(driver.params.get('config')).toBe('cfg');

    await driver.polling.stop();
    await mock.push('status', { temperature: 22 });
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(22));
    expect(commands()).toEqual(['getConfig']);
    expect(clock.pending).toBe(0);
  });

  it('server mode: the group a client\'s push triggers goes to that client alone, as DataMiner answers the sender of an after-response trigger', async () => {
    const { driver, a, b } = await serverWithTwoClients('encoder-polled.xml', xml);
    await vi.waitFor(() => expect(a.received() + b.received()).toBe(''));
    const configs: string[] = [];
    driver.params.on('config', (value, info) => configs.push(`${String(value)} from ${info.client}`));
    const done: string[] = [];
    driver.polling.on('done', (group) => done.push(group));
    driver.polling.start();
    a.socket.write(frame('S1,0'));
    await vi.waitFor(() => expect(a.received()).toBe('\xfeG\xff'));
    // B's answer is not the one asked for: it is push data, and the group still waits for A.
    b.socket.write(frame('gfrom b'));
    await vi.waitFor(() => expect(configs).toEqual([`from b from ${b.name}`]));
    expect(done).toEqual([]);
    a.socket.write(frame('gfrom a'));
    await vi.waitFor(() => expect(done).toEqual(['fetchConfig']));
    b.socket.write(frame('S2,0'));
    await vi.waitFor(() => expect(b.received()).toBe('\xfeG\xff'));
    b.socket.write(frame('gagain b'));
    await vi.waitFor(() => expect(done).toEqual(['fetchConfig', 'fetchConfig']));
    expect(a.received()).toBe('\xfeG\xff');
    expect(configs).toEqual([`from b from ${b.name}`, `from a from ${a.name}`, `again b from ${b.name}`]);
    await driver.polling.stop();
  });

  it('server mode: a polled pair goes to every client, and what its reply triggers answers the client that replied', async () => {
    const { driver, a, b } = await serverWithTwoClients('encoder-renaming.xml', renaming);
    driver.params.set('newName', 'cam 2');
    const done: string[] = [];
    driver.polling.on('done', (group) => done.push(group));
    driver.polling.start();
    const fetched = driver.polling.runGroup('fetchConfig');
    await vi.waitFor(() => expect([a.received(), b.received()]).toEqual(['\xfeG\xff', '\xfeG\xff']));
    b.socket.write(frame('gcfg'));
    await fetched;
    await vi.waitFor(() => expect(b.received()).toBe('\xfeG\xff\xfeNcam 2\xff'));
    b.socket.write(frame('ncam 2'));
    await vi.waitFor(() => expect(done).toEqual(['fetchConfig', 'rename']));
    expect(a.received()).toBe('\xfeG\xff');
    await driver.polling.stop();
  });
});

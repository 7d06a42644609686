// Server mode over UDP (issue 14.3, DataMiner's smart-serial IP `any` on a UDP port): the driver binds
// udp://127.0.0.1:0 and node:dgram sockets play the devices. DataMiner keeps the address of the client
// that sent last and sends there; a sender is a client from its first datagram on, framed on its own.
import { createSocket, type Socket } from 'node:dgram';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectionClosedError, MAX_UDP_SENDERS, type ConnectionState } from '@protogen-dm/runtime';
import { SmartSerialEncoderDriver, smartSerialEncoderProtocol } from '../../generated/smart-serial-encoder.js';
import { mockOf, owned } from '../helpers/fixture.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.close();
});

interface Sender {
  readonly name: string;
  readonly send: (bytes: Buffer) => void;
  /** Every datagram the driver sent to this sender. */
  readonly received: Buffer[];
}

/** A UDP device on a free loopback port that sends to the driver's `port`. */
async function sender(port: number): Promise<Sender> {
  const socket = createSocket('udp4');
  sockets.push(socket);
  const received: Buffer[] = [];
  socket.on('message', (data: Buffer) => received.push(data));
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', () => resolve()));
  return { name: `127.0.0.1:${socket.address().port}`, send: (bytes) => socket.send(bytes, port, '127.0.0.1'), received };
}

async function server() {
  const driver = owned(new SmartSerialEncoderDriver({ connections: { control: { url: 'udp://127.0.0.1:0', listen: true }, console: false } }));
  const clients: string[] = [];
  const states: ConnectionState[] = [];
  driver.on('client', (_connection, client, change) => clients.push(`${change} ${client}`));
  driver.on('state', (_connection, state) => states.push(state));
  const bound = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
  const connected = driver.connect();
  connected.catch(() => undefined);
  return { driver, clients, states, connected, port: await bound };
}

const frame = (text: string): Buffer => Buffer.concat([Buffer.from([0xfe]), Buffer.from(text, 'latin1'), Buffer.from([0xff])]);

describe('server mode over UDP', () => {
  it('connect() resolves with the first datagram; each sender is a client and its values say so', async () => {
    const { driver, clients, states, connected, port } = await server();
    expect(states).toEqual(['connecting']);
    const a = await sender(port);
    a.send(frame('S40.5,1'));
    await connected;
    expect(states).toEqual(['connecting', 'open']);
    expect(clients).toEqual([`connected ${a.name}`]);
    const from: string[] = [];
    driver.params.on('temperature', (value, info) => from.push(`${value} from ${info.client}`));
    const b = await sender(port);
    // A frame split over two datagrams with another sender's frame between them: one stream per sender.
    a.send(Buffer.from([0xfe, 0x53, 0x31]));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(40.5));
    b.send(frame('S2,0'));
    await vi.waitFor(() => expect(from).toEqual([`2 from ${b.name}`]));
    a.send(Buffer.concat([Buffer.from(',1', 'latin1'), Buffer.from([0xff])]));
    await vi.waitFor(() => expect(from).toEqual([`2 from ${b.name}`, `1 from ${a.name}`]));
    expect(clients).toEqual([`connected ${a.name}`, `connected ${b.name}`]);
  });

  it('a command goes to the sender heard from last, or to the one a call names; an unknown sender rejects at once', async () => {
    const { driver, connected, port } = await server();
    const a = await sender(port);
    const b = await sender(port);
    a.send(frame('S1,0'));
    await connected;
    b.send(frame('S2,0'));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(2));
    const toLast = driver.getConfig({ timeoutMs: 5000 });
    await vi.waitFor(() => expect(b.received).toEqual([frame('G')]));
    b.send(frame('gfor b'));
    await expect(toLast).resolves.toEqual({ config: 'for b' });
    const toA = driver.getConfig({ client: a.name, timeoutMs: 5000 });
    await vi.waitFor(() => expect(a.received).toEqual([frame('G')]));
    b.send(frame('gnot for a'));
    await vi.waitFor(() => expect(driver.params.get('config')).toBe('not for a'));
    a.send(frame('gfor a'));
    await expect(toA).resolves.toEqual({ config: 'for a' });
    expect(b.received).toEqual([frame('G')]);
    await expect(driver.getConfig({ client: '127.0.0.1:9' })).rejects.toThrow(new ConnectionClosedError('control', 'has no client 127.0.0.1:9'));
  });

  it(`senders are bounded: the ${MAX_UDP_SENDERS + 1}th pushes out the one heard from longest ago; close() tells the rest`, async () => {
    const { driver, clients, connected, port } = await server();
    const senders: Sender[] = [];
    for (let index = 0; index <= MAX_UDP_SENDERS; index++) senders.push(await sender(port));
    const [first, second] = senders;
    if (first === undefined || second === undefined) throw new Error('no senders');
    first.send(frame('S0,0'));
    await connected;
    for (const each of senders.slice(1)) {
      each.send(frame('S1,0'));
      await vi.waitFor(() => expect(clients.at(-1)).toBe(`connected ${each.name}`), { interval: 1 });
    }
    expect(clients.filter((entry) => entry.startsWith('disconnected'))).toEqual([`disconnected ${first.name}`]);
    await expect(driver.getConfig({ client: first.name })).rejects.toBeInstanceOf(ConnectionClosedError);
    await driver.close();
    expect(clients.filter((entry) => entry.startsWith('disconnected'))).toHaveLength(MAX_UDP_SENDERS + 1);
    expect(driver.state('control')).toBe('closed');
    // The port is free again.
    const again = createSocket('udp4');
    sockets.push(again);
    await new Promise<void>((resolve, reject) => {
      again.once('error', reject);
      again.bind(port, '127.0.0.1', () => resolve());
    });
  });

  it('the mock over UDP dials a listening driver: its first push makes it a client, and it answers the commands sent back', async () => {
    const { mock } = await mockOf(smartSerialEncoderProtocol, { udp: true, pushIntervalMs: 10 });
    const { driver, clients, connected, port } = await server();
    mock.set({ temperature: 33, config: 'over udp' });
    await mock.dial('control', `udp://127.0.0.1:${port}`);
    await connected;
    expect(clients).toEqual([`connected 127.0.0.1:${new URL(mock.url('control')).port}`]);
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(33));
    await expect(driver.getConfig()).resolves.toEqual({ config: 'over udp' });
    expect(mock.received().map((command) => command.command)).toEqual(['getConfig']);
  });
});

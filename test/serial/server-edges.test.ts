// Server mode at its edges (issue 14.3 review): the listener's lifecycle in one tick, allowed-address
// forms, and what replies to a command sent to several clients may settle. Real sockets on loopback.
import { createSocket as createDgram } from 'node:dgram';
import { connect, createServer, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectError, Driver, PairTimeoutError, type CallOptions, type ClientChange, type DriverOptions, type ProtocolSpec } from '@protogen-dm/runtime';
import { smartSerialEncoderProtocol, type GetConfigResult, type SmartSerialEncoderConnection, type SmartSerialEncoderParams } from '../../generated/smart-serial-encoder.js';
import { SerialPowerMeterDriver } from '../../generated/serial-power-meter.js';
import { owned } from '../helpers/fixture.js';

class Encoder extends Driver<SmartSerialEncoderParams, SmartSerialEncoderConnection> {
  constructor(spec: ProtocolSpec, options: DriverOptions<SmartSerialEncoderConnection>) {
    super(spec, options);
  }

  getConfig(options?: CallOptions): Promise<GetConfigResult> {
    return this.request(1, undefined, options) as Promise<GetConfigResult>;
  }
}

type Control = DriverOptions<SmartSerialEncoderConnection>['connections']['control'];

function encoder(control: Control): Encoder {
  return owned(new Encoder(smartSerialEncoderProtocol, { connections: { control, console: false } }));
}

/** A port that was free a moment ago (bound on 0, then released). */
function freePort(host = '127.0.0.1'): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, host, () => {
      const { port } = probe.address() as { port: number };
      probe.close(() => resolve(port));
    });
  });
}

/** Binds `port` ourselves and lets it go: rejects (EADDRINUSE) when something still holds it. */
function bindAndRelease(port: number, host = '127.0.0.1'): Promise<void> {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(port, host, () => probe.close(() => resolve()));
  });
}

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

interface Device {
  readonly socket: Socket;
  readonly name: string;
  readonly received: () => Buffer;
  readonly closed: Promise<void>;
}

function device(port: number, host = '127.0.0.1', localAddress = host): Promise<Device> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host, port, localAddress });
    sockets.push(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', reject);
    const name = (): string => (host.includes(':') ? `[${localAddress}]:${socket.localPort}` : `${localAddress}:${socket.localPort}`);
    socket.once('connect', () => resolve({ socket, name: name(), received: () => Buffer.concat(chunks), closed }));
  });
}

const frame = (text: string): Buffer => Buffer.concat([Buffer.from([0xfe]), Buffer.from(text, 'latin1'), Buffer.from([0xff])]);

/** A driver listening on `control`, its client events recorded, and the bound port. */
async function server(control: Control) {
  const driver = encoder(control);
  const clients: string[] = [];
  driver.on('client', (_connection, client, change: ClientChange) => clients.push(`${change} ${client}`));
  const bound = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
  const connected = driver.connect();
  connected.catch(() => undefined);
  return { driver, clients, connected, port: await bound };
}

describe('server mode: the listener in one tick', () => {
  it('connect() then close() in one tick: the port is free once close() resolved (the bind under way is not left behind)', async () => {
    const port = await freePort();
    const driver = encoder({ url: `tcp://127.0.0.1:${port}`, listen: true });
    const connected = driver.connect();
    const rejected = expect(connected).rejects.toThrow(/was closed by the driver/);
    await driver.close();
    await rejected;
    await expect(bindAndRelease(port)).resolves.toBeUndefined();
  });

  it('connect(), close(), connect() in one tick: the last one wins, binds the port and takes a client', async () => {
    const port = await freePort();
    const driver = encoder({ url: `tcp://127.0.0.1:${port}`, listen: true });
    const errors: Error[] = [];
    driver.on('error', (error) => errors.push(error));
    const listening = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
    driver.connect().catch(() => undefined);
    void driver.close();
    const connected = driver.connect();
    expect(await listening).toBe(port);
    await device(port);
    await expect(connected).resolves.toBeUndefined();
    expect(errors).toEqual([]);
  });
});

describe('server mode: allowedAddresses in any spelling of the address', () => {
  it('an IPv4 client matches its IPv4-mapped IPv6 spelling in either form (::ffff:127.0.0.2, ::ffff:7f00:2)', async () => {
    for (const allowed of ['::ffff:127.0.0.2', '::FFFF:7f00:2']) {
      const { clients, connected, port, driver } = await server({ url: 'tcp://127.0.0.1:0', listen: true, allowedAddresses: [allowed] });
      const stranger = await device(port, '127.0.0.1');
      await stranger.closed;
      const friend = await device(port, '127.0.0.1', '127.0.0.2');
      await connected;
      expect(clients).toEqual([`refused ${stranger.name}`, `connected ${friend.name}`]);
      await driver.close();
    }
  });

  it('an IPv6 address written out in full (0:0:0:0:0:0:0:1) matches the client ::1', async () => {
    const { clients, connected, port } = await server({ url: 'tcp://[::1]:0', listen: true, allowedAddresses: ['0:0:0:0:0:0:0:1'] });
    const friend = await device(port, '::1');
    await connected;
    expect(clients).toEqual([`connected ${friend.name}`]);
  });
});

/** The next chunk `socket` receives. */
function nextData(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => socket.once('data', resolve));
}

/** A TCP server-mode driver with two devices connected to it, open. */
async function twoClients() {
  const { driver, connected, port } = await server({ url: 'tcp://127.0.0.1:0', listen: true });
  const a = await device(port);
  const b = await device(port);
  await connected;
  await vi.waitFor(() => expect(driver.state('control')).toBe('open'));
  return { driver, a, b };
}

// A command sent to every client owes a reply from each: a client's replies are attributed by its own
// order, so a late one pays its debt and never settles a later call (client-debts.ts).
describe('server mode: replies to a command sent to several clients', () => {
  it("a second client's reply to a command every client got, arriving after the first settled it, is push data and never settles the next call", async () => {
    const { driver, a, b } = await twoClients();
    const asked = Promise.all([nextData(a.socket), nextData(b.socket)]);
    const first = driver.getConfig({ timeoutMs: 5000 });
    await asked;
    const askedAgain = Promise.all([nextData(a.socket), nextData(b.socket)]);
    a.socket.write(frame('gfirst'));
    await expect(first).resolves.toEqual({ config: 'first' });
    const second = driver.getConfig({ timeoutMs: 5000 });
    expect(await askedAgain).toEqual([frame('G'), frame('G')]);
    // B's reply to the first command comes now: it pays B's debt, the second call waits on.
    const late = driver.params.once('config');
    b.socket.write(frame('gold'));
    expect(await late).toBe('old');
    a.socket.write(frame('gnew'));
    await expect(second).resolves.toEqual({ config: 'new' });
  });

  it('a command every client got that timed out is owed by each of them: their late replies are push data, the next call is settled by a reply to it', async () => {
    const { driver, a, b } = await twoClients();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const asked = Promise.all([nextData(a.socket), nextData(b.socket)]);
      const first = driver.getConfig({ timeoutMs: 50 });
      const timedOut = expect(first).rejects.toBeInstanceOf(PairTimeoutError);
      await asked;
      const askedAgain = Promise.all([nextData(a.socket), nextData(b.socket)]);
      const second = driver.getConfig({ timeoutMs: 5000 });
      await vi.advanceTimersByTimeAsync(50);
      await timedOut;
      expect(await askedAgain).toEqual([frame('G'), frame('G')]);
      for (const [socket, text] of [[a.socket, 'old a'], [b.socket, 'old b']] as const) {
        const late = driver.params.once('config');
        socket.write(frame(`g${text}`));
        expect(await late).toBe(text);
      }
      b.socket.write(frame('gnew'));
      await expect(second).resolves.toEqual({ config: 'new' });
    } finally {
      vi.useRealTimers();
    }
  });

  it('a debt is forgiven one timeout of its command later: a client that never sent it answers the next call again', async () => {
    const { driver, a, b } = await twoClients();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const asked = Promise.all([nextData(a.socket), nextData(b.socket)]);
      const first = driver.getConfig({ timeoutMs: 50 });
      await asked;
      a.socket.write(frame('gfirst'));
      await expect(first).resolves.toEqual({ config: 'first' });
      await vi.advanceTimersByTimeAsync(50);
      const askedB = nextData(b.socket);
      const second = driver.getConfig({ client: b.name, timeoutMs: 5000 });
      await askedB;
      b.socket.write(frame('gfrom b'));
      await expect(second).resolves.toEqual({ config: 'from b' });
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('server mode: clients that come and go at once', () => {
  it('a storm of clients (reset at once, leaving mid-frame, still connecting at close()): every `connected` is followed by exactly one `disconnected`, none without one, nothing after close()', async () => {
    const { driver, clients, connected, port } = await server({ url: 'tcp://127.0.0.1:0', listen: true });
    const settled: Promise<void>[] = [];
    const dial = (behave: (socket: Socket) => void): void => {
      const socket = connect({ host: '127.0.0.1', port });
      sockets.push(socket);
      socket.on('error', () => undefined);
      settled.push(new Promise((done) => socket.once('close', () => done())));
      socket.once('connect', () => behave(socket));
    };
    for (let index = 0; index < 30; index++) {
      if (index % 3 === 0) dial((socket) => socket.resetAndDestroy());
      else if (index % 3 === 1) dial((socket) => socket.end(Buffer.from([0xfe, 0x53])));
      else dial(() => undefined);
    }
    await connected;
    await vi.waitFor(() => expect(clients.filter((entry) => entry.startsWith('connected')).length).toBeGreaterThanOrEqual(10));
    for (let index = 0; index < 10; index++) dial(() => undefined);
    await driver.close();
    const told = clients.length;
    await Promise.all(settled);
    // Bounded: let the loop run a few turns for anything still on its way.
    for (let turn = 0; turn < 20; turn++) await new Promise((resolve) => setImmediate(resolve));
    expect(clients).toHaveLength(told);
    const byClient = new Map<string, string[]>();
    for (const entry of clients) {
      const [change = '', name = ''] = entry.split(' ');
      byClient.set(name, [...(byClient.get(name) ?? []), change]);
    }
    for (const [name, changes] of byClient) expect([name, changes]).toEqual([name, ['connected', 'disconnected']]);
  });

  it('a client that leaves while a call addressed to it waits in the queue takes only that call with it', async () => {
    const { driver, a, b } = await twoClients();
    const asked = nextData(a.socket);
    const toA = driver.getConfig({ client: a.name, timeoutMs: 5000 });
    const toB = driver.getConfig({ client: b.name, timeoutMs: 5000 });
    const lost = expect(toB).rejects.toThrow(`lost client ${b.name}`);
    await asked;
    b.socket.resetAndDestroy();
    await lost;
    a.socket.write(frame('gfor a'));
    await expect(toA).resolves.toEqual({ config: 'for a' });
    expect(b.received()).toEqual(Buffer.alloc(0));
  });

  it('a client that never frames is bounded: past maxMessageBytes its bytes are discarded (reported with its name) and its next frame still parses', async () => {
    const driver = owned(new Encoder(smartSerialEncoderProtocol, { connections: { control: { url: 'tcp://127.0.0.1:0', listen: true }, console: false }, maxMessageBytes: 64 }));
    const port = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
    const connected = driver.connect();
    const a = await device(await port);
    await connected;
    let dropped = 0;
    const from = new Set<string | undefined>();
    driver.on('unmatched', (_connection, bytes, client) => {
      dropped += bytes.length;
      from.add(client);
    });
    a.socket.write(Buffer.concat([Buffer.from([0xfe]), Buffer.alloc(10_000, 0x41)]));
    await vi.waitFor(() => expect(dropped).toBeGreaterThanOrEqual(10_000 - 64));
    a.socket.write(frame('S7,1'));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(7));
    expect([...from]).toEqual([a.name]);
  });
});

/** A UDP port that was free a moment ago. */
async function freeUdpPort(): Promise<number> {
  const probe = createDgram('udp4');
  await new Promise<void>((resolve) => probe.bind(0, '127.0.0.1', () => resolve()));
  const { port } = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  return port;
}

describe('server mode over UDP: the socket in one tick, a port in use', () => {
  it('connect(), close(), connect() in one tick on a fixed port: the last one wins and takes a sender; close() frees the port', async () => {
    const port = await freeUdpPort();
    const driver = encoder({ url: `udp://127.0.0.1:${port}`, listen: true });
    const errors: Error[] = [];
    driver.on('error', (error) => errors.push(error));
    const listening = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
    driver.connect().catch(() => undefined);
    void driver.close();
    const connected = driver.connect();
    connected.catch(() => undefined);
    expect(await listening).toBe(port);
    const peer = createDgram('udp4');
    await new Promise<void>((resolve) => peer.bind(0, '127.0.0.1', () => resolve()));
    peer.send(frame('S2,1'), port, '127.0.0.1');
    await expect(connected).resolves.toBeUndefined();
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(2));
    await driver.close();
    peer.close();
    const again = createDgram('udp4');
    await expect(new Promise<void>((resolve, reject) => again.once('error', reject).bind(port, '127.0.0.1', () => resolve()))).resolves.toBeUndefined();
    again.close();
    expect(errors).toEqual([]);
  });

  it('a UDP port in use rejects connect() with ConnectError naming EADDRINUSE; nothing else is reported', async () => {
    const holder = createDgram('udp4');
    await new Promise<void>((resolve) => holder.bind(0, '127.0.0.1', () => resolve()));
    try {
      const driver = encoder({ url: `udp://127.0.0.1:${holder.address().port}`, listen: true });
      const errors: Error[] = [];
      driver.on('error', (error) => errors.push(error));
      const error = await driver.connect().catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(ConnectError);
      expect((error as Error).message).toMatch(/EADDRINUSE/);
      expect(driver.state('control')).toBe('closed');
      expect(errors).toEqual([]);
    } finally {
      holder.close();
    }
  });
});

describe('server mode: a client back from the same IP:port', () => {
  it('a client that resets and dials again at once from the same local port: the old one is told gone before the new one connects', async () => {
    const { driver, clients, connected, port } = await server({ url: 'tcp://127.0.0.1:0', listen: true });
    const anchor = await device(port);
    await connected;
    const localPort = await freePort();
    const dialFrom = (): Promise<Socket> =>
      new Promise((resolve, reject) => {
        const socket = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort });
        sockets.push(socket);
        socket.once('error', reject);
        socket.once('connect', () => resolve(socket));
      });
    const name = `127.0.0.1:${localPort}`;
    let previous = await dialFrom();
    for (let round = 0; round < 20; round++) {
      await vi.waitFor(() => expect(clients.filter((entry) => entry === `connected ${name}`)).toHaveLength(round + 1));
      // Dial again as soon as the reset socket let go of its port (the driver may not have heard of the reset yet).
      const released = new Promise((resolve) => previous.once('close', resolve));
      previous.resetAndDestroy();
      await released;
      previous = await dialFrom();
    }
    await vi.waitFor(() => expect(clients.filter((entry) => entry === `connected ${name}`)).toHaveLength(21));
    await driver.close();
    const mine = clients.filter((entry) => entry.endsWith(` ${name}`));
    expect(mine).toEqual(Array.from({ length: 21 }, () => [`connected ${name}`, `disconnected ${name}`]).flat());
    expect(clients.filter((entry) => entry.endsWith(anchor.name))).toEqual([`connected ${anchor.name}`, `disconnected ${anchor.name}`]);
  });

  it('the only client back from the same IP:port: it leaves (the connection waits again) and the new socket is the next client', async () => {
    const { driver, clients, connected, port } = await server({ url: 'tcp://127.0.0.1:0', listen: true });
    const states: string[] = [];
    driver.on('state', (_connection, state) => states.push(state));
    const localPort = await freePort();
    const first = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort });
    sockets.push(first);
    first.on('error', () => undefined);
    await connected;
    // Dial again as soon as the reset socket let go of its port (the driver may not have heard of the reset yet).
    const released = new Promise((resolve) => first.once('close', resolve));
    first.resetAndDestroy();
    await released;
    const again = connect({ host: '127.0.0.1', port, localAddress: '127.0.0.1', localPort });
    sockets.push(again);
    const name = `127.0.0.1:${localPort}`;
    await vi.waitFor(() => expect(clients).toEqual([`connected ${name}`, `disconnected ${name}`, `connected ${name}`]));
    await vi.waitFor(() => expect(states.at(-1)).toBe('open'));
    expect(states).toEqual(['open', 'reconnecting', 'connecting', 'open']);
    again.write(frame('S9,1'));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(9));
  });
});

describe('server mode, serial: a client that owes a reply keeps what it has sent of it', () => {
  it('the next command to every client does not flush the half of its late reply an owing client already sent: the whole pays its debt, its next reply settles the call', async () => {
    const driver = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: true } } }));
    const bound = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
    const connected = driver.connect();
    const port = await bound;
    const a = await device(port);
    const b = await device(port);
    await connected;
    await vi.waitFor(() => expect(driver.state('meterLine')).toBe('open'));
    const command = Buffer.from('#THR?\r\n', 'latin1');
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    try {
      const asked = Promise.all([nextData(a.socket), nextData(b.socket)]);
      // Its timeout is also how long the replies it owes are waited for.
      const first = driver.getThreshold({ timeoutMs: 1000, retries: 0 });
      const timedOut = expect(first).rejects.toBeInstanceOf(PairTimeoutError);
      expect(await asked).toEqual([command, command]);
      await vi.advanceTimersByTimeAsync(1000);
      await timedOut;
      // B's late reply to the first command: its first half arrives before the second command goes out.
      const unmatched: string[] = [];
      driver.on('unmatched', (_connection, bytes, client) => unmatched.push(`${Buffer.from(bytes).toString('latin1')} from ${client}`));
      b.socket.write('#THR=1', 'latin1');
      await new Promise((resolve) => b.socket.write('', resolve));
      for (let turn = 0; turn < 50; turn++) await new Promise((resolve) => setImmediate(resolve));
      const askedAgain = Promise.all([nextData(a.socket), nextData(b.socket)]);
      const second = driver.getThreshold({ timeoutMs: 5000, retries: 0 });
      const outcome = second.then((value) => value, (error: unknown) => error);
      expect(await askedAgain).toEqual([command, command]);
      b.socket.write(';1\r\n', 'latin1');
      await vi.waitFor(() => expect(unmatched.length > 0 || driver.params.get('threshold') === 1).toBe(true));
      expect(unmatched).toEqual([]);
      expect(driver.params.get('threshold')).toBe(1);
      b.socket.write('#THR=7;7\r\n', 'latin1');
      await vi.waitFor(() => expect(driver.params.get('threshold')).toBe(7));
      await vi.advanceTimersByTimeAsync(5000);
      expect(await outcome).toEqual({ threshold: 7, thresholdHex: 7 });
    } finally {
      vi.useRealTimers();
    }
  });
});

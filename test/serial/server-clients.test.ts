// Server mode with several clients (issue 14.3, DataMiner's smart-serial IP `any`): the driver listens on
// tcp://127.0.0.1:0 and plain node:net sockets (and the mock, dialing twice) play the devices. DataMiner's
// rules: up to maxConcurrentConnections clients at once (the protocol's; read here from our own sample
// XML with the option added), each client's bytes framed on their own, what the driver sends goes to
// every client unless a call names one, a client that leaves takes only its own calls with it.
import { readFileSync } from 'node:fs';
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { compileSpec } from '@protogen-dm/generator';
import { ConnectionClosedError, Driver, PairTimeoutError, type CallOptions, type ClientChange, type ConnectionState, type DriverOptions, type ProtocolSpec } from '@protogen-dm/runtime';
import { smartSerialEncoderProtocol, type GetConfigResult, type SmartSerialEncoderConnection, type SmartSerialEncoderParams } from '../../generated/smart-serial-encoder.js';
import { mockOf, owned } from '../helpers/fixture.js';

/** The params `serverSpec` adds: the client log, and the client a `close` action disconnects. */
type ServerParams = SmartSerialEncoderParams & { clientConnected: string; clientDisconnected: string; kickClient: string };

/** The encoder's pairs on any spec of it (the generated class is bound to the spec without the limit). */
class Encoder extends Driver<ServerParams, SmartSerialEncoderConnection> {
  constructor(spec: ProtocolSpec, options: DriverOptions<SmartSerialEncoderConnection>) {
    super(spec, options);
  }

  getConfig(options?: CallOptions): Promise<GetConfigResult> {
    return this.request(1, undefined, options) as Promise<GetConfigResult>;
  }

  /** A pair without a response: resolves once the command is written. */
  reboot(options?: CallOptions): Promise<void> {
    return this.request(3, undefined, options) as Promise<void>;
  }
}

/**
 * The sample encoder's XML with server-mode options on its control connection, compiled:
 * `<MaxConcurrentConnections>2</…>`, NotifyConnectionPIDs naming two string params that log clients,
 * and a `close` action (Type@id = Kick Client) that a change of Kick Client triggers.
 */
function serverSpec(): ProtocolSpec {
  const xml = readFileSync(new URL('../../samples/smart-serial-encoder/protocol.xml', import.meta.url), 'utf8');
  const options =
    '<CommunicationOptions><MaxConcurrentConnections>2</MaxConcurrentConnections>' +
    '<NotifyConnectionPIDs><Connections>30</Connections><Disconnections>31</Disconnections></NotifyConnectionPIDs></CommunicationOptions>';
  const param = (id: number, name: string): string =>
    `<Param id="${id}"><Name>${name}</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete><Measurement><Type>string</Type></Measurement></Param>`;
  const polling =
    '<Groups><Group id="1"><Name>Kick</Name><Type>action</Type><Content><Action>1</Action></Content></Group></Groups>' +
    '<Triggers><Trigger id="1"><On id="40">parameter</On><Time>change</Time><Type>action</Type><Content><Id>1</Id></Content></Trigger></Triggers>' +
    '<Actions><Action id="1"><On>protocol</On><Type id="40">close</Type></Action></Actions></Protocol>';
  const limited = xml
    .replace('<SmartSerial>', `<SmartSerial>${options}`)
    .replace('<Params>', `<Params>${param(30, 'ClientConnected')}${param(31, 'ClientDisconnected')}${param(40, 'KickClient')}`)
    .replace('</Protocol>', polling);
  const { spec, diagnostics } = compileSpec({ file: 'protocol.xml', contents: limited });
  expect(diagnostics.filter((d) => d.severity !== 'info')).toEqual([]);
  if (spec === undefined) throw new Error('no spec');
  return spec;
}

const listening = { url: 'tcp://127.0.0.1:0', listen: true } as const;

/** A driver listening on a free loopback port, its events recorded; `port` is the bound one. */
async function server(spec: ProtocolSpec = smartSerialEncoderProtocol, control: DriverOptions<SmartSerialEncoderConnection>['connections']['control'] = listening) {
  const driver = owned(new Encoder(spec, { connections: { control, console: false } }));
  const clients: string[] = [];
  const states: ConnectionState[] = [];
  driver.on('client', (_connection, client, change: ClientChange) => clients.push(`${change} ${client}`));
  driver.on('state', (_connection, state) => states.push(state));
  const bound = new Promise<number>((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
  const connected = driver.connect();
  connected.catch(() => undefined);
  return { driver, clients, states, connected, port: await bound };
}

interface Device {
  readonly socket: Socket;
  /** `IP:port` as the driver names this client. */
  readonly name: string;
  /** Everything the driver sent to this client. */
  readonly received: () => Buffer;
  readonly closed: Promise<void>;
}

const sockets: Socket[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** The next chunk `socket` receives (no polling: safe under fake timers). */
function nextData(socket: Socket): Promise<Buffer> {
  return new Promise((resolve) => socket.once('data', resolve));
}

/** A device that dials `port` (from `localAddress`, default 127.0.0.1) and records what it gets. */
function device(port: number, localAddress = '127.0.0.1'): Promise<Device> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port, localAddress });
    sockets.push(socket);
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    const closed = new Promise<void>((done) => socket.once('close', () => done()));
    socket.once('error', reject);
    socket.once('connect', () => resolve({ socket, name: `${localAddress}:${socket.localPort}`, received: () => Buffer.concat(chunks), closed }));
  });
}

const frame = (text: string): Buffer => Buffer.concat([Buffer.from([0xfe]), Buffer.from(text, 'latin1'), Buffer.from([0xff])]);
const getConfigCommand = frame('G');

/** A server-mode driver of the sample protocol with two devices connected to it, open. */
async function twoClients() {
  const { driver, connected, port } = await server();
  const a = await device(port);
  const b = await device(port);
  await connected;
  await vi.waitFor(() => expect(driver.state('control')).toBe('open'));
  return { driver, a, b };
}

describe('server mode: several clients at once', () => {
  it('clients connect one after another: `connected` for each, `open` once; each client frames on its own and its values say who sent them', async () => {
    const { driver, clients, states, connected, port } = await server();
    const a = await device(port);
    await connected;
    const b = await device(port);
    await vi.waitFor(() => expect(clients).toEqual([`connected ${a.name}`, `connected ${b.name}`]));
    expect(states).toEqual(['connecting', 'open']);
    const seen: string[] = [];
    driver.params.on('temperature', (value, info) => seen.push(`${value} from ${info.client}`));
    // A's frame is cut in two around B's whole frame: one stream per client, so neither is broken.
    a.socket.write(Buffer.from([0xfe, 0x53, 0x34]));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBeUndefined());
    b.socket.write(frame('S20.5,1'));
    await vi.waitFor(() => expect(seen).toEqual([`20.5 from ${b.name}`]));
    a.socket.write(Buffer.concat([Buffer.from('0.5,2', 'latin1'), Buffer.from([0xff])]));
    await vi.waitFor(() => expect(seen).toEqual([`20.5 from ${b.name}`, `40.5 from ${a.name}`]));
    expect(driver.params.get('encoderState')).toBe(2);
  });

  it('a command goes to every client; the first reply settles the call, a later one is push data; bytes nothing matches are `unmatched` with their client', async () => {
    const { driver, a, b } = await twoClients();
    const configs: string[] = [];
    driver.params.on('config', (value, info) => configs.push(`${value} from ${info.client}`));
    const unmatched: string[] = [];
    driver.on('unmatched', (_connection, bytes, client) => unmatched.push(`${Buffer.from(bytes).toString('latin1')} from ${client}`));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBeUndefined());
    const call = driver.getConfig({ timeoutMs: 5000 });
    await vi.waitFor(() => expect([a.received(), b.received()]).toEqual([getConfigCommand, getConfigCommand]));
    b.socket.write(frame('gfrom-b'));
    await expect(call).resolves.toEqual({ config: 'from-b' });
    a.socket.write(frame('gfrom-a'));
    a.socket.write(frame('?'));
    await vi.waitFor(() => expect(unmatched).toEqual([`\xfe?\xff from ${a.name}`]));
    expect(configs).toEqual([`from-b from ${b.name}`, `from-a from ${a.name}`]);
  });

  it('a pair without a response resolves once written to every client (or to the one named)', async () => {
    const { driver, a, b } = await twoClients();
    const both = Promise.all([nextData(a.socket), nextData(b.socket)]);
    await expect(driver.reboot()).resolves.toBeUndefined();
    expect(await both).toEqual([frame('R'), frame('R')]);
    const onlyA = nextData(a.socket);
    await expect(driver.reboot({ client: a.name })).resolves.toBeUndefined();
    expect(await onlyA).toEqual(frame('R'));
    expect(b.received()).toEqual(frame('R'));
  });

  it('a call that names a client goes to it alone and only its reply settles the call; a client it does not have rejects at once', async () => {
    const { driver, a, b } = await twoClients();
    const call = driver.getConfig({ client: a.name, timeoutMs: 5000 });
    await vi.waitFor(() => expect(a.received()).toEqual(getConfigCommand));
    b.socket.write(frame('gnot-yours'));
    await vi.waitFor(() => expect(driver.params.get('config')).toBe('not-yours'));
    a.socket.write(frame('gyours'));
    await expect(call).resolves.toEqual({ config: 'yours' });
    expect(b.received()).toEqual(Buffer.alloc(0));
    await expect(driver.getConfig({ client: '127.0.0.1:1' })).rejects.toThrow(new ConnectionClosedError('control', 'has no client 127.0.0.1:1'));
    await expect(driver.getConfig({ client: 7 as unknown as string })).rejects.toThrow(TypeError);
  });

  it('a client that leaves takes only the calls it was named in; the others go on; the last one leaving closes the connection until the next comes', async () => {
    const { driver, clients, states, connected, port } = await server();
    const a = await device(port);
    const b = await device(port);
    await connected;
    await vi.waitFor(() => expect(clients).toHaveLength(2));
    const toA = driver.getConfig({ client: a.name, timeoutMs: 5000 });
    const rejected = expect(toA).rejects.toThrow(new ConnectionClosedError('control', `lost client ${a.name}`));
    await vi.waitFor(() => expect(a.received()).toEqual(getConfigCommand));
    a.socket.end();
    await rejected;
    await vi.waitFor(() => expect(clients).toEqual([`connected ${a.name}`, `connected ${b.name}`, `disconnected ${a.name}`]));
    expect(states).toEqual(['connecting', 'open']);
    const toAll = driver.getConfig({ timeoutMs: 5000 });
    await vi.waitFor(() => expect(b.received()).toEqual(getConfigCommand));
    b.socket.write(frame('gstill here'));
    await expect(toAll).resolves.toEqual({ config: 'still here' });
    const pending = driver.getConfig({ timeoutMs: 5000 });
    const lost = expect(pending).rejects.toBeInstanceOf(ConnectionClosedError);
    await vi.waitFor(() => expect(b.received()).toEqual(Buffer.concat([getConfigCommand, getConfigCommand])));
    b.socket.end();
    await lost;
    await vi.waitFor(() => expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting']));
    expect(clients.at(-1)).toBe(`disconnected ${b.name}`);
    const c = await device(port);
    await vi.waitFor(() => expect(states.at(-1)).toBe('open'));
    expect(clients.at(-1)).toBe(`connected ${c.name}`);
  });

  it("maxConcurrentConnections (read from the XML) refuses the client over the limit at once; a place that frees up takes the next", async () => {
    const spec = serverSpec();
    expect(spec.connections[0]?.maxConcurrentConnections).toBe(2);
    const { driver, clients, connected, port } = await server(spec);
    const a = await device(port);
    const b = await device(port);
    await connected;
    await vi.waitFor(() => expect(clients).toHaveLength(2));
    const c = await device(port);
    await c.closed;
    await vi.waitFor(() => expect(clients).toEqual([`connected ${a.name}`, `connected ${b.name}`, `refused ${c.name}`]));
    b.socket.end();
    await vi.waitFor(() => expect(clients.at(-1)).toBe(`disconnected ${b.name}`));
    const d = await device(port);
    await vi.waitFor(() => expect(clients.at(-1)).toBe(`connected ${d.name}`));
    d.socket.write(frame('S1,0'));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(1));
  });

  it('without the option the runtime takes up to MAX_SERVER_CLIENTS: five clients are all connected', async () => {
    const { clients, connected, port } = await server();
    const devices = await Promise.all([0, 1, 2, 3, 4].map(() => device(port)));
    await connected;
    await vi.waitFor(() => expect(clients).toHaveLength(5));
    expect(new Set(clients)).toEqual(new Set(devices.map((each) => `connected ${each.name}`)));
  });

  it('close() closes every client and the port; each client is told `disconnected`', async () => {
    const { driver, clients, connected, port } = await server();
    const a = await device(port);
    const b = await device(port);
    await connected;
    await vi.waitFor(() => expect(clients).toHaveLength(2));
    await driver.close();
    await Promise.all([a.closed, b.closed]);
    expect(clients.slice(2).sort()).toEqual([`disconnected ${a.name}`, `disconnected ${b.name}`].sort());
    expect(driver.state('control')).toBe('closed');
    await expect(device(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('allowedAddresses: a client from another address is refused; one from a listed address is served', async () => {
    const { driver, clients, connected, port } = await server(smartSerialEncoderProtocol, { ...listening, allowedAddresses: ['127.0.0.2'] });
    const stranger = await device(port, '127.0.0.1');
    await stranger.closed;
    await vi.waitFor(() => expect(clients).toEqual([`refused ${stranger.name}`]));
    expect(driver.state('control')).toBe('connecting');
    const friend = await device(port, '127.0.0.2');
    await connected;
    expect(clients).toEqual([`refused ${stranger.name}`, `connected ${friend.name}`]);
    friend.socket.write(frame('S3,1'));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(3));
  });

  it('allowedAddresses and client are checked: not an IP, without listen, on UDP, client on a dialing connection', async () => {
    const build = (control: DriverOptions<SmartSerialEncoderConnection>['connections']['control']) => new Encoder(smartSerialEncoderProtocol, { connections: { control, console: false } });
    expect(() => build({ ...listening, allowedAddresses: ['device.local'] })).toThrow('options.connections.control.allowedAddresses: device.local is not an IP address');
    expect(() => build({ url: 'tcp://127.0.0.1:1', allowedAddresses: ['127.0.0.1'] })).toThrow('options.connections.control.allowedAddresses: only a connection in server mode (listen: true) has clients to allow');
    expect(() => build({ url: 'udp://127.0.0.1:0', listen: true, allowedAddresses: ['127.0.0.1'] })).toThrow('only a TCP listener (tcp://) has an allowed-address list');
    const { mock } = await mockOf(smartSerialEncoderProtocol);
    const dialing = owned(build({ url: mock.url(0) }));
    await dialing.connect();
    await expect(dialing.getConfig({ client: '127.0.0.1:1' })).rejects.toThrow("options.client: connection 'control' is not in server mode (listen: true), so it has no clients");
  });

  it('the mock dials twice: two sessions, both answer the broadcast command; one settles the call, the other lands in params', async () => {
    const { mock } = await mockOf(smartSerialEncoderProtocol);
    const { driver, clients, connected, port } = await server();
    await mock.dial('control', `tcp://127.0.0.1:${port}`);
    await mock.dial('control', `tcp://127.0.0.1:${port}`);
    await connected;
    await vi.waitFor(() => expect(clients).toHaveLength(2));
    mock.set({ config: 'both' });
    const from: (string | undefined)[] = [];
    driver.params.on('config', (_value, info) => from.push(info.client));
    await expect(driver.getConfig()).resolves.toEqual({ config: 'both' });
    await vi.waitFor(() => expect(from).toHaveLength(2));
    expect(new Set(from)).toEqual(new Set(clients.map((entry) => entry.replace('connected ', ''))));
    expect(mock.received().map((command) => command.command)).toEqual(['getConfig', 'getConfig']);
  });

  it('NotifyConnectionPIDs in server mode: the connects param takes each new client\'s IP:port, the disconnects param each leaving one\'s (no open/closed 1/0)', async () => {
    const spec = serverSpec();
    expect(spec.connections[0]).toMatchObject({ statusParam: 30, clientParams: { connected: 30, disconnected: 31 } });
    const { driver, connected, port } = await server(spec);
    const log: string[] = [];
    driver.params.on('clientConnected', (value) => log.push(`+${value}`));
    driver.params.on('clientDisconnected', (value) => log.push(`-${value}`));
    const a = await device(port);
    await connected;
    const b = await device(port);
    await vi.waitFor(() => expect(log).toEqual([`+${a.name}`, `+${b.name}`]));
    a.socket.end();
    await vi.waitFor(() => expect(log).toEqual([`+${a.name}`, `+${b.name}`, `-${a.name}`]));
    expect(driver.params.get('clientConnected')).toBe(b.name);
    await driver.close();
    expect(log).toEqual([`+${a.name}`, `+${b.name}`, `-${a.name}`, `-${b.name}`]);
  });

  it('the reply owed by a call to one client that timed out is that client\'s to pay: another client\'s frames meanwhile are push data and send nothing', async () => {
    const { driver, a, b } = await twoClients();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });
    const asked = nextData(a.socket);
    const toA = driver.getConfig({ client: a.name, timeoutMs: 50 });
    const timedOut = expect(toA).rejects.toBeInstanceOf(PairTimeoutError);
    expect(await asked).toEqual(getConfigCommand);
    const later = driver.getConfig({ timeoutMs: 5000 });
    await vi.advanceTimersByTimeAsync(50);
    await timedOut;
    // A owes the reply: B's frame does not pay it, so the next call waits.
    const fromB = driver.params.once('config');
    b.socket.write(frame('gfrom b'));
    expect(await fromB).toBe('from b');
    expect(b.received()).toEqual(Buffer.alloc(0));
    const sent = nextData(b.socket);
    const late = driver.params.once('config');
    a.socket.write(frame('glate a'));
    expect(await late).toBe('late a');
    expect(await sent).toEqual(getConfigCommand);
    b.socket.write(frame('gfor later'));
    await expect(later).resolves.toEqual({ config: 'for later' });
  });

  it("a `close` action (Type@id) disconnects the client its param names, as when that client hangs up; the others stay", async () => {
    const spec = serverSpec();
    expect(spec.polling?.actions).toEqual([{ id: 1, on: 'protocol', ids: [], type: 'close', param: 40, connection: 0 }]);
    const { driver, clients, states, connected, port } = await server(spec);
    const a = await device(port);
    const b = await device(port);
    await connected;
    await vi.waitFor(() => expect(clients).toHaveLength(2));
    driver.polling.start();
    const toA = driver.getConfig({ client: a.name, timeoutMs: 5000 });
    const lost = expect(toA).rejects.toThrow(new ConnectionClosedError('control', `lost client ${a.name}`));
    driver.params.set('kickClient', a.name);
    await a.closed;
    await lost;
    expect(clients.slice(2)).toEqual([`disconnected ${a.name}`]);
    expect(driver.params.get('clientDisconnected')).toBe(a.name);
    expect(states).toEqual(['connecting', 'open']);
    // A client it does not have is left alone.
    driver.params.set('kickClient', '127.0.0.1:1');
    b.socket.write(frame('S5,0'));
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(5));
    expect(clients).toHaveLength(3);
    await driver.polling.stop();
  });
});

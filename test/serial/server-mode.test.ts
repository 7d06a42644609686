// Server mode (issue 14, DataMiner's IP `any`): the driver listens on `tcp://127.0.0.1:0` and the device
// dials it. Real sockets on 127.0.0.1: the mock of the same protocol dials the driver (`mock.dial`), a
// plain node:net client plays a device that drops and comes back. Framing, matching, push, `state` and
// `listening` events are those of a dialed connection. Several clients at once: server-clients.test.ts;
// UDP: server-udp.test.ts.
import { connect, type Socket } from 'node:net';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ConnectError, ConnectionClosedError, type ConnectionState } from '@protogen-dm/runtime';
import { SerialPowerMeterDriver, serialPowerMeterProtocol } from '../../generated/serial-power-meter.js';
import { SmartSerialEncoderDriver, smartSerialEncoderProtocol } from '../../generated/smart-serial-encoder.js';
import { mockOf, owned } from '../helpers/fixture.js';

const sockets: Socket[] = [];
afterEach(() => {
  for (const socket of sockets.splice(0)) socket.destroy();
});

/** The port a listening connection bound, from its `listening` event. */
function listeningPort(driver: { on(event: 'listening', listener: (connection: string, address: { port: number }) => void): () => void }): Promise<number> {
  return new Promise((resolve) => driver.on('listening', (_connection, address) => resolve(address.port)));
}

/** A device that dials `port` and sends `bytes` on request. */
function device(port: number): Promise<Socket> {
  return new Promise((resolve, reject) => {
    const socket = connect({ host: '127.0.0.1', port });
    sockets.push(socket);
    socket.once('error', reject);
    socket.once('connect', () => resolve(socket));
  });
}

describe('server mode: the driver listens, the device dials', () => {
  it('serial: connect() resolves once the mock dialed in; pairs are framed and matched as on a dialed socket', async () => {
    const { mock } = await mockOf(serialPowerMeterProtocol);
    const driver = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: true } } }));
    const states: ConnectionState[] = [];
    driver.on('state', (_connection, state) => states.push(state));
    const port = listeningPort(driver);
    const connected = driver.connect();
    expect(states).toEqual(['connecting']);
    await mock.dial('meterLine', `tcp://127.0.0.1:${await port}`);
    await connected;
    expect(states).toEqual(['connecting', 'open']);
    mock.set({ label: 'rack 7' });
    await expect(driver.getLabel()).resolves.toEqual({ label: 'rack 7' });
    expect(mock.received().map((frame) => frame.command)).toEqual(['getLabel']);
  });

  it('smart-serial: the mock that dialed in pushes; the driver answers nothing it did not ask', async () => {
    const { mock } = await mockOf(smartSerialEncoderProtocol, { pushIntervalMs: 10 });
    const driver = owned(new SmartSerialEncoderDriver({ connections: { control: { url: 'tcp://127.0.0.1:0', listen: true }, console: false } }));
    mock.set({ temperature: 40.5 });
    const port = listeningPort(driver);
    const connected = driver.connect();
    await mock.dial('control', `tcp://127.0.0.1:${await port}`);
    await connected;
    await vi.waitFor(() => expect(driver.params.get('temperature')).toBe(40.5));
    mock.set({ config: 'cfg' });
    await expect(driver.getConfig()).resolves.toEqual({ config: 'cfg' });
  });

  it('a device that drops is waited for on the same port: calls reject while it is away, work again once it is back', async () => {
    const { mock } = await mockOf(serialPowerMeterProtocol);
    const driver = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: true } } }));
    const states: ConnectionState[] = [];
    driver.on('state', (_connection, state) => states.push(state));
    const port = await (async () => {
      const bound = listeningPort(driver);
      const connected = driver.connect();
      const chosen = await bound;
      await mock.dial(0, `tcp://127.0.0.1:${chosen}`);
      await connected;
      return chosen;
    })();
    await mock.closeConnections(0);
    await vi.waitFor(() => expect(states.at(-1)).toBe('connecting'));
    expect(states).toEqual(['connecting', 'open', 'reconnecting', 'connecting']);
    await expect(driver.getLabel()).rejects.toBeInstanceOf(ConnectionClosedError);
    const back = new Promise<void>((resolve) => driver.on('state', (_connection, state) => state === 'open' && resolve()));
    await mock.dial(0, `tcp://127.0.0.1:${port}`);
    await back;
    mock.set({ label: 'back' });
    await expect(driver.getLabel()).resolves.toEqual({ label: 'back' });
  });

  it('close() rejects the call in flight and closes the port', async () => {
    const driver = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: true } } }));
    const bound = listeningPort(driver);
    const connected = driver.connect();
    const port = await bound;
    const first = await device(port);
    await connected;
    const received: Buffer[] = [];
    first.on('data', (chunk: Buffer) => received.push(chunk));
    const call = driver.getLabel({ timeoutMs: 5000 });
    await vi.waitFor(() => expect(received.length).toBeGreaterThan(0));
    const rejected = expect(call).rejects.toBeInstanceOf(ConnectionClosedError);
    await driver.close();
    await rejected;
    await expect(device(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('close() while no device has come rejects the waiting connect() and frees the port', async () => {
    const driver = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: true } } }));
    const bound = listeningPort(driver);
    const connected = driver.connect();
    const rejected = expect(connected).rejects.toBeInstanceOf(ConnectionClosedError);
    const port = await bound;
    await driver.close();
    await rejected;
    expect(driver.state('meterLine')).toBe('closed');
    await expect(device(port)).rejects.toThrow(/ECONNREFUSED/);
  });

  it('a port in use fails connect() with ConnectError; a listen URL that is not tcp:// or udp:// is a TypeError at construction', async () => {
    const holder = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: true } } }));
    const bound = listeningPort(holder);
    void holder.connect().catch(() => undefined);
    const port = await bound;
    const driver = owned(new SerialPowerMeterDriver({ connections: { meterLine: { url: `tcp://127.0.0.1:${port}`, listen: true } } }));
    await expect(driver.connect()).rejects.toBeInstanceOf(ConnectError);
    expect(driver.state('meterLine')).toBe('closed');
    expect(() => new SerialPowerMeterDriver({ connections: { meterLine: { url: 'ws://127.0.0.1:0', listen: true } } })).toThrow('ws://127.0.0.1:0 is not a tcp:// URL');
    expect(() => new SerialPowerMeterDriver({ connections: { meterLine: { url: 'tcp://127.0.0.1:0', listen: 'yes' as unknown as boolean } } })).toThrow('options.connections.meterLine.listen must be a boolean, got yes');
  });

  it('the mock dials with the scheme it serves: tcp:// over TCP, udp:// over UDP', async () => {
    const { mock: udp } = await mockOf(serialPowerMeterProtocol, { udp: true });
    await expect(udp.dial(0, 'tcp://127.0.0.1:1')).rejects.toThrow('tcp://127.0.0.1:1: this mock connection dials udp://host:port');
    const { mock: tcp } = await mockOf(serialPowerMeterProtocol);
    await expect(tcp.dial(0, 'udp://127.0.0.1:1')).rejects.toThrow('udp://127.0.0.1:1: this mock connection dials tcp://host:port');
  });
});

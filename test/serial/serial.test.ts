// Serial framing on real sockets (contract §9, issue 14 "How we will know"): the generated Serial Power
// Meter driver against a scripted node:net / node:dgram device on 127.0.0.1 that writes each reply the
// awkward way under test. Replies are built by the same codec the driver decodes with.
import { afterEach, describe, expect, it } from 'vitest';
import { ConnectError, ConnectionClosedError, Driver, PairTimeoutError, type ProtocolSpec } from '@protogen-dm/runtime';
import { createCodec } from '@protogen-dm/runtime/codec';
import { SerialPowerMeterDriver, serialPowerMeterProtocol } from '../../generated/serial-power-meter.js';
import { SmartSerialEncoderDriver, smartSerialEncoderProtocol } from '../../generated/smart-serial-encoder.js';
import { Cleanup, delay, record, rejection, until } from '../runtime/helpers.js';
import { tcpDevice, udpDevice, type Script, type StreamDevice } from './device.js';

const cleanup = new Cleanup();
afterEach(() => cleanup.run());

const codec = createCodec(serialPowerMeterProtocol);
const reply = (id: number, values: Record<string, string | number>): Buffer => Buffer.from(codec.response(id).build(values));
const text = (bytes: Uint8Array): string => Buffer.from(bytes).toString('latin1');
const measurements = { voltage: 230.4, current: 12.34, power: -1500, energy: 123456.789, frequency: 49.98, meterNumber: 12345678 };

async function connected(script: Script, udp = false): Promise<{ device: StreamDevice; driver: SerialPowerMeterDriver; unmatched: string[] }> {
  const device = cleanup.add(await (udp ? udpDevice : tcpDevice)(script));
  const driver = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url: device.url } } }));
  const unmatched: string[] = [];
  driver.on('unmatched', (_connection, bytes) => unmatched.push(text(bytes)));
  await driver.connect();
  return { device, driver, unmatched };
}

describe('serial: when a reply is complete', () => {
  it('a reply split into one write per byte, 1 ms apart, is one reply (all fixed: 27 bytes)', async () => {
    const frame = reply(1, measurements);
    const { driver, unmatched } = await connected((_chunk, device) => device.write([...frame].map((byte) => Uint8Array.of(byte)), 1));
    await expect(driver.getMeasurements()).resolves.toEqual(measurements);
    expect(unmatched).toEqual([]);
  });

  it('a length field: the reply completes on its last byte even when the label holds the trailer bytes 0x03 and 0x0A', async () => {
    const label = 'a\u0003b\n\u00ff';
    const frame = reply(2, { label });
    const { driver } = await connected((_chunk, device) => device.write([frame.subarray(0, 3), frame.subarray(3)], 5));
    await expect(driver.getLabel()).resolves.toEqual({ label });
  });

  it('garbage before the header is reported unmatched and the reply still completes', async () => {
    const { driver, unmatched } = await connected((_chunk, device) => device.write([Buffer.concat([Buffer.from('xx'), reply(3, { threshold: 7, thresholdHex: 7 })])]));
    await expect(driver.getThreshold()).resolves.toEqual({ threshold: 7, thresholdHex: 7 });
    expect(unmatched).toEqual(['xx']);
  });

  it('two replies in one chunk: the first answers; the second is flushed (reported) before the next command', async () => {
    let sends = 0;
    const { driver, unmatched } = await connected((_chunk, device) => {
      sends++;
      if (sends === 1) return device.write([Buffer.concat([reply(3, { threshold: 1, thresholdHex: 1 }), reply(3, { threshold: 2, thresholdHex: 2 })])]);
      return device.write([reply(3, { threshold: 3, thresholdHex: 3 })]);
    });
    await expect(driver.getThreshold()).resolves.toEqual({ threshold: 1, thresholdHex: 1 });
    await expect(driver.getThreshold()).resolves.toEqual({ threshold: 3, thresholdHex: 3 });
    expect(unmatched).toEqual(['#THR=2;2\r\n']);
  });

  it('a late partial reply is flushed before the next command, so it cannot corrupt that reply', async () => {
    let sends = 0;
    const { driver, unmatched } = await connected(async (_chunk, device) => {
      sends++;
      // The first command gets only half a reply, after its timeout; the second a whole one.
      if (sends === 1) await device.write(['#THR=9'], 0);
      else await device.write([reply(3, { threshold: 5, thresholdHex: 5 })]);
    });
    const first = await rejection(driver.getThreshold({ timeoutMs: 30, retries: 0 }));
    expect(first).toBeInstanceOf(PairTimeoutError);
    await expect(driver.getThreshold()).resolves.toEqual({ threshold: 5, thresholdHex: 5 });
    // Handed over at the timeout (no match), or flushed before the second command: reported either way.
    expect(unmatched.join('')).toBe('#THR=9');
  });

  it('no trailer, no length, no receiveInterval: what arrived is matched when the timeout ends', async () => {
    const spec: ProtocolSpec = { ...serialPowerMeterProtocol, pairs: serialPowerMeterProtocol.pairs.map(({ receiveIntervalMs, ...pair }) => (pair.id === 5 ? { ...pair, timeoutMs: 80 } : { ...pair, ...(receiveIntervalMs === undefined ? {} : { receiveIntervalMs }) })) };
    class LogDriver extends Driver<object, 'meterLine'> {
      log(): Promise<unknown> {
        return this.request(5, undefined, undefined);
      }
    }
    const device = cleanup.add(await tcpDevice((_chunk, d) => d.write(['LOG:', 'all ', 'quiet'], 2)));
    const driver = cleanup.add(new LogDriver(spec, { connections: { meterLine: { url: device.url } } }));
    await driver.connect();
    await expect(driver.log()).resolves.toEqual({ logText: 'all quiet' });
    expect(device.received.map(text)).toEqual(['#LOG\r\n']);
  });

  it('a reply whose checksum is wrong is unmatched and fails the attempt at once: re-sent with the same bytes (retries:2 = 3 sends)', async () => {
    const good = reply(1, measurements);
    const bad = Buffer.from(good);
    bad.writeUInt8((bad.at(-1) ?? 0) ^ 0xff, bad.length - 1);
    let sends = 0;
    const { device, driver, unmatched } = await connected((_chunk, d) => d.write([++sends < 3 ? bad : good]));
    // A timeout longer than the test's own: only an immediate re-send can resolve this in time.
    await expect(driver.getMeasurements({ timeoutMs: 60_000 })).resolves.toEqual(measurements);
    expect(device.received.map(text)).toEqual(Array(3).fill('\u0002MM\u0003'));
    expect(unmatched).toEqual([text(bad), text(bad)]);
  });

  it('only bad replies: PairTimeoutError after the last retry, without waiting the timeout', async () => {
    const bad = reply(2, { label: 'abc' });
    bad.writeUInt8((bad.at(-1) ?? 0) ^ 0x01, bad.length - 1);
    const { device, driver, unmatched } = await connected((_chunk, d) => d.write([bad]));
    const error = await rejection(driver.getLabel({ timeoutMs: 60_000, retries: 1 }));
    expect(error).toBeInstanceOf(PairTimeoutError);
    expect((error as PairTimeoutError).attempts).toBe(2);
    expect(device.received).toHaveLength(2);
    expect(unmatched).toHaveLength(2);
  });

  it('a length field announcing more bytes than come: retried at the timeout, then PairTimeoutError', async () => {
    const frame = reply(2, { label: 'abc' });
    frame[2] = 9; // says 9 label bytes, 3 follow
    const { device, driver } = await connected((_chunk, d) => d.write([frame]));
    const error = await rejection(driver.getLabel({ timeoutMs: 30, retries: 1 }));
    expect(error).toBeInstanceOf(PairTimeoutError);
    expect((error as PairTimeoutError).attempts).toBe(2);
    expect(device.received).toHaveLength(2);
  });
});

describe('serial: transports', () => {
  it('UDP: one datagram per command (re-sends included); a reply in two datagrams frames by its length', async () => {
    const frame = reply(2, { label: 'über' });
    let sends = 0;
    const { device, driver } = await connected((_chunk, d) => (++sends === 1 ? undefined : d.write([frame.subarray(0, 4), frame.subarray(4)], 3)), true);
    await expect(driver.getLabel({ timeoutMs: 60, retries: 1 })).resolves.toEqual({ label: 'über' });
    expect(device.received.map(text)).toEqual(['\u0002LL\u0003', '\u0002LL\u0003']);
  });

  it('UDP: a command larger than one datagram is refused before it is queued; the connection stays open', async () => {
    const device = cleanup.add(await udpDevice(() => undefined));
    const driver = cleanup.add(new SmartSerialEncoderDriver({ connections: { control: { url: device.url }, console: false } }));
    await driver.connect();
    const error = await rejection(driver.setName({ newName: 'n'.repeat(70_000) }));
    expect(error).toBeInstanceOf(RangeError);
    expect((error as RangeError).message).toMatch(/^Pair 'setName': its command is 7\d{4} bytes, more than one datagram holds \(65507\); nothing was sent$/);
    expect(driver.state('control')).toBe('open');
    await driver.reboot();
    await until(() => device.received.length === 1);
    expect(device.received.map(text)).toEqual([text(createCodec(smartSerialEncoderProtocol).command(smartSerialEncoderProtocol.pairs.find((pair) => pair.key === 'reboot')!.command).build({}))]);
  });

  it('a device that hangs up rejects the pending call with ConnectionClosedError and the state goes closed', async () => {
    const { driver } = await connected((_chunk, d) => d.hangUp());
    const events = record(driver);
    const error = await rejection(driver.getMeasurements());
    expect(error).toBeInstanceOf(ConnectionClosedError);
    expect(events.states).toEqual([['meterLine', 'closed']]);
  });

  it('a refused connect rejects connect() with ConnectError', async () => {
    const device = await tcpDevice(() => {});
    const url = device.url;
    await device.close();
    const driver = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url } } }));
    await expect(driver.connect()).rejects.toBeInstanceOf(ConnectError);
  });

  it('reconnects after a drop when asked to, and the next call works', async () => {
    const frame = reply(1, measurements);
    const device = cleanup.add(await tcpDevice((_chunk, d) => d.write([frame])));
    const driver = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url: device.url } }, reconnect: { initialDelayMs: 5, maxDelayMs: 20 } }));
    await driver.connect();
    device.hangUp();
    await until(() => device.accepted === 2 && driver.state('meterLine') === 'open');
    await expect(driver.getMeasurements()).resolves.toEqual(measurements);
  });

  it('an aborted call rejects with the signal reason and the next call still gets its own reply', async () => {
    let sends = 0;
    const { driver } = await connected((_chunk, d) => (++sends === 1 ? undefined : d.write([reply(3, { threshold: 4, thresholdHex: 4 })])));
    const controller = new AbortController();
    const call = driver.getThreshold({ signal: controller.signal, timeoutMs: 40 });
    await delay(5);
    controller.abort(new Error('stop'));
    await expect(call).rejects.toThrow('stop');
    await expect(driver.getThreshold()).resolves.toEqual({ threshold: 4, thresholdHex: 4 });
  });

  it('rejects a URL that is neither tcp:// nor udp://', async () => {
    const driver = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url: 'ws://127.0.0.1:1/' } } }));
    await expect(driver.connect()).rejects.toThrow(/tcp:\/\/host:port or udp:\/\/host:port/);
  });
});

describe('serial: shared and single sockets', () => {
  const singleSpec: ProtocolSpec = { ...serialPowerMeterProtocol, connections: serialPowerMeterProtocol.connections.map((c) => ({ ...c, single: true })) };
  class Meter extends Driver<object, 'meterLine'> {
    threshold(): Promise<unknown> {
      return this.request(4, undefined, { timeoutMs: 2000 });
    }
  }

  it('two drivers with a serial connection to one host:port share one socket and take turns: one exchange at a time', async () => {
    let inFlight = 0;
    let most = 0;
    let n = 0;
    const device = cleanup.add(
      await tcpDevice(async (_chunk, d) => {
        most = Math.max(most, ++inFlight);
        await delay(5);
        inFlight--;
        n++;
        await d.write([reply(3, { threshold: n, thresholdHex: n })]);
      }),
    );
    const a = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url: device.url } } }));
    const b = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url: device.url } } }));
    await Promise.all([a.connect(), b.connect()]);
    const results = await Promise.all([a.getThreshold(), b.getThreshold(), a.getThreshold(), b.getThreshold()]);
    expect(device.accepted).toBe(1);
    expect(most).toBe(1);
    // Each driver got its own answer, in the order the socket served them.
    expect(results.map((r) => r.threshold).sort()).toEqual([1, 2, 3, 4]);
    expect(device.received.map(text)).toEqual(Array(4).fill('#THR?\r\n'));
    // The socket stays while one driver still uses it, and closes with the last.
    await a.close();
    await expect(b.getThreshold()).resolves.toEqual({ threshold: 5, thresholdHex: 5 });
  });

  it('serial single connections each open their own socket', async () => {
    const device = cleanup.add(await tcpDevice((_chunk, d) => d.write([reply(3, { threshold: 1, thresholdHex: 1 })])));
    const a = cleanup.add(new Meter(singleSpec, { connections: { meterLine: { url: device.url } } }));
    const b = cleanup.add(new Meter(singleSpec, { connections: { meterLine: { url: device.url } } }));
    await Promise.all([a.connect(), b.connect()]);
    await Promise.all([a.threshold(), b.threshold()]);
    expect(device.accepted).toBe(2);
  });

  it('when the shared socket drops, every driver on it sees the loss', async () => {
    const device = cleanup.add(await tcpDevice(() => {}));
    const a = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url: device.url } } }));
    const b = cleanup.add(new SerialPowerMeterDriver({ connections: { meterLine: { url: device.url } } }));
    await Promise.all([a.connect(), b.connect()]);
    const calls = [rejection(a.getThreshold()), rejection(b.getThreshold())];
    await until(() => device.received.length === 1);
    device.hangUp();
    for (const error of await Promise.all(calls)) expect(error).toBeInstanceOf(ConnectionClosedError);
    expect([a.state('meterLine'), b.state('meterLine')]).toEqual(['closed', 'closed']);
  });
});

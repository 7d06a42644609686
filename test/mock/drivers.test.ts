/**
 * Every committed sample driver against the mock of its own protocol, over real sockets on 127.0.0.1:
 * the bytes each command puts on the wire, the typed values each answer resolves with.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { BinarySensorDriver, binarySensorProtocol } from '../../generated/binary-sensor.js';
import { DualChannelMonitorDriver, dualChannelMonitorProtocol } from '../../generated/dual-channel-monitor.js';
import { EchoServiceDriver, echoServiceProtocol } from '../../generated/echo-service.js';
import { EventStreamDriver, eventStreamProtocol } from '../../generated/event-stream.js';
import { MatrixRouterTextDriver, matrixRouterTextProtocol } from '../../generated/matrix-router-text.js';
import { SecureFeedDriver, secureFeedProtocol } from '../../generated/secure-feed.js';
import { createMockDevice, type MockDevice, type MockDeviceOptions } from '@protogen-dm/mock';
import type { ProtocolSpec } from '@protogen-dm/runtime';

const cleanups: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function mockOf(spec: ProtocolSpec, options: MockDeviceOptions = {}): Promise<{ mock: MockDevice; log: string[] }> {
  const log: string[] = [];
  const mock = await createMockDevice(spec, { port: 0, log: (line) => log.push(line), ...options });
  cleanups.push(() => mock.close());
  return { mock, log };
}

function owned<T extends { close(): Promise<void> }>(driver: T): T {
  cleanups.push(() => driver.close());
  return driver;
}

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

describe('Echo Service: request/response over text frames', () => {
  async function setup(): Promise<{ mock: MockDevice; log: string[]; driver: EchoServiceDriver }> {
    const { mock, log } = await mockOf(echoServiceProtocol);
    const driver = owned(new EchoServiceDriver({ connections: { webSocketConnection: { url: mock.url(0) } } }));
    await driver.connect();
    return { mock, log, driver };
  }

  it('answers each pair with its first response, built from samples and discrete values', async () => {
    const { mock, log, driver } = await setup();
    await expect(driver.heartbeat()).resolves.toEqual({ lastEcho: 'sample' });
    await expect(driver.getStatus()).resolves.toEqual({ serviceState: 'running', serviceLoad: 42, serviceUptime: 42 });
    expect(mock.received()).toEqual([
      { connection: 0, text: true, bytes: utf8('{"op":"ping"}'), command: 'ping', values: {} },
      { connection: 0, text: true, bytes: utf8('{"op":"status"}'), command: 'getStatus', values: {} },
    ]);
    expect(log).toContain('[conn 0] <- text 13 B {"op":"ping"} (ping)');
    expect(log).toContain('[conn 0] -> text 41 B {"state":"running","load":42,"uptime":42}');
  });

  it('answers with the values set through the API', async () => {
    const { mock, driver } = await setup();
    mock.set({ lastEcho: 'pong', serviceState: 'fault', serviceLoad: 12.5 });
    await expect(driver.heartbeat()).resolves.toEqual({ lastEcho: 'pong' });
    await expect(driver.getStatus()).resolves.toEqual({ serviceState: 'fault', serviceLoad: 12.5, serviceUptime: 42 });
    expect(driver.params.get('lastEcho')).toBe('pong');
  });

  it('decodes the values of the command it received', async () => {
    const { mock, driver } = await setup();
    mock.set({ deviceLabel: 'Studio 1' });
    await expect(driver.setLabel({ labelRequest: 'Studio 1' })).resolves.toEqual({ deviceLabel: 'Studio 1' });
    const [frame] = mock.received();
    expect(frame?.bytes).toEqual(utf8('{"op":"label","value":"Studio 1"}'));
    expect(frame?.values).toEqual({ labelRequest: 'Studio 1' });
  });
});

describe('Event Stream: a push pair starts a stream', () => {
  it('pushes the connection responses at the interval; the param listener sees each value', async () => {
    const { mock } = await mockOf(eventStreamProtocol, { pushIntervalMs: 20 });
    const driver = owned(new EventStreamDriver({ connections: { eventWebSocket: { url: mock.url('eventWebSocket') } } }));
    const events: { value: string; responseId: number | undefined }[] = [];
    driver.params.on('lastEvent', (value, info) => events.push({ value, responseId: info.responseId }));
    await driver.connect();
    await driver.subscribe({ subscriptionTopics: 'alarms', eventLevel: 2 });

    await vi.waitFor(() => expect(events.length).toBeGreaterThanOrEqual(3));
    expect(events.slice(0, 3)).toEqual([
      { value: 'sample 1', responseId: 1 },
      { value: 'sample 2', responseId: 1 },
      { value: 'sample 3', responseId: 1 },
    ]);
    expect(mock.received()[0]).toMatchObject({
      command: 'subscribe',
      bytes: utf8('{"action":"subscribe","topics":"alarms","level":2}'),
      values: { subscriptionTopics: 'alarms', eventLevel: 2 },
    });
  });

  it('ends the stream with the socket that asked for it', async () => {
    const { mock, log } = await mockOf(eventStreamProtocol, { pushIntervalMs: 10 });
    const driver = new EventStreamDriver({ connections: { eventWebSocket: { url: mock.url(0) } } });
    await driver.connect();
    await driver.keepAlive();
    await vi.waitFor(() => expect(log.filter((line) => line.includes('->')).length).toBeGreaterThanOrEqual(2));
    await driver.close();
    await vi.waitFor(() => expect(log.at(-1)).toMatch(/client disconnected/));
    const sent = log.length;
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(log.length).toBe(sent);
  });

  it('does not start a second stream when the command comes again', async () => {
    const { mock, log } = await mockOf(eventStreamProtocol, { pushIntervalMs: 1000 });
    const driver = owned(new EventStreamDriver({ connections: { eventWebSocket: { url: mock.url(0) } } }));
    await driver.connect();
    await driver.keepAlive();
    await driver.keepAlive();
    await vi.waitFor(() => expect(mock.received()).toHaveLength(2));
    expect(log.filter((line) => line.includes('->'))).toEqual(['[conn 0] -> text 8 B sample 1']);
  });
});

describe('Dual Channel Monitor: two WebSockets', () => {
  it('serves each connection on its own port, with its own commands and pushes', async () => {
    const { mock } = await mockOf(dualChannelMonitorProtocol, { pushIntervalMs: 20 });
    expect(mock.ports).toHaveLength(2);
    expect(mock.ports[0]).not.toBe(mock.ports[1]);
    const driver = owned(
      new DualChannelMonitorDriver({
        connections: {
          controlWebSocket: { url: mock.url('controlWebSocket') },
          telemetryWebSocket: { url: mock.url('telemetryWebSocket') },
        },
      }),
    );
    const telemetry: string[] = [];
    driver.params.on('telemetryMessage', (value, info) => telemetry.push(`${info.connection}: ${value}`));
    await driver.connect();
    expect(driver.params.get('controlConnectionStatus')).toBe(1);
    expect(driver.params.get('telemetryConnectionStatus')).toBe(1);

    mock.set({ operatingMode: 'service' });
    await expect(driver.getConfig()).resolves.toEqual({ operatingMode: 'service', activeChannels: 42 });
    await driver.startTelemetry({ telemetryInterval: 500 });
    await vi.waitFor(() => expect(telemetry.length).toBeGreaterThanOrEqual(2));
    expect(telemetry.slice(0, 2)).toEqual(['telemetryWebSocket: sample 1', 'telemetryWebSocket: sample 2']);

    expect(mock.received(0).map((frame) => frame.command)).toEqual(['getConfig']);
    expect(mock.received('telemetryWebSocket')).toEqual([
      {
        connection: 1,
        text: true,
        bytes: utf8('{"cmd":"stream","interval":500}'),
        command: 'startTelemetry',
        values: { telemetryInterval: 500 },
      },
    ]);
  });
});

describe('Binary Sensor: binary frames with length and checksum', () => {
  async function setup(): Promise<{ mock: MockDevice; log: string[]; driver: BinarySensorDriver }> {
    const { mock, log } = await mockOf(binarySensorProtocol);
    const driver = owned(new BinarySensorDriver({ connections: { sensorWebSocket: { url: mock.url(0) } } }));
    await driver.connect();
    return { mock, log, driver };
  }

  it('recognises the binary command and answers with a binary frame whose length and crc check out', async () => {
    const { mock, log, driver } = await setup();
    await expect(driver.getReadings()).resolves.toEqual({ temperature: 42, humidity: 42, pressure: 42, sensorState: 0 });
    expect(mock.received()).toEqual([
      { connection: 0, text: false, bytes: Uint8Array.of(0x02, 0x10, 0x01, 0x11, 0x03), command: 'getReadings', values: {} },
    ]);
    // STX, code 0x90, length 10, temperature 420 (×0.1), humidity 420, pressure float 42, state 0, XOR, ETX.
    expect(log).toContain('[conn 0] -> binary 14 B 02 90 0a 01 a4 01 a4 42 28 00 00 00 f0 03');
  });

  it('encodes set values, signed and scaled', async () => {
    const { mock, driver } = await setup();
    mock.set({ temperature: -12.3, pressure: 1013.25, sensorState: 2 });
    await expect(driver.getReadings()).resolves.toEqual({ temperature: -12.3, humidity: 42, pressure: 1013.25, sensorState: 2 });
  });

  it('decodes a command argument', async () => {
    const { mock, driver } = await setup();
    mock.set({ sampleInterval: 60 });
    await expect(driver.setInterval({ newSampleInterval: 60 })).resolves.toEqual({ sampleInterval: 60 });
    expect(mock.received()[0]).toMatchObject({
      command: 'setInterval',
      bytes: Uint8Array.of(0x02, 0x20, 0x03, 0x00, 0x3c, 0x1f, 0x03),
      values: { newSampleInterval: 60 },
    });
  });
});

describe('Matrix Router Text: delimited text with header and trailer', () => {
  it('answers route and status with CR LF-terminated frames', async () => {
    const { mock, log } = await mockOf(matrixRouterTextProtocol);
    const driver = owned(new MatrixRouterTextDriver({ connections: { routerWebSocket: { url: mock.url(0) } } }));
    await driver.connect();
    mock.set({ outputNumber: 3, sourceInput: 12, outputLabel: 'Cam 1' });
    await expect(driver.route({ routeOutput: 3, routeInput: 12, routeGain: -1.5, routeMode: 'TAKE' })).resolves.toEqual({
      outputNumber: 3,
      sourceInput: 12,
    });
    await expect(driver.getStatus({ queryOutput: 3 })).resolves.toEqual({
      outputNumber: 3,
      sourceInput: 12,
      outputGain: 42,
      lockState: 'LOCKED',
      outputLabel: 'Cam 1',
    });
    expect(mock.received().map((frame) => new TextDecoder().decode(frame.bytes))).toEqual([
      '<ROUTE:03,12,-1.5,TAKE>\r\n',
      '<STATUS?:03>\r\n',
    ]);
    expect(log).toContain('[conn 0] -> text 31 B <STATUS:3,12,42,LOCKED,Cam 1>\\r\\n');
  });
});

describe('Secure Feed: custom handshake, dynamic ip, push next to request/response', () => {
  it('accepts the handshake path and headers and records them', async () => {
    const { mock } = await mockOf(secureFeedProtocol, { pushIntervalMs: 20 });
    const driver = owned(new SecureFeedDriver({ connections: { feedWebSocket: { url: mock.url(0) } } }));
    // The url option wins over the dynamic-ip param's XML default (port 8053); the path param is added.
    await driver.connect();
    expect(mock.handshakes).toHaveLength(1);
    expect(mock.handshakes[0]).toMatchObject({
      connection: 0,
      path: '/feed',
      headers: { authorization: 'Bearer sample-token-0001', 'sec-websocket-protocol': 'levels.v2' },
    });
  });

  it('streams updates after subscribe while a snapshot call still gets its own answer', async () => {
    const { mock } = await mockOf(secureFeedProtocol, { pushIntervalMs: 5 });
    const driver = owned(new SecureFeedDriver({ connections: { feedWebSocket: { url: mock.url(0) } } }));
    const sequences: number[] = [];
    driver.params.on('updateSequence', (value) => sequences.push(value));
    await driver.connect();
    await driver.subscribe({ feedChannel: 'main' });
    for (let i = 0; i < 5; i++) await expect(driver.getSnapshot()).resolves.toEqual({ snapshotSequence: 42, snapshotLevel: 42 });
    await vi.waitFor(() => expect(sequences.length).toBeGreaterThanOrEqual(3));
    expect(sequences.slice(0, 3)).toEqual([43, 44, 45]);
  });
});

/**
 * A mock device for a protocol: `createMockDevice(fooProtocol)` starts one WebSocket server per
 * connection of the spec that answers, pushes and misbehaves like the device the XML describes.
 *
 * ```ts
 * import { createMockDevice } from '@protogen-dm/mock';
 * import { echoServiceProtocol, EchoServiceDriver } from './generated/echo-service.js';
 *
 * const mock = await createMockDevice(echoServiceProtocol, { port: 0 });
 * const driver = new EchoServiceDriver({ connections: { webSocketConnection: { url: mock.url(0) } } });
 * await driver.connect();
 * mock.set({ lastEcho: 'pong' });
 * console.log(await driver.heartbeat()); // { lastEcho: 'pong' }
 * ```
 */
import type { ProtocolSpec } from '@protogen-dm/runtime';
import { Device } from './device.js';
import { connectionPorts } from './ports.js';
import type { MockDevice, MockDeviceOptions } from './types.js';

export type {
  ChunkSetting,
  ConnectionRef,
  DropSetting,
  Handshake,
  HttpMock,
  MockDevice,
  MockDeviceOptions,
  MockValues,
  ReceivedFrame,
  ReceivedPdu,
  ReceivedRequest,
  SessionScript,
  SnmpMock,
  SnmpMockOptions,
  SnmpMockUser,
  SnmpScript,
  SnmpTrapOptions,
} from './types.js';

const DEFAULT_HOST = '127.0.0.1';
const DEFAULT_PUSH_INTERVAL_MS = 1000;

/**
 * Starts a mock device for `spec` (a generated module's `<name>Protocol`). Resolves once every
 * connection listens; rejects (with nothing left listening) when a port is taken or invalid.
 */
export async function createMockDevice(spec: ProtocolSpec, options: MockDeviceOptions = {}): Promise<MockDevice> {
  const pushIntervalMs = options.pushIntervalMs ?? DEFAULT_PUSH_INTERVAL_MS;
  if (!Number.isFinite(pushIntervalMs) || pushIntervalMs <= 0) {
    throw new RangeError(`pushIntervalMs must be a number > 0, got ${pushIntervalMs}`);
  }
  return Device.start(spec, {
    host: options.host ?? DEFAULT_HOST,
    ports: connectionPorts(spec, options.port),
    pushIntervalMs,
    udp: options.udp ?? false,
    snmp: options.snmp ?? {},
    log: options.log ?? ignore,
  });
}

function ignore(): void {}

// The Dual Channel Monitor driver (generated/dual-channel-monitor.ts, from protocol.xml beside this file) against the mock of its own
// protocol, over real sockets on 127.0.0.1: the bytes each command puts on the wire, the typed values each
// answer resolves with.
import { describe, expect, it, vi } from 'vitest';
import { DualChannelMonitorDriver, dualChannelMonitorProtocol } from '../../generated/dual-channel-monitor.js';
import { mockOf, owned, utf8 } from '../../test/helpers/fixture.js';

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

// The Echo Service driver (generated/echo-service.ts, from protocol.xml beside this file) against the mock of its own
// protocol, over real sockets on 127.0.0.1: the bytes each command puts on the wire, the typed values each
// answer resolves with.
import { describe, expect, it } from 'vitest';
import type { MockDevice } from '@protogen-dm/mock';
import { EchoServiceDriver, echoServiceProtocol } from '../../generated/echo-service.js';
import { mockOf, owned, utf8 } from '../../test/helpers/fixture.js';

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

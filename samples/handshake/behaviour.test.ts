// The Secure Feed driver (generated/secure-feed.ts, from protocol.xml beside this file) against the mock of its own
// protocol, over real sockets on 127.0.0.1: the bytes each command puts on the wire, the typed values each
// answer resolves with.
import { describe, expect, it, vi } from 'vitest';
import { SecureFeedDriver, secureFeedProtocol } from '../../generated/secure-feed.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';

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

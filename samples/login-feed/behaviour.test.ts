// The Token Gate Feed driver (generated/token-gate-feed.ts, from protocol.xml beside this file): one WebSocket
// and one HTTP connection against the mock of its own protocol on 127.0.0.1. The HTTP login stores the token a
// response header carries; the WebSocket opening handshake sends it (DataMiner's custom-handshake use case).
import { describe, expect, it, vi } from 'vitest';
import { TokenGateFeedDriver, tokenGateFeedProtocol } from '../../generated/token-gate-feed.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';

describe('Token Gate Feed: an HTTP login feeds the WebSocket handshake', () => {
  it('logs in with a form body on the HTTP connection, then reopens the socket with the token header', async () => {
    const { mock } = await mockOf(tokenGateFeedProtocol);
    const driver = owned(
      new TokenGateFeedDriver({ connections: { eventSocket: { url: mock.url('eventSocket') }, authAPI: { url: mock.url('authAPI') } } }),
    );
    await driver.connect();
    expect(driver.state('authAPI')).toBe('open');
    expect(mock.handshakes[0]?.headers['x-session-token']).toBeUndefined();

    mock.set({ sessionToken: 'tok-81f2' });
    await expect(driver.login({ userName: 'ops', password: 'pa ss&1' })).resolves.toEqual({ loginStatus: 'HTTP/1.1 200 OK', sessionToken: 'tok-81f2' });
    const [login] = mock.http.received('authAPI');
    // Parameters of a POST are a form body, not percent-encoded (DataMiner does none).
    expect(login).toMatchObject({ method: 'POST', path: '/auth/login', body: 'user=ops&password=pa ss&1' });
    expect(login?.headers).toMatchObject({ 'content-type': 'application/x-www-form-urlencoded', 'content-length': '25', accept: 'text/plain' });

    // Writing the dynamic-ip param reopens the socket; the handshake reads the token param at each dial.
    const port = new URL(mock.url('eventSocket')).port;
    driver.params.set('socketUrl', `127.0.0.1:${port}`);
    await vi.waitFor(() => expect(mock.handshakes).toHaveLength(2));
    expect(mock.handshakes[1]).toMatchObject({ path: '/events', headers: { 'x-session-token': 'tok-81f2' } });
    await vi.waitFor(() => expect(driver.state('eventSocket')).toBe('open'));
    mock.set({ lastEvent: 'door opened' });
    await expect(driver.latestEvent()).resolves.toEqual({ lastEvent: 'door opened' });
  });
});

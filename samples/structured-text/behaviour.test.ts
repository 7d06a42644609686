// The Matrix Router Text driver (generated/matrix-router-text.ts, from protocol.xml beside this file) against the mock of its own
// protocol, over real sockets on 127.0.0.1: the bytes each command puts on the wire, the typed values each
// answer resolves with.
import { describe, expect, it } from 'vitest';
import { MatrixRouterTextDriver, matrixRouterTextProtocol } from '../../generated/matrix-router-text.js';
import { mockOf, owned } from '../../test/helpers/fixture.js';

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

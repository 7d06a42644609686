/**
 * A `dgramModule` for net-snmp's receivers and agents whose one socket binds the port we choose,
 * 0 included (net-snmp turns a port of 0 into its default, 161 or 162), and tells when it listens.
 */
import { createSocket, type Socket, type SocketType } from 'node:dgram';

export interface BoundDgram {
  /** What net-snmp's `dgramModule` option takes. */
  readonly module: { createSocket(type: SocketType): Socket };
  /** Resolves with the bound port once the socket listens; rejects when it cannot bind. */
  listening(): Promise<number>;
}

export function dgramOnPort(port: number): BoundDgram {
  let socket: Socket | undefined;
  const module = {
    createSocket(type: SocketType): Socket {
      const created = createSocket(type);
      const bind = created.bind.bind(created) as (port: number, address?: string) => Socket;
      created.bind = ((_port: unknown, address?: unknown) => bind(port, typeof address === 'string' ? address : undefined)) as Socket['bind'];
      socket = created;
      return created;
    },
  };
  return {
    module,
    listening: () =>
      new Promise<number>((resolve, reject) => {
        if (socket === undefined) return reject(new Error('no socket was created'));
        const bound = socket;
        const failed = (error: Error): void => reject(error);
        bound.once('error', failed);
        bound.once('listening', () => {
          bound.off('error', failed);
          resolve(bound.address().port);
        });
      }),
  };
}

/**
 * A scriptable byte-stream device for tests: a node:net server (or a node:dgram socket) on 127.0.0.1
 * port 0 that records every chunk it receives and lets the test answer with exact writes — split,
 * joined, late or wrong — so each framing rule meets the bytes that test it.
 */
import { createSocket, type RemoteInfo, type Socket as UdpSocket } from 'node:dgram';
import { createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export type Script = (received: Buffer, device: StreamDevice) => void | Promise<void>;

export interface StreamDevice {
  readonly url: string;
  /** Every chunk (TCP) or datagram (UDP) received, in order. */
  readonly received: Buffer[];
  /** Sockets accepted so far (TCP). */
  readonly accepted: number;
  /** Writes `chunks` one write (one datagram) each, `gapMs` apart. */
  write(chunks: readonly (string | Uint8Array)[], gapMs?: number): Promise<void>;
  /** Ends every client socket. */
  hangUp(): void;
  close(): Promise<void>;
}

const bytes = (chunk: string | Uint8Array): Buffer => (typeof chunk === 'string' ? Buffer.from(chunk, 'latin1') : Buffer.from(chunk));
const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** A TCP device; `script` runs on every chunk received. */
export async function tcpDevice(script: Script): Promise<StreamDevice> {
  const sockets = new Set<Socket>();
  const server: Server = createServer();
  const device = {
    url: '',
    received: [] as Buffer[],
    accepted: 0,
    async write(chunks: readonly (string | Uint8Array)[], gapMs = 0): Promise<void> {
      for (const [index, chunk] of chunks.entries()) {
        if (index > 0 && gapMs > 0) await sleep(gapMs);
        for (const socket of sockets) socket.write(bytes(chunk));
      }
    },
    hangUp(): void {
      for (const socket of sockets) socket.destroy();
    },
    async close(): Promise<void> {
      device.hangUp();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
  server.on('connection', (socket) => {
    device.accepted++;
    socket.setNoDelay(true);
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    socket.on('error', () => {});
    socket.on('data', (chunk: Buffer) => {
      device.received.push(chunk);
      void script(chunk, device);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  device.url = `tcp://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return device;
}

/** A UDP device: answers the last peer that sent a datagram. */
export async function udpDevice(script: Script): Promise<StreamDevice> {
  const socket: UdpSocket = createSocket('udp4');
  let peer: RemoteInfo | undefined;
  const device = {
    url: '',
    received: [] as Buffer[],
    accepted: 0,
    async write(chunks: readonly (string | Uint8Array)[], gapMs = 0): Promise<void> {
      for (const [index, chunk] of chunks.entries()) {
        if (index > 0 && gapMs > 0) await sleep(gapMs);
        const to = peer;
        if (to !== undefined) await new Promise<void>((resolve) => socket.send(bytes(chunk), to.port, to.address, () => resolve()));
      }
    },
    hangUp(): void {},
    async close(): Promise<void> {
      await new Promise<void>((resolve) => socket.close(() => resolve()));
    },
  };
  socket.on('message', (data: Buffer, from: RemoteInfo) => {
    peer = from;
    device.received.push(data);
    void script(data, device);
  });
  await new Promise<void>((resolve) => socket.bind(0, '127.0.0.1', resolve));
  device.url = `udp://127.0.0.1:${socket.address().port}`;
  return device;
}

/**
 * The UDP socket of one serial or smart-serial mock connection. UDP has no connections: each peer
 * (address:port) that sends a datagram becomes a `Session`, answered at that address; its datagrams
 * feed one `CommandFramer`, so a command split over datagrams still frames. "Closing" a session
 * forgets the peer. `dial` makes a driver that listens (server mode) a peer before it has sent
 * anything: the mock's pushes go to it, and the driver knows the mock from the first one.
 */
import { createSocket, type RemoteInfo, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import type { FrameCodec } from '@protogen-dm/runtime/codec';
import type { ConnectionSpec } from '@protogen-dm/runtime';
import type { EndpointHandler, MockEndpoint } from '../endpoint.js';
import { Session } from '../session.js';
import type { ChunkSetting } from '../types.js';
import { ChunkedWire } from './chunked-wire.js';
import { CommandFramer } from './command-framer.js';
import { COMMAND_QUIET_MS, MAX_COMMAND_BYTES } from './tcp-endpoint.js';

/** Peers remembered at once; the oldest is forgotten first. */
export const MAX_UDP_PEERS = 1000;

interface Peer {
  readonly session: Session;
  readonly wire: ChunkedWire;
  readonly framer: CommandFramer;
  open: boolean;
}

export class UdpEndpoint implements MockEndpoint {
  readonly connection: ConnectionSpec;
  readonly port: number;
  readonly #socket: Socket;
  readonly #handler: EndpointHandler;
  readonly #commands: readonly FrameCodec[];
  readonly #chunking: () => ChunkSetting;
  readonly #peers = new Map<string, Peer>();

  static async listen(connection: ConnectionSpec, host: string, port: number, commands: readonly FrameCodec[], chunking: () => ChunkSetting, handler: EndpointHandler): Promise<UdpEndpoint> {
    const socket = createSocket(isIP(host) === 6 ? 'udp6' : 'udp4');
    await new Promise<void>((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(port, host, () => {
        socket.off('error', reject);
        resolve();
      });
    });
    return new UdpEndpoint(connection, socket, commands, chunking, handler);
  }

  private constructor(connection: ConnectionSpec, socket: Socket, commands: readonly FrameCodec[], chunking: () => ChunkSetting, handler: EndpointHandler) {
    this.connection = connection;
    this.#socket = socket;
    this.#commands = commands;
    this.#chunking = chunking;
    this.#handler = handler;
    this.port = socket.address().port;
    socket.on('error', (error) => handler.failed(connection, error));
    socket.on('message', (data: Buffer, from: RemoteInfo) => this.#peer(from.address, from.port).framer.push(data));
  }

  get sessions(): Session[] {
    return [...this.#peers.values()].filter((peer) => peer.open).map((peer) => peer.session);
  }

  async closeSockets(): Promise<void> {
    for (const key of [...this.#peers.keys()]) this.#forget(key);
  }

  resetSockets(): void {
    for (const key of [...this.#peers.keys()]) this.#forget(key);
  }

  /** A driver listening at `host:port` becomes a peer: pushes and answers go there. */
  dial(host: string, port: number): Promise<void> {
    this.#peer(host, port);
    return Promise.resolve();
  }

  async close(): Promise<void> {
    await this.closeSockets();
    await new Promise<void>((resolve) => this.#socket.close(() => resolve()));
  }

  #peer(address: string, port: number): Peer {
    const key = `${address}:${port}`;
    const known = this.#peers.get(key);
    if (known !== undefined) return known;
    if (this.#peers.size >= MAX_UDP_PEERS) this.#forget(this.#peers.keys().next().value as string);
    const write = (bytes: Uint8Array): Promise<boolean> =>
      new Promise((resolve) => {
        if (!peer.open) resolve(false);
        else this.#socket.send(bytes, port, address, (error) => resolve(!error));
      });
    const wire = new ChunkedWire(write, () => peer.open, this.#chunking);
    const session = new Session(this.connection, wire);
    const framer = new CommandFramer(this.#commands, COMMAND_QUIET_MS, MAX_COMMAND_BYTES, (bytes) => this.#message(session, bytes));
    const peer: Peer = { session, wire, framer, open: true };
    this.#peers.set(key, peer);
    this.#handler.opened(session, undefined);
    return peer;
  }

  #forget(key: string): void {
    const peer = this.#peers.get(key);
    if (peer === undefined) return;
    this.#peers.delete(key);
    peer.open = false;
    peer.session.stop();
    peer.framer.stop();
    peer.wire.stop();
    this.#handler.closed(peer.session, 1000);
  }

  #message(session: Session, bytes: Uint8Array): void {
    try {
      this.#handler.message(session, bytes, false);
    } catch (error) {
      this.#handler.failed(this.connection, error instanceof Error ? error : new Error(String(error)));
    }
  }
}

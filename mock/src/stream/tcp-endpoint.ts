/**
 * The TCP server of one serial or smart-serial mock connection: each accepted socket (or one it dialed,
 * to a driver in server mode) is a `Session`
 * whose incoming bytes a `CommandFramer` cuts into commands and whose frames go out through a
 * `ChunkedWire`.
 */
import { connect, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import type { FrameCodec } from '@protogen-dm/runtime/codec';
import type { ConnectionSpec } from '@protogen-dm/runtime';
import type { EndpointHandler, MockEndpoint } from '../endpoint.js';
import { Session } from '../session.js';
import type { ChunkSetting } from '../types.js';
import { ChunkedWire } from './chunked-wire.js';
import { CommandFramer } from './command-framer.js';

/** Largest run of bytes the mock buffers without finding a command in it. */
export const MAX_COMMAND_BYTES = 16 * 1024 * 1024;
/** When no command layout can tell where a command ends, it ends after this much silence. */
export const COMMAND_QUIET_MS = 15;
const CLOSE_DEADLINE_MS = 1000;

interface Client {
  readonly socket: Socket;
  readonly wire: ChunkedWire;
  readonly framer: CommandFramer;
}

export class TcpEndpoint implements MockEndpoint {
  readonly connection: ConnectionSpec;
  readonly port: number;
  readonly #server: Server;
  readonly #handler: EndpointHandler;
  readonly #commands: readonly FrameCodec[];
  readonly #chunking: () => ChunkSetting;
  readonly #clients = new Map<Session, Client>();

  static async listen(connection: ConnectionSpec, host: string, port: number, commands: readonly FrameCodec[], chunking: () => ChunkSetting, handler: EndpointHandler): Promise<TcpEndpoint> {
    const server = createServer();
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(port, host, () => {
        server.off('error', reject);
        resolve();
      });
    });
    return new TcpEndpoint(connection, server, commands, chunking, handler);
  }

  private constructor(connection: ConnectionSpec, server: Server, commands: readonly FrameCodec[], chunking: () => ChunkSetting, handler: EndpointHandler) {
    this.connection = connection;
    this.#server = server;
    this.#commands = commands;
    this.#chunking = chunking;
    this.#handler = handler;
    this.port = (server.address() as AddressInfo).port;
    server.on('error', (error) => handler.failed(connection, error));
    server.on('connection', (socket) => this.#accept(socket));
  }

  get sessions(): Session[] {
    return [...this.#clients.keys()].filter((session) => session.open);
  }

  async closeSockets(): Promise<void> {
    await Promise.all([...this.#clients.values()].map((client) => endGracefully(client.socket)));
  }

  resetSockets(): void {
    for (const client of this.#clients.values()) client.socket.resetAndDestroy();
  }

  /**
   * Dials a driver that listens (server mode) at `host:port`; the socket is a session like an accepted
   * one (same framing, answers and pushes). Resolves once connected; rejects when the dial fails.
   */
  dial(host: string, port: number): Promise<void> {
    return new Promise((resolve, reject) => {
      const socket = connect({ host, port });
      socket.once('error', reject);
      socket.once('connect', () => {
        socket.off('error', reject);
        this.#accept(socket);
        resolve();
      });
    });
  }

  async close(): Promise<void> {
    for (const session of this.#clients.keys()) session.stop();
    await this.closeSockets();
    await new Promise<void>((resolve) => this.#server.close(() => resolve()));
  }

  #accept(socket: Socket): void {
    socket.setNoDelay(true);
    const open = (): boolean => !socket.destroyed && socket.writable;
    const write = (bytes: Uint8Array): Promise<boolean> =>
      new Promise((resolve) => {
        if (!open()) resolve(false);
        else socket.write(bytes, (error) => resolve(!error));
      });
    const wire = new ChunkedWire(write, open, this.#chunking);
    const session = new Session(this.connection, wire);
    const framer = new CommandFramer(this.#commands, COMMAND_QUIET_MS, MAX_COMMAND_BYTES, (bytes) => this.#message(session, bytes));
    this.#clients.set(session, { socket, wire, framer });
    socket.on('data', (chunk: Buffer) => framer.push(chunk));
    socket.on('error', (error) => this.#handler.failed(this.connection, error));
    socket.on('close', () => {
      session.stop();
      framer.stop();
      wire.stop();
      this.#clients.delete(session);
      this.#handler.closed(session, 1000);
    });
    this.#handler.opened(session, undefined);
  }

  /** A handler bug must not become an uncaught exception in a socket callback: it is reported instead. */
  #message(session: Session, bytes: Uint8Array): void {
    try {
      this.#handler.message(session, bytes, false);
    } catch (error) {
      this.#handler.failed(this.connection, error instanceof Error ? error : new Error(String(error)));
    }
  }
}

function endGracefully(socket: Socket): Promise<void> {
  if (socket.closed) return Promise.resolve();
  return new Promise((resolve) => {
    const deadline = setTimeout(() => socket.destroy(), CLOSE_DEADLINE_MS);
    socket.once('close', () => {
      clearTimeout(deadline);
      resolve();
    });
    socket.end();
  });
}

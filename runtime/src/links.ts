/**
 * Which link a connection uses, from its kind (contract §8): WebSocket connections a message link;
 * serial and smart-serial connections a byte-stream link whose URL scheme picks the transport
 * (`tcp://`, `udp://`) and whose kind picks the framer; `serial` connections that are not `single`
 * share one socket per host:port (shared-socket.ts). A serial-port transport would be one more scheme
 * here.
 */
import { SerialFramer } from './framers/serial-framer.js';
import { SmartSerialFramer } from './framers/smart-serial-framer.js';
import { openShared } from './shared-socket.js';
import type { ConnectionSpec } from './spec.js';
import type { ServerRules } from './server-rules.js';
import { listeningOpen } from './tcp-listener.js';
import { createTcpTransport } from './tcp-transport.js';
import type { Framer, Link, Transport, TransportHandler, TransportOptions } from './transport.js';
import { createUdpListener } from './udp-listener.js';
import { createUdpTransport } from './udp-transport.js';
import { webSocketLink } from './ws-transport.js';

/**
 * The link of `spec`; a framer bounds what it buffers by `maxMessageBytes`. `server` (server mode)
 * makes each transport wait for clients on a port of the connection's own (tcp-listener.ts,
 * udp-listener.ts).
 */
export function linkOf(spec: ConnectionSpec, server?: ServerRules): Link {
  // HTTP connections are not byte streams or messages: driver.ts gives them an HttpConnection.
  if (spec.kind !== 'serial' && spec.kind !== 'smart-serial') {
    if (server !== undefined) throw new TypeError(`options.connections.${spec.key}.listen: only serial and smart-serial connections listen`);
    return webSocketLink;
  }
  const framer =
    spec.kind === 'serial'
      ? (options: TransportOptions): Framer => new SerialFramer(options.maxMessageBytes)
      : (options: TransportOptions): Framer => new SmartSerialFramer(spec.delimiters ?? [], spec.maxReceiveBuffer, options.maxMessageBytes);
  if (server !== undefined) {
    const tcp = listeningOpen(server);
    const open = (options: TransportOptions, handler: TransportHandler): Transport => (options.url.startsWith('udp:') ? createUdpListener(options, handler) : tcp(options, handler));
    return { open, framer, listens: true };
  }
  const localPort = spec.localPort ?? 0;
  const own = (options: TransportOptions, handler: TransportHandler): Transport => openStream(options, handler, localPort);
  // `serial` (not single) connections to one host:port share a socket in the process.
  const open = spec.kind === 'serial' && spec.single !== true ? (options: TransportOptions, handler: TransportHandler): Transport => openShared(options, handler, own) : own;
  return { open, framer };
}

function openStream(options: TransportOptions, handler: TransportHandler, localPort: number): Transport {
  if (options.url.startsWith('udp:')) return createUdpTransport(options, handler, localPort);
  if (options.url.startsWith('tcp:')) return createTcpTransport(options, handler);
  throw new TypeError(`${options.url}: a serial or smart-serial connection takes a tcp://host:port or udp://host:port URL`);
}

/** Which port each connection of a mock device listens on. */
import type { ProtocolSpec } from '@protogen-dm/runtime';

/** First port used when the XML gives a connection no `IPport` default. */
export const FALLBACK_PORT = 8050;

/**
 * Ports in `spec.connections` order. With `base` the i-th connection gets `base + i` (`0`: every
 * connection ephemeral); without, each its XML `IPport` default, else 8050 + i. An SNMP connection's
 * default is the device's agent port (161), which takes privileges to bind: without `base` it gets a
 * free port.
 * @throws RangeError for a base that is not a port number, or that pushes a connection past 65535.
 */
export function connectionPorts(spec: ProtocolSpec, base: number | undefined): number[] {
  if (base !== undefined && (!Number.isInteger(base) || base < 0 || base > 65535)) {
    throw new RangeError(`port must be a whole number from 0 to 65535, got ${base}`);
  }
  const ports = spec.connections.map((connection, index) => {
    if (base === 0) return 0;
    if (base === undefined) return connection.kind === 'snmp' ? 0 : (connection.port ?? FALLBACK_PORT + index);
    return base + index;
  });
  const tooHigh = ports.find((port) => port > 65535);
  if (tooHigh !== undefined) throw new RangeError(`port ${tooHigh} is out of range (connections listen on port + N)`);
  return ports;
}

/**
 * The one place a connection is built from its spec's kind: WebSocket and byte streams (serial,
 * smart-serial) share `Connection` and differ by link; HTTP and SNMP have their own class. Every
 * kind shares the lifecycle (lifecycle.ts), so the driver treats them alike.
 */
import type { Backoff } from './backoff.js';
import { Connection } from './connection.js';
import type { DriverEvents } from './driver-events.js';
import type { Emitter } from './events.js';
import { HttpConnection } from './http/connection.js';
import type { HttpConnectionOptions } from './http/options.js';
import type { DriverConnection, KindSetup } from './lifecycle.js';
import { DEFAULT_MAX_MESSAGE_BYTES, DEFAULT_MAX_QUEUE } from './limits.js';
import { linkOf } from './links.js';
import type { ConnectionOptions, DriverOptions } from './options.js';
import type { ParamSink } from './param-store.js';
import type { CompiledProtocol } from './plan.js';
import type { SnmpConnectionOptions } from './snmp/options.js';
import { SnmpConnection } from './snmp/connection.js';
import type { ConnectionSpec } from './spec.js';
import { serverRules } from './server-rules.js';

/** What every connection is built from. */
export interface ConnectionContext<C extends string> {
  readonly spec: ConnectionSpec;
  /** The connection's entry in `options.connections` (its shape is the kind's). */
  readonly options: ConnectionOptions | HttpConnectionOptions | SnmpConnectionOptions;
  readonly driver: DriverOptions<string, string, string>;
  readonly params: ParamSink<C>;
  readonly compiled: CompiledProtocol;
  readonly events: Emitter<DriverEvents<C>>;
  readonly backoff: Backoff | undefined;
  /** Told of each response pushed on a stream connection, and its sender in server mode (polling's `response after` triggers). */
  readonly onPush: (response: number, client: string | undefined) => void;
}

type Kind = NonNullable<ConnectionSpec['kind']> | 'websocket';

const builders: { readonly [K in Kind]: <C extends string>(context: ConnectionContext<C>) => DriverConnection<C> } = {
  websocket: stream,
  serial: stream,
  'smart-serial': stream,
  http: (context) => new HttpConnection({ ...shared(context), options: context.options as HttpConnectionOptions, maxMessageBytes: maxMessageBytes(context) }),
  snmp: (context) => new SnmpConnection({ ...shared(context), options: context.options as SnmpConnectionOptions }),
};

export function createConnection<C extends string>(context: ConnectionContext<C>): DriverConnection<C> {
  return builders[context.spec.kind ?? 'websocket'](context);
}

function stream<C extends string>(context: ConnectionContext<C>): Connection<C> {
  const { spec, driver } = context;
  return new Connection<C>({
    ...shared(context),
    options: context.options as ConnectionOptions,
    push: context.compiled.push.get(spec.id) ?? [],
    maxMessageBytes: maxMessageBytes(context),
    heartbeatMs: driver.heartbeatMs ?? 0,
    backoff: context.backoff,
    checkValues: driver.checkValues ?? true,
    link: linkOf(spec, serverRules(spec, context.options as ConnectionOptions)),
    onPush: context.onPush,
  });
}

/** The setup every kind takes, but its options. */
function shared<C extends string>(context: ConnectionContext<C>): Omit<KindSetup<C, unknown>, 'options'> {
  const { driver } = context;
  return {
    spec: context.spec,
    params: context.params,
    paramsById: context.compiled.paramsById,
    events: context.events,
    timeoutMs: driver.timeoutMs,
    retries: driver.retries,
    maxQueue: driver.maxQueue ?? DEFAULT_MAX_QUEUE,
  };
}

function maxMessageBytes({ driver }: { readonly driver: DriverOptions<string, string, string> }): number {
  return driver.maxMessageBytes ?? DEFAULT_MAX_MESSAGE_BYTES;
}

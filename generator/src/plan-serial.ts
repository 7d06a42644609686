/**
 * The spec facts of serial and smart-serial connections (contract §9):
 *
 *   <Type>smart-serial single</Type>, header 24 00 20 and trailer FC with headerTrailerLink=1
 *   → { kind: 'smart-serial', single: true, delimiters: [{ header: '240020', trailer: 'fc' }] }
 *
 *   <Type communicationOptions="maxConcurrentConnections:3;notifyConnectionPIDs:20,21">smart-serial</Type>
 *   → { kind: 'smart-serial', maxConcurrentConnections: 3, clientParams: { connected: 20, disconnected: 21 } }
 *
 * Delimiters: header and trailer params are collected protocol-wide, unless `connection=N` limits one
 * to connection N; those with the same `headerTrailerLink` form one delimiter, a trailer with no header
 * is a delimiter alone, a header with no trailer none. Headers and trailers without a link each count
 * as a trailer-only delimiter (the trailer) or nothing (the header).
 * Strings: every param in a frame of a byte-stream connection holds one byte per character (latin1)
 * unless the protocol is Unicode.
 */
import type { ConnectionSpec, DelimiterSpec, ParamSpec } from '@protogen-dm/runtime';
import type { ConnectionModel, ParamModel, ProtocolModel } from './model.js';
import { isByteStream, runnablePairs } from './scope.js';

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

/** Adds the byte-stream members to a connection's spec; `delimiting` is the protocol's `delimitingParams`. */
export function addSerialFacts(spec: Mutable<ConnectionSpec>, connection: ConnectionModel, delimiting: readonly Delimiting[]): void {
  if (connection.kind !== 'serial' && connection.kind !== 'smart-serial') return;
  spec.kind = connection.kind;
  if (connection.single) spec.single = true;
  if (connection.localPort !== undefined) spec.localPort = connection.localPort;
  if (connection.kind !== 'smart-serial') return;
  const delimiters = delimitersOf(connection.id, delimiting);
  if (delimiters.length > 0) spec.delimiters = delimiters;
  if (connection.maxReceiveBuffer !== undefined) spec.maxReceiveBuffer = connection.maxReceiveBuffer;
  if (connection.maxConnections !== undefined) spec.maxConcurrentConnections = connection.maxConnections.count;
  const { connected, disconnected } = connection.clientParams ?? {};
  if (connected || disconnected) spec.clientParams = { ...(connected && { connected: connected.id }), ...(disconnected && { disconnected: disconnected.id }) };
}

/** A header or trailer param with a constant: what delimiters are made of. */
export interface Delimiting {
  readonly role: 'header' | 'trailer';
  readonly constant: string;
  readonly link: number | undefined;
  readonly onlyConnection: number | undefined;
}

/**
 * The header and trailer params with a constant, in param order: one walk of the params for all
 * smart-serial connections (a walk per connection took seconds for 200 connections and 20 000 params).
 * `specs` are the params' specs, which hold their constants.
 */
export function delimitingParams(models: readonly ParamModel[], specs: readonly ParamSpec[]): Delimiting[] {
  const delimiting = new Map<number, { readonly role: 'header' | 'trailer'; readonly constant: string }>();
  for (const { id, role, constant } of specs) if ((role === 'header' || role === 'trailer') && constant) delimiting.set(id, { role, constant });
  const found: Delimiting[] = [];
  if (delimiting.size === 0) return found;
  for (const param of models) {
    const spec = delimiting.get(param.id);
    if (spec) found.push({ ...spec, link: param.headerTrailerLink, onlyConnection: param.onlyConnection });
  }
  return found;
}

function delimitersOf(connectionId: number, delimiting: readonly Delimiting[]): DelimiterSpec[] {
  /** The header and trailer constants of each link id. */
  const pairs = new Map<number, { header?: string; trailer?: string }>();
  const alone: DelimiterSpec[] = [];
  for (const { role, constant, link, onlyConnection } of delimiting) {
    if (onlyConnection !== undefined && onlyConnection !== connectionId) continue;
    if (link === undefined) {
      if (role === 'trailer') alone.push({ trailer: constant });
      continue;
    }
    const pair = pairs.get(link) ?? {};
    pair[role] ??= constant;
    pairs.set(link, pair);
  }
  const linked = [...pairs.entries()]
    .sort(([a], [b]) => a - b)
    .flatMap(([, pair]) => (pair.trailer === undefined ? [] : [pair.header === undefined ? { trailer: pair.trailer } : { header: pair.header, trailer: pair.trailer }]));
  return [...linked, ...alone];
}

/** Ids of the params whose strings are one byte per character. */
export function latin1ParamIds(model: ProtocolModel): Set<number> {
  const ids = new Set<number>();
  if (model.unicode) return ids;
  const streams = new Set(model.connections.filter(isByteStream).map((connection) => connection.id));
  const commands = new Set(runnablePairs(model).filter((pair) => streams.has(pair.connection?.id ?? 0)).map((pair) => pair.command?.id));
  for (const command of model.commands) if (commands.has(command.id)) for (const param of command.params) ids.add(param.id);
  for (const response of model.responses) {
    if (streams.has(response.connection?.id ?? 0)) for (const param of response.params) ids.add(param.id);
  }
  return ids;
}

/**
 * Which HTTP sessions get a method and which HTTP connection each runs on, decided once for the check
 * and the plan: every session that is not a WebSocket handshake, on the connection a group holding it
 * names (`Group@connection`), else on the first HTTP connection.
 *
 *   <Group connection="1"><Content><Session>2</Session></Content></Group> → session 2 runs on connection 1
 */
import type { ConnectionModel, ProtocolModel, SessionModel } from './model.js';

export function httpConnections(model: ProtocolModel): ConnectionModel[] {
  return model.connections.filter((connection) => connection.kind === 'http');
}

/** Sessions that become methods, each with its connection; none when the protocol has no HTTP connection. */
export function runnableSessions(model: ProtocolModel): { readonly session: SessionModel; readonly connection: ConnectionModel }[] {
  const http = httpConnections(model);
  const [first] = http;
  if (first === undefined) return [];
  const handshakes = new Set(model.connections.flatMap((connection) => (connection.handshakeSession ? [connection.handshakeSession.id] : [])));
  const named = new Map<number, number>();
  for (const group of model.sessionGroups) {
    if (group.connection === undefined) continue;
    for (const session of group.sessions) if (!named.has(session.id)) named.set(session.id, group.connection.id);
  }
  return model.sessions
    .filter((session) => !handshakes.has(session.id))
    .map((session) => ({ session, connection: http.find((connection) => connection.id === named.get(session.id)) ?? first }));
}

/** `Request@verb` values DataMiner knows (protocol-semantics §8); it does not support CONNECT. */
export const knownVerbs: ReadonlySet<string> = new Set(['DELETE', 'GET', 'HEAD', 'OPTIONS', 'PATCH', 'POST', 'PUT', 'TRACE', 'COPY', 'LOCK', 'MKCOL', 'PROPFIND', 'PROPPATCH', 'UNLOCK', 'TRACK']);

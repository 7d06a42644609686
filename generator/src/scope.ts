/**
 * What of a protocol protogen runs, decided once for the check and the plan: the driven connections
 * (WebSocket; serial and smart-serial reachable over TCP or UDP), the pairs on them (each a method),
 * the params in their frames, and which params are discrete.
 *
 *   <Pair id="1"><Content><Command>1</Command>…</Content></Pair> on an http connection → no method,
 *   and its command's params are not checked as wire params.
 */
import type { ConnectionModel, PairModel, ParamModel, ProtocolModel } from './model.js';

export function drivenConnections(model: ProtocolModel): ConnectionModel[] {
  return model.connections.filter(isDriven);
}

/** Connections whose pairs get methods: WebSocket, or serial/smart-serial with TCP or UDP allowed (physical serial only: Node cannot reach it). */
export function isDriven(connection: ConnectionModel): boolean {
  if (connection.kind === 'websocket') return true;
  return isByteStream(connection) && (connection.portTypes.tcp || connection.portTypes.udp);
}

/** Connections that get a key in `connections`: those with pair methods, HTTP ones (sessions) and SNMP ones (`driver.snmp`). */
export function hasConnectionKey(connection: ConnectionModel): boolean {
  return isDriven(connection) || connection.kind === 'http' || connection.kind === 'snmp';
}

export function isByteStream(connection: ConnectionModel): boolean {
  return connection.kind === 'serial' || connection.kind === 'smart-serial';
}

/** Pairs with a command on a driven connection (no `connection` option: connection 0). */
export function runnablePairs(model: ProtocolModel): PairModel[] {
  const driven = new Set(drivenConnections(model).map((connection) => connection.id));
  return model.pairs.filter((pair) => pair.command && driven.has(pair.connection?.id ?? 0));
}

/** Params that appear in a command or response protogen runs. */
export function wireParamIds(model: ProtocolModel): Set<number> {
  const driven = new Set(drivenConnections(model).map((connection) => connection.id));
  const commandIds = new Set(runnablePairs(model).map((pair) => pair.command?.id));
  const used = new Set<number>();
  for (const command of model.commands) if (commandIds.has(command.id)) for (const param of command.params) used.add(param.id);
  for (const response of model.responses) {
    if (driven.has(response.connection?.id ?? 0)) for (const param of response.params) used.add(param.id);
  }
  return used;
}

const discreteMeasurements = new Set(['discreet', 'togglebutton', 'button', 'pagebutton']);

/** Params whose values are a closed set (`Measurement/Type` discreet, button…): each gets a const and a type. */
export function discreteParams(params: readonly ParamModel[]): ParamModel[] {
  return params.filter(isDiscrete);
}

export function isDiscrete(param: ParamModel): boolean {
  return param.discretes.length > 0 && discreteMeasurements.has(param.measurementType?.toLowerCase() ?? '');
}

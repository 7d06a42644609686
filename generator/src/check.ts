/**
 * Stage 2, check: every diagnostic about a protocol that could be read, in one place. The passes:
 * what the reader could not use (check-readings.ts), duplicate ids, dangling references, connections,
 * handshakes and constructs protogen does not reproduce (here), params the codec cannot handle
 * (check-params.ts), and, once all of that is clean, responses the matcher could never match
 * (check-frames.ts). A model that passes without errors plans without a single report.
 */
import { checkResponseLayouts } from './check-frames.js';
import { checkHttpSessions } from './check-http.js';
import { checkParams } from './check-params.js';
import { checkPolling } from './check-polling.js';
import { checkReadings } from './check-readings.js';
import { checkSchema } from './check-schema.js';
import { checkSnmp } from './check-snmp.js';
import type { DiagnosticBag } from './diagnostics.js';
import type { ConnectionModel, ProtocolModel, Reference } from './model.js';
import { modelIndex, type ModelIndex } from './model-index.js';
import { hasConnectionKey, isByteStream, isDriven } from './scope.js';
import type { SourceOffset } from './source-lines.js';

export function checkProtocol(model: ProtocolModel, bag: DiagnosticBag): void {
  checkReadings(model, bag);
  checkSchema(model, bag);
  const index = modelIndex(model);
  checkDuplicateIds(model, index, bag);
  checkParamRanges(model, bag);
  checkFrames(model, index, bag);
  checkPairs(model, index, bag);
  checkConnections(model, index, bag);
  checkHttpSessions(model, index.params, bag);
  checkPolling(model, index, bag);
  checkSnmp(model, index.params, bag);
  checkParams(model, bag);
  // Layouts are only meaningful once every param is valid.
  if (!bag.hasErrors) checkResponseLayouts(model, index.params, bag);
}

/** An id given to two items of one kind (PG0010); the first one is the one kept. */
function checkDuplicateIds(model: ProtocolModel, { duplicates }: ModelIndex, bag: DiagnosticBag): void {
  for (const { kind, item, first } of duplicates) bag.report('PG0010', item.at, `duplicate ${kind} id ${item.id} (first defined at line ${model.lines.line(first.at)})`);
}

/** DataMiner's allowed param id ranges. */
function checkParamRanges(model: ProtocolModel, bag: DiagnosticBag): void {
  for (const param of model.params) {
    const id = param.id;
    const allowed = (id >= 1 && id <= 64_299) || (id >= 70_000 && id <= 99_999) || (id >= 1_000_000 && id <= 9_999_999);
    if (!allowed) bag.report('PG0012', param.at, `param id ${id} is outside 1–64299, 70000–99999 and 1000000–9999999`);
  }
}

function checkFrames(model: ProtocolModel, { params }: ModelIndex, bag: DiagnosticBag): void {
  for (const [kind, frames] of [['Command', model.commands], ['Response', model.responses]] as const) {
    for (const frame of frames) {
      for (const reference of frame.params) {
        if (!params.has(reference.id)) bag.report('PG0023', reference.at, `${kind} ${frame.id} names param ${reference.id}, which does not exist`);
      }
    }
  }
  for (const param of model.params) {
    const other = param.interprete?.lengthTypeId;
    if (other && !params.has(other.id)) bag.report('PG0024', other.at, `LengthType@id names param ${other.id}, which does not exist`);
  }
}

function checkPairs(model: ProtocolModel, { commands, responses }: ModelIndex, bag: DiagnosticBag): void {
  for (const pair of model.pairs) {
    // A pair with only responses listens (DataMiner allows it for smart-serial); it gets no method.
    if (!pair.command && pair.responses.length === 0) bag.report('PG0022', pair.at, `Pair ${pair.id} has no Content/Command and no Content/Response`);
    else if (!pair.command) bag.report('PG0050', pair.at, `Pair ${pair.id} has no Content/Command: it only listens and gets no method; its responses update params as they arrive`);
    else if (!commands.has(pair.command.id)) bag.report('PG0020', pair.command.at, `Pair ${pair.id} names command ${pair.command.id}, which does not exist`);
    for (const references of [pair.responses, pair.badResponses]) {
      for (const response of references) {
        if (!responses.has(response.id)) bag.report('PG0021', response.at, `Pair ${pair.id} names response ${response.id}, which does not exist`);
      }
    }
  }
}

function checkConnections(model: ProtocolModel, index: ModelIndex, bag: DiagnosticBag): void {
  const { connections, params } = index;
  if (!model.connections.some(hasConnectionKey)) {
    bag.report('PG0034', model.at, 'no Connections/Connection is a WebSocket (Http with CommunicationOptions/WebSocket true), an HTTP or SNMP connection or a serial/smart-serial over TCP or UDP: the driver has no connection');
  }
  for (const connection of model.connections) {
    if (!hasConnectionKey(connection)) {
      const why = isByteStream(connection) ? 'is physical serial only (PortTypeIP and PortTypeUDP disabled), which Node cannot reach' : 'is not a WebSocket, HTTP, SNMP, serial or smart-serial connection';
      bag.report('PG0050', connection.at, `connection ${connection.id} "${connection.name}" (${connection.type}) ${why}: protogen generates no transport for it`);
    }
    if (isDriven(connection) && connection.notRun.length > 0) {
      bag.report('PG0050', connection.at, `connection ${connection.id} "${connection.name}" sets ${connection.notRun.join(', ')}: protogen does not frame by it (frames are cut by header/trailer params, else as raw chunks)`);
    }
    // Syntax 3's Connections param is the status param and the connects param: one reference, one report.
    for (const reference of new Set([connection.statusParam, connection.clientParams?.connected, connection.clientParams?.disconnected])) {
      if (reference && !params.has(reference.id)) bag.report('PG0031', reference.at, `NotifyConnectionPIDs names param ${reference.id}, which does not exist`);
    }
    checkHandshake(index, connection, bag);
  }
  checkMaxConnections(model, bag);
  // `Pair 3 option connection:9`: the message is built only for a report (there are tens of thousands of owners).
  const mustBeConnection = (reference: Reference | undefined, owner: string, id: number, option: string): void => {
    if (reference && !connections.has(reference.id)) bag.report('PG0030', reference.at, `${owner} ${id} option ${option}:${reference.id} names connection ${reference.id}, which does not exist`);
  };
  for (const response of model.responses) mustBeConnection(response.connection, 'Response', response.id, 'Connection');
  for (const pair of model.pairs) {
    mustBeConnection(pair.connection, 'Pair', pair.id, 'connection');
    const connection = connections.get(pair.connection?.id ?? 0);
    if (connection && !isDriven(connection)) {
      bag.report('PG0033', pair.connection?.at ?? pair.at, `Pair ${pair.id} runs on connection ${connection.id} (${connection.type}), which protogen does not drive: it gets no method`);
    }
  }
  for (const param of model.params) {
    const target = param.dynamicIp && connections.get(param.dynamicIp.id);
    if (param.dynamicIp && (target === undefined || !hasConnectionKey(target))) {
      bag.report('PG0035', param.dynamicIp.at, `param ${param.id} is the dynamic ip of connection ${param.dynamicIp.id}, which is not a connection protogen drives`);
    }
  }
}

/** An HTTP header name (RFC 9110 token). */
const httpToken = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * `maxConcurrentConnections` limits a smart-serial server's clients (DataMiner): written where no
 * smart-serial connection takes it (syntax 3 on a serial connection; syntax 1 in a protocol without
 * one), it changes nothing.
 */
function checkMaxConnections(model: ProtocolModel, bag: DiagnosticBag): void {
  const taken = new Set<SourceOffset>(model.connections.flatMap((connection) => (connection.kind === 'smart-serial' && connection.maxConnections ? [connection.maxConnections.at] : [])));
  for (const connection of model.connections) {
    const option = connection.maxConnections;
    if (option === undefined || taken.has(option.at)) continue;
    taken.add(option.at);
    bag.report('PG0045', option.at, `maxConcurrentConnections:${option.count} is ignored: it limits the clients of a smart-serial connection in server mode, and connection ${connection.id} "${connection.name}" is ${connection.type}`);
  }
}

function checkHandshake({ sessions, params }: ModelIndex, connection: ConnectionModel, bag: DiagnosticBag): void {
  const reference = connection.handshakeSession;
  if (!reference) return;
  const session = sessions.get(reference.id);
  if (!session) {
    bag.report('PG0032', reference.at, `WebSocketHandshake names HTTP session ${reference.id}, which does not exist`);
    return;
  }
  if (session.connectionCount !== 1) bag.report('PG0036', session.at, `handshake session ${session.id} must have exactly one Connection (it has ${session.connectionCount})`);
  if (session.pathParam && !params.has(session.pathParam.id)) bag.report('PG0024', session.pathParam.at, `the handshake request path names param ${session.pathParam.id}, which does not exist`);
  for (const header of session.headers) {
    if (!header.param || !header.name) bag.report('PG0036', header.at, 'a handshake header needs a key and a pid naming the param that holds its value');
    else if (!httpToken.test(header.name)) {
      // Node refuses such a header when dialing: every connect() would fail. Say so now.
      bag.report('PG0036', header.at, `handshake header key "${header.name}" is not a valid HTTP header name`, 'use letters, digits and !#$%&\'*+-.^_`|~ only');
    } else if (!params.has(header.param.id)) bag.report('PG0024', header.param.at, `handshake header "${header.name}" names param ${header.param.id}, which does not exist`);
  }
}

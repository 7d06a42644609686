/**
 * HTTP sessions that become methods: every param they name must exist, and what DataMiner would send
 * differently than written is said. For example
 *
 *   <Request verb="FETCH" url="/a">                        → PG0038 verb "FETCH" is sent as it is
 *   <Request><Data pid="5"/><Parameters>…</Parameters>     → PG0038 only Parameters are sent
 *   <Content pid="99"/> with no param 99                   → PG0024 … names param 99, which does not exist
 */
import type { DiagnosticBag } from './diagnostics.js';
import type { HttpExchangeModel, ProtocolModel, Reference, SessionModel } from './model.js';
import { httpConnections, knownVerbs, runnableSessions } from './scope-http.js';

/** `params`: the protocol's params by id (model-index.ts). */
export function checkHttpSessions(model: ProtocolModel, params: ReadonlyMap<number, unknown>, bag: DiagnosticBag): void {
  if (httpConnections(model).length === 0) {
    const handshakes = new Set(model.connections.map((connection) => connection.handshakeSession?.id));
    const [first, ...others] = model.sessions.filter((session) => !handshakes.has(session.id));
    if (first) bag.report('PG0050', first.at, `${others.length + 1} HTTP session(s) get no method: the protocol has no http connection to run them on`);
  }
  for (const { session } of runnableSessions(model)) {
    const mustExist = (reference: Reference | undefined, what: string): void => {
      if (reference && !params.has(reference.id)) bag.report('PG0024', reference.at, `session ${session.id} ${what} names param ${reference.id}, which does not exist`);
    };
    mustExist(session.http.userParam, 'userName');
    mustExist(session.http.passwordParam, 'password');
    if (session.http.exchanges.length === 0) bag.report('PG0037', session.at, `session ${session.id} has no Connection: its method would send nothing`);
    for (const exchange of session.http.exchanges) checkExchange(session, exchange, mustExist, bag);
  }
}

function checkExchange(session: SessionModel, exchange: HttpExchangeModel, mustExist: (reference: Reference | undefined, what: string) => void, bag: DiagnosticBag): void {
  const verb = exchange.verb;
  if (verb.toUpperCase() === 'CONNECT') bag.report('PG0037', exchange.verbAt, `session ${session.id}: DataMiner does not support the verb CONNECT`);
  else if (!/^[A-Za-z]+$/.test(verb)) bag.report('PG0038', exchange.verbAt, `session ${session.id}: verb "${verb}" is not alphabetic; it is sent as GET`);
  else if (!knownVerbs.has(verb.toUpperCase())) bag.report('PG0038', exchange.verbAt, `session ${session.id}: unknown verb "${verb}" is sent as it is`);
  if (exchange.data && exchange.parameters) {
    bag.report('PG0038', exchange.data.at, `session ${session.id}: the request has both Data and Parameters; only the Parameters are sent`);
  }
  mustExist(exchange.pathParam, 'request path');
  for (const header of exchange.headers) {
    mustExist(header.param, `request header "${header.key}"`);
    if (!header.key) bag.report('PG0037', header.at, `session ${session.id}: a request header has no key`);
    else if (header.literal !== undefined && /[\r\n]/.test(header.literal.trim())) {
      bag.report('PG0038', header.at, `session ${session.id}: header "${header.key}" wraps over lines; it is sent on one line, each line break and its indentation as one space`);
    }
  }
  mustExist(exchange.data?.param, 'request Data');
  for (const parameter of exchange.parameters ?? []) mustExist(parameter.param, `request Parameter "${parameter.key}"`);
  mustExist(exchange.statusParam, 'Response@statusCode');
  for (const header of exchange.responseHeaders) mustExist(header.param, `response header "${header.key}"`);
  mustExist(exchange.contentParam, 'Response Content');
}

/**
 * Plans the session methods: names (in the pair methods' scope), arguments (the params the requests
 * read), results (the params the responses store) and the runtime spec of each session.
 *
 *   <Session id="1" name="Get Status"><Connection id="1"><Request verb="get" pid="5"/>
 *     <Response statusCode="200"><Content pid="201"/></Response></Connection></Session>
 *   → getStatus(values: { readonly statusPath: string }, …): Promise<{ readonly statusLine: string; readonly body: string }>
 *     {"id":1,"key":"getStatus","connection":0,"requests":[{"verb":"GET","pathParam":5,…,"statusParam":200,"contentParam":201}]}
 */
import type { HttpRequestSpec, HttpValueSpec, SessionSpec } from '@protogen-dm/runtime';
import type { HttpExchangeModel, HttpValueModel, ParamModel, ProtocolModel, Reference, SessionModel } from './model.js';
import { pascalCase, type NameScope } from './names.js';
import { knownVerbs, runnableSessions } from './scope-http.js';
import { objectType } from './type-text.js';

/** What a session needs of a planned param (plan.ts's PlannedParam). */
export interface SessionParam {
  readonly model: ParamModel;
  readonly key: string;
  readonly type: string;
  readonly mayBeAbsent: boolean;
}

export interface PlannedSession<P extends SessionParam = SessionParam> {
  readonly session: SessionModel;
  readonly spec: SessionSpec;
  /** Params the requests read, in first-use order (credentials excluded: they come from `driver.params`). */
  readonly args: readonly P[];
  /** Params the responses store; `optional` for response headers, which a response may lack. */
  readonly results: readonly (P & { readonly optional: boolean })[];
  /** `ListItemsResult`, the exported type the method resolves with. */
  readonly result: { readonly name: string; readonly type: string };
}

/** `methodNames` is the pair methods' scope, `top` the module's (for the result type names). */
export function planSessions<P extends SessionParam>(
  model: ProtocolModel,
  methodNames: NameScope,
  planned: ReadonlyMap<number, P>,
  source: string,
  top: NameScope,
): PlannedSession<P>[] {
  const runnable = runnableSessions(model);
  const names = methodNames.assign(runnable.map(({ session }) => session), 'session', 'camel');
  return runnable.map(({ session, connection }) => {
    const exchanges = session.http.exchanges;
    const args = unique(exchanges.flatMap(readParams), planned);
    const optionalIds = new Set(exchanges.flatMap((exchange) => exchange.responseHeaders.flatMap((header) => (header.param ? [header.param.id] : []))));
    const required = new Set(exchanges.flatMap((exchange) => [exchange.statusParam?.id, exchange.contentParam?.id]));
    const results = unique(exchanges.flatMap(storedParams), planned).map((param) => ({
      ...param,
      optional: param.mayBeAbsent || (optionalIds.has(param.model.id) && !required.has(param.model.id)),
    }));
    const key = names.of(session.id);
    const result = { name: top.claim(`${pascalCase(key)}Result`, session.id), type: objectType(results.map((param) => ({ ...param, mayBeAbsent: param.optional })), 'result') };
    return { session, spec: sessionSpec(session, key, connection.id, `${source}:${model.lines.line(session.at)}`), args, results, result };
  });
}

function readParams(exchange: HttpExchangeModel): (Reference | undefined)[] {
  const data = exchange.parameters ? [] : [exchange.data?.param];
  return [exchange.pathParam, ...exchange.headers.map((header) => header.param), ...data, ...(exchange.parameters ?? []).map((parameter) => parameter.param)];
}

function storedParams(exchange: HttpExchangeModel): (Reference | undefined)[] {
  return [exchange.statusParam, ...exchange.responseHeaders.map((header) => header.param), exchange.contentParam];
}

function unique<P>(references: readonly (Reference | undefined)[], planned: ReadonlyMap<number, P>): P[] {
  const found: P[] = [];
  for (const reference of references) {
    const param = reference && planned.get(reference.id);
    if (param && !found.includes(param)) found.push(param);
  }
  return found;
}

function sessionSpec(session: SessionModel, key: string, connection: number, source: string): SessionSpec {
  const http = session.http;
  const spec: { -readonly [K in keyof SessionSpec]: SessionSpec[K] } = { id: session.id, key, connection, requests: http.exchanges.map(requestSpec) };
  if (http.timeoutMs !== undefined) spec.timeoutMs = http.timeoutMs;
  if (http.keepAlive) spec.keepAlive = true;
  if (http.userParam) spec.userParam = http.userParam.id;
  if (http.passwordParam) spec.passwordParam = http.passwordParam.id;
  spec.source = source;
  return spec;
}

function requestSpec(exchange: HttpExchangeModel): HttpRequestSpec {
  const spec: { -readonly [K in keyof HttpRequestSpec]: HttpRequestSpec[K] } = {
    verb: verbOf(exchange.verb),
    headers: exchange.headers.map((header) => valueSpec(header, oneLine)),
    responseHeaders: exchange.responseHeaders.flatMap((header) => (header.param ? [{ name: header.key, param: header.param.id }] : [])),
  };
  if (exchange.url !== undefined) spec.url = exchange.url;
  else if (exchange.pathParam) spec.pathParam = exchange.pathParam.id;
  if (exchange.timeoutMs !== undefined) spec.timeoutMs = exchange.timeoutMs;
  // Both present: DataMiner sends only the Parameters.
  if (exchange.parameters) spec.parameters = exchange.parameters.map((parameter) => valueSpec(parameter, same));
  else if (exchange.data) spec.data = valueSpec(exchange.data, same);
  if (exchange.statusParam) spec.statusParam = exchange.statusParam.id;
  if (exchange.contentParam) spec.contentParam = exchange.contentParam.id;
  return spec;
}

/** Known verbs go out upper case, an unknown alphabetic one as written, anything else as GET. */
function verbOf(verb: string): string {
  if (!/^[A-Za-z]+$/.test(verb)) return 'GET';
  return knownVerbs.has(verb.toUpperCase()) ? verb.toUpperCase() : verb;
}

function valueSpec(value: HttpValueModel, text: (literal: string) => string): HttpValueSpec {
  const spec: { -readonly [K in keyof HttpValueSpec]: HttpValueSpec[K] } = {};
  if (value.key) spec.name = value.key;
  if (value.param) spec.param = value.param.id;
  else spec.value = text(value.literal ?? '');
  return spec;
}

/** A header wrapped over lines in the XML goes out on one line: each break and its indentation become one space. */
function oneLine(text: string): string {
  return text.trim().replace(/\s*[\r\n]\s*/g, ' ');
}

function same(text: string): string {
  return text;
}

/**
 * `HTTP/Session` read in full, and the groups that run sessions. Attribute values that name params
 * are param ids; a value that is not one is kept as unreadable for the check stage.
 *
 *   <Session id="1" name="Get Status" keepAlive="true"><Connection id="1">
 *     <Request verb="GET" url="/api/status"><Headers><Header key="Authorization" pid="10"/></Headers></Request>
 *     <Response statusCode="20"><Content pid="21"/></Response>
 *   </Connection></Session>
 *   → { exchanges: [{ verb: 'GET', url: '/api/status', headers: [{ key: 'Authorization', param: 10 }],
 *        statusParam: 20, contentParam: 21 }], keepAlive: true, … }
 */
import type { HttpExchangeModel, HttpSessionModel, HttpValueModel, Reference, SessionGroupModel } from './model.js';
import { parseUnsigned, readTimeout, type UnreadableSink } from './read-util.js';
import { child, children, type XmlElement } from './xml.js';

export function readHttpSession(session: XmlElement, unreadable: UnreadableSink): HttpSessionModel {
  const attributes = session.attributes;
  return {
    exchanges: children(session, 'Connection').map((connection) => readExchange(connection, unreadable)),
    timeoutMs: readTimeout(attributes['timeout'], 'Session@timeout', session.attributeAt('timeout'), unreadable),
    ignoreTimeout: attributes['ignoreTimeout']?.trim().toLowerCase() === 'true',
    keepAlive: attributes['keepAlive']?.trim().toLowerCase() === 'true',
    loginMethod: attributes['loginMethod']?.trim() || undefined,
    userParam: paramAttribute(session, 'userName', 'Session@userName', unreadable),
    passwordParam: paramAttribute(session, 'password', 'Session@password', unreadable),
    proxyServer: attributes['proxyServer']?.trim() || undefined,
  };
}

function readExchange(connection: XmlElement, unreadable: UnreadableSink): HttpExchangeModel {
  const request = child(connection, 'Request');
  const response = child(connection, 'Response');
  const requestHeaders = request && child(request, 'Headers');
  const data = request && child(request, 'Data');
  const parameters = request && child(request, 'Parameters');
  const responseHeaders = response && child(response, 'Headers');
  const content = response && child(response, 'Content');
  const url = request?.attributes['url'];
  return {
    at: connection.at,
    id: parseUnsigned(connection.attributes['id']),
    name: connection.attributes['name']?.trim() || undefined,
    timeoutMs: readTimeout(connection.attributes['timeout'], 'Connection@timeout', connection.attributeAt('timeout'), unreadable),
    verb: request?.attributes['verb']?.trim() || 'GET',
    verbAt: request ? request.attributeAt('verb') : connection.at,
    url: url === undefined || url.trim() === '' ? undefined : url.trim(),
    pathParam: request && paramAttribute(request, 'pid', 'Request@pid', unreadable),
    headers: requestHeaders ? children(requestHeaders, 'Header').map((header) => readValue(header, 'key', unreadable)) : [],
    data: data && readValue(data, undefined, unreadable),
    parameters: parameters && children(parameters, 'Parameter').map((parameter) => readValue(parameter, 'key', unreadable)),
    statusParam: response && paramAttribute(response, 'statusCode', 'Response@statusCode', unreadable),
    responseHeaders: responseHeaders
      ? children(responseHeaders, 'Header').map((header) => ({
          at: header.at,
          key: header.attributes['key']?.trim() ?? '',
          param: paramAttribute(header, 'pid', 'Response/Headers/Header@pid', unreadable),
        }))
      : [],
    contentParam: content && paramAttribute(content, 'pid', 'Content@pid', unreadable),
  };
}

/** A header, parameter or data value: `@pid` when present, else the element text (wrapped text kept as is). */
function readValue(element: XmlElement, keyAttribute: string | undefined, unreadable: UnreadableSink): HttpValueModel {
  const param = paramAttribute(element, 'pid', `${element.name}@pid`, unreadable);
  return {
    at: element.at,
    key: keyAttribute === undefined ? '' : (element.attributes[keyAttribute]?.trim() ?? ''),
    literal: param === undefined ? element.text : undefined,
    param,
  };
}

/** An attribute holding a param id; absent or blank is undefined, anything else unreadable. */
function paramAttribute(element: XmlElement, attribute: string, what: string, unreadable: UnreadableSink): Reference | undefined {
  const text = element.attributes[attribute];
  if (text === undefined || text.trim() === '') return undefined;
  const id = parseUnsigned(text);
  const at = element.attributeAt(attribute);
  if (id === undefined) unreadable.push({ expected: 'param id', what, text, at });
  return id === undefined ? undefined : { id, at };
}

/** `Groups/Group` with `Content/Session` entries (ids), and `Group@connection`. */
export function readSessionGroups(root: XmlElement, unreadable: UnreadableSink): SessionGroupModel[] {
  const groups = child(root, 'Groups');
  const found: SessionGroupModel[] = [];
  for (const group of groups ? children(groups, 'Group') : []) {
    const content = child(group, 'Content');
    const sessions = (content ? children(content, 'Session') : []).flatMap((session) => {
      const id = parseUnsigned(session.text);
      return id === undefined ? [] : [{ id, at: session.at }];
    });
    if (sessions.length === 0) continue;
    const connectionText = group.attributes['connection'];
    const connectionId = parseUnsigned(connectionText);
    if (connectionText !== undefined && connectionId === undefined) {
      unreadable.push({ expected: 'connection', what: 'Group@connection', text: connectionText, at: group.attributeAt('connection') });
    }
    found.push({ at: group.at, sessions, connection: connectionId === undefined ? undefined : { id: connectionId, at: group.attributeAt('connection') } });
  }
  return found;
}

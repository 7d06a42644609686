/**
 * `HTTP/Session`s: protogen uses them only as custom WebSocket handshakes, where every value comes
 * from a param (the request path from `Request@pid` or `@url`, headers from `Header@pid`).
 *
 *   <HTTP><Session id="5" name="Handshake"><Connection id="1">
 *     <Request verb="GET" pid="8"><Headers><Header key="Authorization" pid="9"/></Headers></Request>
 *   </Connection></Session></HTTP>
 */
import type { Reference, SessionModel } from './model.js';
import { readHttpSession } from './read-http.js';
import { parseUnsigned, readId, type UnreadableSink } from './read-util.js';
import { child, children, type XmlElement } from './xml.js';

export function readSessions(root: XmlElement, unreadable: UnreadableSink): SessionModel[] {
  const http = child(root, 'HTTP') ?? child(root, 'Http');
  if (!http) return [];
  const sessions: SessionModel[] = [];
  for (const element of children(http, 'Session')) {
    const id = readId(element, 'Session', unreadable);
    if (id === undefined) continue;
    const connections = children(element, 'Connection');
    const request = connections[0] && child(connections[0], 'Request');
    const headers = request && child(request, 'Headers');
    sessions.push({
      id,
      at: element.at,
      name: element.attributes['name'] ?? '',
      connectionCount: connections.length,
      pathParam: request ? pathParam(request) : undefined,
      headers: headers ? readHeaders(headers) : [],
      http: readHttpSession(element, unreadable),
    });
  }
  return sessions;
}

/** The handshake path param: `pid` (current docs) or `url` (older docs), both holding a param id. */
function pathParam(request: XmlElement): Reference | undefined {
  for (const attribute of ['pid', 'url']) {
    const id = parseUnsigned(request.attributes[attribute]);
    if (id !== undefined) return { id, at: request.attributeAt(attribute) };
  }
  return undefined;
}

function readHeaders(headers: XmlElement): SessionModel['headers'] {
  return children(headers, 'Header').map((header) => {
    const id = parseUnsigned(header.attributes['pid']);
    return {
      at: header.at,
      name: header.attributes['key'] ?? '',
      param: id === undefined ? undefined : { id, at: header.attributeAt('pid') },
    };
  });
}

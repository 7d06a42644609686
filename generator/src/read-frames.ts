/**
 * Commands, Responses and Pairs → models, one item at a time (`read-protocol.ts` hands each over as it
 * closes). References stay ids here; `check.ts` resolves them.
 *
 *   <Command id="1"><Name>Ping</Name><WebSocketMessageType>text</WebSocketMessageType>
 *     <Content><Param>11</Param></Content></Command>
 *   <Response id="1" options="Connection:0"><Name>Pong</Name><Content><Param>1</Param></Content></Response>
 *   <Pair id="1" timeout="2000" options="retries:1"><Name>Ping</Name>
 *     <Content><Command>1</Command><Response>1</Response></Content></Pair>
 */
import type { CommandModel, PairModel, Reference, ResponseModel } from './model.js';
import { noItems, optionReference, parseOptions, parseUnsigned, readId, readReferences, readTimeout, type UnreadableSink } from './read-util.js';
import { child, textAt, type XmlElement } from './xml.js';

/** `Content/Param`, `Content/Command`…: what an unreadable reference is reported as, one string per item name. */
const contentItem = new Map<string, string>();

function contentReferences(element: XmlElement, itemName: string, unreadable: UnreadableSink): readonly Reference[] {
  const content = child(element, 'Content');
  if (!content) return noItems;
  let what = contentItem.get(itemName);
  if (what === undefined) contentItem.set(itemName, (what = `Content/${itemName}`));
  return readReferences(content, itemName, what, unreadable);
}

export function readCommand(element: XmlElement, unreadable: UnreadableSink): CommandModel | undefined {
  const id = readId(element, 'Command', unreadable);
  if (id === undefined) return undefined;
  return {
    id,
    at: element.at,
    name: textAt(element, 'Name') ?? '',
    description: textAt(element, 'Description'),
    params: contentReferences(element, 'Param', unreadable),
    text: textAt(element, 'WebSocketMessageType')?.toLowerCase() === 'text',
  };
}

export function readResponse(element: XmlElement, unreadable: UnreadableSink): ResponseModel | undefined {
  const id = readId(element, 'Response', unreadable);
  if (id === undefined) return undefined;
  const content = child(element, 'Content');
  return {
    id,
    at: element.at,
    name: textAt(element, 'Name') ?? '',
    description: textAt(element, 'Description'),
    params: contentReferences(element, 'Param', unreadable),
    connection: optionReference(element, 'options', parseOptions(element.attributes['options']), 'connection', unreadable),
    optionalContent: content?.attributes['optional'] === undefined ? undefined : content.attributeAt('optional'),
  };
}

export function readPair(element: XmlElement, unreadable: UnreadableSink): PairModel | undefined {
  const id = readId(element, 'Pair', unreadable);
  if (id === undefined) return undefined;
  const commands = contentReferences(element, 'Command', unreadable);
  const options = parseOptions(element.attributes['options']);
  return {
    id,
    at: element.at,
    name: textAt(element, 'Name') ?? '',
    description: textAt(element, 'Description'),
    command: commands[0],
    responses: contentReferences(element, 'Response', unreadable),
    badResponses: contentReferences(element, 'ResponseOnBadCommand', unreadable),
    connection: optionReference(element, 'options', options, 'connection', unreadable),
    timeoutMs: timeoutOf(element, id, unreadable),
    retries: parseUnsigned(options.get('retries')),
    receiveIntervalMs: parseUnsigned(options.get('receiveinterval')),
    ignoreTimeout: options.has('ignoretimeout'),
  };
}

/** `Pair@timeout`; its position is looked up only when there is one. */
function timeoutOf(pair: XmlElement, id: number, unreadable: UnreadableSink): number | undefined {
  const text = pair.attributes['timeout'];
  return text === undefined ? undefined : readTimeout(text, `Pair ${id} timeout`, pair.attributeAt('timeout'), unreadable);
}

/**
 * Commands, Responses and Pairs → models. References stay ids here; `check.ts` resolves them.
 *
 *   <Command id="1"><Name>Ping</Name><WebSocketMessageType>text</WebSocketMessageType>
 *     <Content><Param>11</Param></Content></Command>
 *   <Response id="1" options="Connection:0"><Name>Pong</Name><Content><Param>1</Param></Content></Response>
 *   <Pair id="1" timeout="2000" options="retries:1"><Name>Ping</Name>
 *     <Content><Command>1</Command><Response>1</Response></Content></Pair>
 */
import type { DiagnosticBag } from './diagnostics.js';
import type { CommandModel, PairModel, Reference, ResponseModel } from './model.js';
import { attributePosition, optionReference, parseOptions, parseUnsigned, readId, readReference, readTimeout } from './read-util.js';
import { child, children, textAt, type XmlElement } from './xml.js';

function section(root: XmlElement, sectionName: string, itemName: string): XmlElement[] {
  const element = child(root, sectionName);
  return element ? children(element, itemName) : [];
}

function contentReferences(element: XmlElement, itemName: string, bag: DiagnosticBag): Reference[] {
  const content = child(element, 'Content');
  if (!content) return [];
  const references: Reference[] = [];
  for (const item of children(content, itemName)) {
    const reference = readReference(item, `Content/${itemName}`, bag);
    if (reference) references.push(reference);
  }
  return references;
}

export function readCommands(root: XmlElement, bag: DiagnosticBag): CommandModel[] {
  const commands: CommandModel[] = [];
  for (const element of section(root, 'Commands', 'Command')) {
    const id = readId(element, 'Command', bag);
    if (id === undefined) continue;
    commands.push({
      id,
      at: element,
      name: textAt(element, 'Name') ?? '',
      description: textAt(element, 'Description'),
      params: contentReferences(element, 'Param', bag),
      text: textAt(element, 'WebSocketMessageType')?.toLowerCase() === 'text',
    });
  }
  return commands;
}

export function readResponses(root: XmlElement, bag: DiagnosticBag): ResponseModel[] {
  const responses: ResponseModel[] = [];
  for (const element of section(root, 'Responses', 'Response')) {
    const id = readId(element, 'Response', bag);
    if (id === undefined) continue;
    reportOptionalContent(element, bag);
    responses.push({
      id,
      at: element,
      name: textAt(element, 'Name') ?? '',
      description: textAt(element, 'Description'),
      params: contentReferences(element, 'Param', bag),
      connection: optionReference(element, 'options', 'connection', bag),
    });
  }
  return responses;
}

/** `Content@optional` lets DataMiner skip params on a mismatch; the matcher needs every param. */
function reportOptionalContent(response: XmlElement, bag: DiagnosticBag): void {
  const content = child(response, 'Content');
  if (content?.attributes['optional'] === undefined) return;
  bag.report('PG0045', attributePosition(content, 'optional'), 'Content@optional is not applied: the response matches only when every param is present');
}

export function readPairs(root: XmlElement, bag: DiagnosticBag): PairModel[] {
  const pairs: PairModel[] = [];
  for (const element of section(root, 'Pairs', 'Pair')) {
    const id = readId(element, 'Pair', bag);
    if (id === undefined) continue;
    const commands = contentReferences(element, 'Command', bag);
    pairs.push({
      id,
      at: element,
      name: textAt(element, 'Name') ?? '',
      description: textAt(element, 'Description'),
      command: commands[0],
      responses: contentReferences(element, 'Response', bag),
      badResponses: contentReferences(element, 'ResponseOnBadCommand', bag),
      connection: optionReference(element, 'options', 'connection', bag),
      timeoutMs: readTimeout(element.attributes['timeout'], `Pair ${id} timeout`, attributePosition(element, 'timeout'), bag),
      retries: parseUnsigned(parseOptions(element.attributes['options']).get('retries')),
    });
  }
  return pairs;
}

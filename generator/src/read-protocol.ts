/**
 * Stage 1, read: protocol XML bytes → ProtocolModel. The only stage that knows XML and the file's
 * quirks (one or two BOMs, UTF-16, no `<?xml?>` declaration, the Skyline namespace or none, comments,
 * CDATA). It judges nothing: the only failure it returns is a file that is not protocol XML at all;
 * everything else worth saying is in the model, for the check stage.
 *
 * Params, commands, responses and pairs are read as each element closes and then dropped, so the
 * whole tree of a large protocol is never held (it used to cost more in garbage collection than the
 * parse itself).
 */
import type { KeptSection, ProtocolModel, Stray } from './model.js';
import { readConnections } from './read-connections.js';
import { readCommand, readPair, readResponse } from './read-frames.js';
import { readSessionGroups } from './read-http.js';
import { readParam } from './read-params.js';
import { readPolling } from './read-polling.js';
import { collectStrays } from './read-schema.js';
import { schemaChild, schemaRoot, type SchemaNode } from './schema.js';
import { readSessions } from './read-sessions.js';
import { readOidPrefix } from './read-snmp.js';
import { parseOptions, type UnreadableSink } from './read-util.js';
import type { Position } from './source-lines.js';
import { child, decodeXmlBytes, parseXml, textAt, XmlSyntaxError, type XmlDocument, type XmlElement } from './xml.js';

export const protocolNamespace = 'http://www.skyline.be/protocol';

/** Sections protogen keeps in the model but does not run. */
const keptSections = new Set(['QActions', 'Triggers', 'Actions', 'Groups', 'Timers', 'SNMP', 'Mib', 'Display', 'Chains', 'Topologies', 'TreeControls', 'ParameterGroups', 'VersionHistory']);

/** Why a file is not protocol XML at all (there is no model to check). */
export interface ReadFailure {
  readonly code: 'PG0001' | 'PG0002';
  readonly at: Position;
  readonly message: string;
  readonly hint?: string;
}

export type ReadResult = { readonly model: ProtocolModel; readonly failure?: undefined } | { readonly model?: undefined; readonly failure: ReadFailure };

type ItemReader<T> = (element: XmlElement, unreadable: UnreadableSink) => T | undefined;

/** A section whose items are read one by one as they close: `Params` → `Param` → `readParam`. */
class ItemSection<T> {
  readonly items: T[] = [];
  readonly name: string;
  readonly #itemName: string;
  readonly #read: ItemReader<T>;
  /** Where an item is in the schema, for its strays (collected before its elements are dropped). */
  readonly #schema: SchemaNode | undefined;
  /** The first section of that name has closed: the items of any later one stay in the tree. */
  #closed = false;

  constructor(name: string, itemName: string, read: ItemReader<T>) {
    this.name = name;
    this.#itemName = itemName;
    this.#read = read;
    this.#schema = schemaChild(schemaChild(schemaRoot, name), itemName);
  }

  /** Reads `element`, a child of a section of this name, when it is an item of the first; true when it did. */
  take(element: XmlElement, unreadable: UnreadableSink, strays: Stray[]): boolean {
    if (this.#closed || element.name !== this.#itemName) return false;
    const item = this.#read(element, unreadable);
    if (item !== undefined) this.items.push(item);
    if (this.#schema) collectStrays(element, this.#schema, strays);
    return true;
  }

  /** Told when a section of this name closes. */
  close(): void {
    this.#closed = true;
  }
}

export function readProtocol(file: string, bytes: Uint8Array): ReadResult {
  const unreadable: UnreadableSink = [];
  const params = new ItemSection('Params', 'Param', readParam);
  const commands = new ItemSection('Commands', 'Command', readCommand);
  const responses = new ItemSection('Responses', 'Response', readResponse);
  const pairs = new ItemSection('Pairs', 'Pair', readPair);
  const sections = new Map<string, ItemSection<unknown>>([params, commands, responses, pairs].map((section) => [section.name, section]));
  const strays: Stray[] = [];
  let document: XmlDocument;
  try {
    document = parseXml(decodeXmlBytes(bytes), (element, parent, depth, root) => {
      if (depth === 1) sections.get(element.name)?.close();
      return depth === 2 && root.name === 'Protocol' && sections.get(parent.name)?.take(element, unreadable, strays) === true;
    });
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    return { failure: { code: 'PG0001', at: error, message: `not well-formed XML: ${error.message}` } };
  }
  const root = document.root;
  if (root.name !== 'Protocol') {
    return { failure: { code: 'PG0002', at: document.lines.position(root.at), message: `the root element is <${root.name}>, not <Protocol>`, hint: 'is this a DataMiner protocol file?' } };
  }
  collectStrays(root, schemaRoot, strays);
  const nameElement = child(root, 'Name');
  const model: ProtocolModel = {
    at: root.at,
    file,
    lines: document.lines,
    nameAt: (nameElement ?? root).at,
    name: textAt(root, 'Name'),
    version: textAt(root, 'Version') ?? '',
    description: textAt(root, 'Description'),
    connections: readConnections(root, unreadable),
    params: params.items,
    commands: commands.items,
    responses: responses.items,
    pairs: pairs.items,
    sessions: readSessions(root, unreadable),
    sessionGroups: readSessionGroups(root, unreadable),
    polling: readPolling(root, unreadable),
    kept: root.children.filter((element) => keptSections.has(element.name)).map(keptSection),
    doctype: document.doctype,
    unicode: parseOptions(child(root, 'Type')?.attributes['options']).has('unicode'),
    ...readOidPrefix(root),
    namespace: root.attributes['xmlns'],
    overriddenType: child(root, 'Connections') ? child(root, 'Type')?.at : undefined,
    unreadable,
    strays,
  };
  return { model };
}

function keptSection(section: XmlElement): KeptSection {
  return {
    name: section.name,
    at: section.at,
    items: section.children.map((item) => ({ name: item.name, at: item.at, id: item.attributes['id'], type: textAt(item, 'Type') })),
  };
}


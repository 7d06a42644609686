/**
 * Protocol XML bytes → ProtocolModel. The only place that knows the file's quirks: one or two BOMs,
 * UTF-16, no `<?xml?>` declaration, the Skyline namespace or none, comments, CDATA.
 */
import { DiagnosticBag } from './diagnostics.js';
import type { ProtocolModel } from './model.js';
import { readConnections } from './read-connections.js';
import { readCommands, readPairs, readResponses } from './read-frames.js';
import { readParams } from './read-params.js';
import { readSessions } from './read-sessions.js';
import { child, decodeXmlBytes, parseXml, textAt, XmlSyntaxError, type XmlDocument, type XmlElement } from './xml.js';

export const protocolNamespace = 'http://www.skyline.be/protocol';

/** Sections protogen keeps in the model but does not run. */
const keptSections = new Set(['QActions', 'Triggers', 'Actions', 'Groups', 'Timers', 'SNMP', 'Mib', 'Display', 'Chains', 'Topologies', 'TreeControls', 'ParameterGroups', 'VersionHistory']);

export interface ReadResult {
  readonly model: ProtocolModel | undefined;
  readonly diagnostics: DiagnosticBag;
}

export function readProtocol(file: string, bytes: Uint8Array): ReadResult {
  const bag = new DiagnosticBag(file);
  const document = parseDocument(bytes, bag);
  if (!document) return { model: undefined, diagnostics: bag };
  const { root } = document;
  if (document.doctype) bag.report('PG0003', document.doctype, 'DOCTYPE ignored: protogen never expands entities');
  if (root.name !== 'Protocol') {
    bag.report('PG0002', root, `the root element is <${root.name}>, not <Protocol>`, 'is this a DataMiner protocol file?');
    return { model: undefined, diagnostics: bag };
  }
  const namespace = root.attributes['xmlns'];
  if (namespace !== undefined && namespace !== protocolNamespace) {
    bag.report('PG0004', root, `unexpected namespace "${namespace}"`, `protocol files use ${protocolNamespace} or none`);
  }
  const name = textAt(root, 'Name');
  if (name === undefined) bag.report('PG0005', root, 'the protocol has no <Name>; the file name is used instead');
  const model: ProtocolModel = {
    at: root,
    file,
    nameAt: child(root, 'Name') ?? root,
    name,
    version: textAt(root, 'Version') ?? '',
    description: textAt(root, 'Description'),
    connections: readConnections(root, bag),
    params: readParams(root, bag),
    commands: readCommands(root, bag),
    responses: readResponses(root, bag),
    pairs: readPairs(root, bag),
    sessions: readSessions(root, bag),
    kept: root.children.filter((element: XmlElement) => keptSections.has(element.name)),
  };
  return { model, diagnostics: bag };
}

function parseDocument(bytes: Uint8Array, bag: DiagnosticBag): XmlDocument | undefined {
  try {
    return parseXml(decodeXmlBytes(bytes));
  } catch (error) {
    if (!(error instanceof XmlSyntaxError)) throw error;
    bag.report('PG0001', error, `not well-formed XML: ${error.message}`);
    return undefined;
  }
}

/**
 * Finds what the DataMiner schema does not know (schema.ts) in a subtree, as facts for the check stage:
 *
 *   <Pair id="1"><Content><Reponse>3</Reponse></Content></Pair>   → element `Reponse` in Protocol/Pairs/Pair/Content
 *   <Command id="1"><WebSocketMessageType>txt</…>                 → value `txt` of …/Command/WebSocketMessageType
 *
 * The reader runs it on each item as it is read (before the item's elements are dropped) and on the
 * rest of the tree at the end. It descends only along the paths schema.ts lists, so its recursion is
 * as deep as the deepest of them (a few levels), whatever the nesting of the file.
 */
import type { Stray } from './model.js';
import { schemaChild, type SchemaNode } from './schema.js';
import type { XmlElement } from './xml.js';

export function collectStrays(element: XmlElement, node: SchemaNode, into: Stray[]): void {
  const allowed = node.values;
  if (allowed && element.children.length === 0) {
    const text = element.text.trim();
    if (text !== '' && !allowed.includes(text)) into.push({ kind: 'value', path: node.path, text, at: element.at });
  }
  for (const child of element.children) {
    let next = node.steps.get(child.name);
    if (next === undefined) {
      if (node.known) {
        into.push({ kind: 'element', path: node.path, text: child.name, at: child.at });
        continue;
      }
      next = schemaChild(node, child.name);
    }
    if (next) collectStrays(child, next, into);
  }
}

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
import { childElements, childPath, enumerations } from './schema.js';
import type { XmlElement } from './xml.js';

export function collectStrays(element: XmlElement, path: string, into: Stray[]): void {
  const allowed = enumerations.get(path);
  const text = element.children.length === 0 ? element.text.trim() : '';
  if (allowed && text !== '' && !allowed.includes(text)) into.push({ kind: 'value', path, text, at: element.at });
  const known = childElements.get(path);
  for (const child of element.children) {
    if (known && !known.includes(child.name)) {
      into.push({ kind: 'element', path, text: child.name, at: child.at });
      continue;
    }
    const next = childPath(path, child.name);
    if (next !== undefined) collectStrays(child, next, into);
  }
}

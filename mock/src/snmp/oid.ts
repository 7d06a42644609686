/** OIDs as the agent orders them: arrays of arcs, compared arc by arc (a prefix sorts first). */

export type Oid = readonly number[];

/** `1.3.6.1.2.1.1.5.0` (a leading dot allowed) → arcs; undefined for anything else. */
export function parseOid(text: string): number[] | undefined {
  const body = text.startsWith('.') ? text.slice(1) : text;
  if (!/^\d+(\.\d+)*$/.test(body)) return undefined;
  const arcs = body.split('.').map(Number);
  return arcs.every((arc) => arc <= 0xffffffff) ? arcs : undefined;
}

export function compareOids(a: Oid, b: Oid): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index += 1) {
    const difference = (a[index] ?? 0) - (b[index] ?? 0);
    if (difference !== 0) return difference;
  }
  return a.length - b.length;
}

/** Whether `oid` is `prefix` or lies under it. */
export function startsWith(oid: Oid, prefix: Oid): boolean {
  return prefix.length <= oid.length && prefix.every((arc, index) => oid[index] === arc);
}

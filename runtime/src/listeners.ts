/**
 * Copy-on-write listener lists, for the event emitter and the param store: adding or removing builds a
 * new array, so a list being iterated by an emit is never changed under it and emitting never copies.
 */

/** `list` with `listener` added at the end. */
export function withListener<T>(list: readonly T[] | undefined, listener: T): readonly T[] {
  return list === undefined ? [listener] : [...list, listener];
}

/**
 * `list` without the latest registration of `listener`: the same list when it is not there, undefined
 * when nothing is left.
 */
export function withoutListener<T>(list: readonly T[], listener: T): readonly T[] | undefined {
  const index = list.lastIndexOf(listener);
  if (index === -1) return list;
  if (list.length === 1) return undefined;
  return [...list.slice(0, index), ...list.slice(index + 1)];
}

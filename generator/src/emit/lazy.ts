/**
 * A view's long lists, made as the template reaches them. A view of 20 000 params made up front
 * lives until its last member is rendered, so the garbage collector copies all of it, and promotes it
 * to the old generation, on the way; made one item at a time, each item's view dies young, as soon as
 * its text is made. A template's view declares such a list as an `Iterable`; `{{#each}}` takes both.
 *
 *   params: lazily(plan.valueParams, (param) => ({ key: param.key, … }))  →  {{#each params}} … {{/each}}
 */
export function lazily<T, V>(items: readonly T[], view: (item: T) => V): Iterable<V> {
  return {
    *[Symbol.iterator]() {
      for (const item of items) yield view(item);
    },
  };
}

/** The item type of a view's list: `ItemOf<DriverView['methods']>`. */
export type ItemOf<List> = List extends Iterable<infer Item> ? Item : never;

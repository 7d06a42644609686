/**
 * What is derived from a protocol spec alone (lookup maps, plans) is built once per spec and shared by
 * every driver of it: a thousand drivers of one protocol need not carry a thousand copies.
 *
 *   const lookupsOf = perSpec((spec: ProtocolSpec) => new Map(spec.params.map((p) => [p.id, p.key])));
 *   lookupsOf(spec) === lookupsOf(spec)   // built on the first call
 */
export function perSpec<S extends object, T>(build: (spec: S) => T): (spec: S) => T {
  const built = new WeakMap<S, T>();
  return (spec) => {
    if (built.has(spec)) return built.get(spec) as T;
    const value = build(spec);
    built.set(spec, value);
    return value;
  };
}

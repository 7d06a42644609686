/**
 * A key in the form V8 keeps property names in: internalized (one shared copy per content). Strings
 * JSON.parse makes are not when longer than ten characters, which is how a generated driver's spec
 * gets its param keys, and a keyed access `values[key]` with such a key takes V8's slow megamorphic
 * path on every call, even at a site that only ever sees one key. The hot paths (the matcher's
 * values, the command bytes' value reads) keep their keys in this form.
 *
 *   propertyKey(JSON.parse('"outputNumber"'))   // 'outputNumber', internalized
 */
export function propertyKey(key: string): string {
  // An object's property names are internalized; reading one back gives that copy.
  return Object.keys({ [key]: true })[0] ?? key;
}

// Every template takes a typed view (declared at the top of its .hbs, turned into templates.compiled.d.ts):
// an emitter that passes the wrong view does not compile. `npm run typecheck` checks this file, so each
// expected error below must really be one, or the typecheck fails (TS2578, unused directive).
import { describe, expect, it } from 'vitest';
import { lazily } from '../../generator/src/emit/lazy.js';
import { render } from '../../generator/src/emit/render.js';

/** Never called: it exists to be type-checked. */
export function wrongViews(): string[] {
  return [
    // @ts-expect-error usesCallOptions and usesBadCommand are missing
    render.banner({ banner: ['x'] }),
    // @ts-expect-error pairId is a number
    render.driver({ className: 'A', paramsName: 'B', connectionName: 'C', protocolName: 'd', docLines: [], methods: [{ name: 'm', docLines: [], parameters: '', valuesArgument: 'undefined', pairId: '1', returns: 'void' }] }),
    // @ts-expect-error a view of another template
    render.params({ types: [] }),
  ];
}

describe('template views', () => {
  it('a view that fits renders the template', () => {
    const text = render.results({ types: [{ name: 'PingResult', type: '{ readonly pong: string }', docLines: ['What `ping` resolves with.'] }] });
    expect(text).toBe('\n/** What `ping` resolves with. */\nexport type PingResult = { readonly pong: string };\n');
  });

  it('a lazy list is made as it is rendered, each item once, in order', () => {
    const made: string[] = [];
    const types = lazily(['PingResult', 'PongResult'], (name) => {
      made.push(name);
      return { name, type: 'string', docLines: [`${name}.`] };
    });
    expect(made).toEqual([]);
    expect(render.results({ types })).toBe('\n/** PingResult. */\nexport type PingResult = string;\n\n/** PongResult. */\nexport type PongResult = string;\n');
    expect(made).toEqual(['PingResult', 'PongResult']);
  });

  it('a template reading a field its view lacks throws (strict mode), it never prints an empty value', () => {
    const view = { types: [{ name: 'PingResult', docLines: [] }] } as unknown as Parameters<typeof render.results>[0];
    expect(() => render.results(view)).toThrow(/"type" not defined/);
  });
});

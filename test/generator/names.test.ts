// Naming rules of the README: camelCase members, PascalCase types, kebab-case files, and the
// deterministic repair of empty, digit-first, reserved, runtime-member and colliding names.
import { describe, expect, it } from 'vitest';
import { camelCase, driverMembers, kebabCase, NameScope, pascalCase } from '../../generator/src/names.js';
import { generate } from '@protogen-dm/generator';
import { Driver } from '@protogen-dm/runtime';

describe('names', () => {
  it('converts the contract examples', () => {
    expect(camelCase('Instance 1')).toBe('instance1');
    expect(camelCase('WebsocketStatus')).toBe('websocketStatus');
    expect(camelCase('HTTP Connection')).toBe('httpConnection');
    expect(camelCase('HTTPServer Status')).toBe('httpServerStatus');
    expect(pascalCase('WebSocket Demo')).toBe('WebSocketDemo');
    expect(kebabCase('WebSocket Demo')).toBe('websocket-demo');
    expect(camelCase('Température (°C)')).toBe('temperatureC');
    expect(camelCase('🚀 launch-now!')).toBe('launchNow');
  });

  it('repairs empty, digit-first, reserved and colliding names, lowest id first', () => {
    const scope = new NameScope(driverMembers);
    const names = scope.assign(
      [
        { id: 12, name: 'Status' },
        { id: 3, name: 'status' },
        { id: 4, name: '' },
        { id: 5, name: '2nd Value' },
        { id: 6, name: 'delete' },
        { id: 7, name: 'Connect' },
        { id: 8, name: 'status_12' }, // underscores separate words: status12, no clash with a repair
      ],
      'pair',
      'camel',
    );
    expect(Object.fromEntries(names)).toEqual({
      3: 'status',
      4: 'pair4',
      5: 'pair2ndValue',
      6: 'delete_6',
      7: 'connect_7',
      8: 'status12',
      12: 'status_12',
    });
  });

  it('lists names in the items order, the lowest id keeping a contested name whatever the order', () => {
    const items = [
      { id: 9, name: 'Gain' },
      { id: 2, name: 'gain' },
      { id: 5, name: 'Level' },
    ];
    expect(new NameScope().list(items, 'param', 'camel')).toEqual(['gain_9', 'gain', 'level']);
    expect(new NameScope().list([...items].sort((a, b) => a.id - b.id), 'param', 'camel')).toEqual(['gain', 'level', 'gain_9']);
  });

  it('reserves every member of the runtime Driver class', () => {
    const members = Object.getOwnPropertyNames(Driver.prototype).filter((name) => name !== 'constructor');
    expect(members.length).toBeGreaterThan(0);
    for (const member of [...members, 'params']) expect(driverMembers.has(member), member).toBe(true);
  });

  it('names a write param that shares its Name with a read param <name>Set', () => {
    const param = (id: number, name: string, role: string): string =>
      `<Param id="${id}"><Name>${name}</Name><Type>${role}</Type><Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType></Interprete></Param>`;
    const xml = `<Protocol><Name>Pairing</Name><Params>${param(10, 'Gain', 'read')}${param(110, 'Gain', 'write')}${param(11, 'Mute', 'write')}${param(12, 'Mute', 'write')}</Params></Protocol>`;
    const contents = generate([{ file: 'pairing.xml', contents: xml }]).files[0]?.contents ?? '';
    expect(contents).toMatch(/^ {2}gain: number;$/m);
    expect(contents).toMatch(/^ {2}gainSet: number;$/m);
    // Two write params of one Name are not a read/write pair: the usual repair applies.
    expect(contents).toMatch(/^ {2}mute: number;$/m);
    expect(contents).toMatch(/^ {2}mute_12: number;$/m);
  });

  it('asking for a name that was never assigned throws: a naming bug never emits an empty identifier', () => {
    const names = new NameScope().assign([{ id: 1, name: 'Gain' }], 'param', 'camel');
    expect(names.of(1)).toBe('gain');
    expect(() => names.of(2)).toThrow('protogen bug: param 2 was never named');
  });
});

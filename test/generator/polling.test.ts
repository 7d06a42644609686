// Reading and checking Timers, Groups, Triggers and Actions: the Condition parser's trees and errors,
// a missing id and a Condition that does not parse as errors at line:col (nothing written), and the
// polling plan of a sample in its generated spec.
import { describe, expect, it } from 'vitest';
import { parseCondition } from '../../generator/src/condition.js';
import { polledSensorProtocol } from '../../generated/polled-sensor.js';
import { diagnostics, listFiles, put, protocolXml, run, TempDirs } from './helpers.js';

const temp = new TempDirs();

describe('Condition parser', () => {
  it('parses operands and operators with DataMiner precedence (OR < AND < comparisons < bitwise < + - < * /)', () => {
    expect(parseCondition('id:12 == 1 AND id:13 != empty OR "x" == emptystring')).toEqual({
      ok: true,
      tree: {
        op: 'OR',
        left: {
          op: 'AND',
          left: { op: '==', left: { op: 'param', id: 12 }, right: { op: 'number', value: 1 } },
          right: { op: '!=', left: { op: 'param', id: 13 }, right: { op: 'empty' } },
        },
        right: { op: '==', left: { op: 'string', value: 'x' }, right: { op: 'emptystring' } },
      },
    });
    expect(parseCondition('(id:1 & 4) >= 2 * 1.5 - -1')).toEqual({
      ok: true,
      tree: {
        op: '>=',
        left: { op: '&', left: { op: 'param', id: 1 }, right: { op: 'number', value: 4 } },
        right: { op: '-', left: { op: '*', left: { op: 'number', value: 2 }, right: { op: 'number', value: 1.5 } }, right: { op: 'number', value: -1 } },
      },
    });
    expect(parseCondition('id:1 and id:2')).toMatchObject({ ok: true, tree: { op: 'AND' } });
  });

  it('says why a condition does not parse', () => {
    expect(parseCondition('id:1 ==')).toEqual({ ok: false, error: 'it ends where a value was expected' });
    expect(parseCondition('id:1 == 1 XOR 2')).toEqual({ ok: false, error: '"XOR" at character 11 is not a value or an operator' });
    expect(parseCondition('(id:1 == 1')).toEqual({ ok: false, error: 'a "(" at character 1 is not closed' });
    expect(parseCondition('id:1 2')).toEqual({ ok: false, error: 'unexpected a value at character 6' });
    expect(parseCondition('('.repeat(200) + '1' + ')'.repeat(200))).toEqual({ ok: false, error: 'parentheses nest deeper than 100' });
  });
});

describe('checks', () => {
  it('a timer naming a missing group and a Condition that does not parse are errors at line:col; nothing is written', async () => {
    const cwd = temp.make();
    const polling = [
      '<Groups><Group id="1"><Name>Ask</Name><Condition>id:1 ==</Condition><Content><Pair>1</Pair></Content></Group></Groups>',
      '<Timers><Timer id="1"><Time>1000</Time><Content><Group>1</Group><Group>7</Group></Content></Timer></Timers>',
    ].join('\n');
    put(cwd, 'echo.xml', protocolXml().replace('</Protocol>', `${polling}\n</Protocol>`));
    const result = await run(['echo.xml', '--out', 'out'], { cwd });
    expect(result.code).toBe(1);
    expect(diagnostics(result.stderr).map(({ line, column, code, message }) => `${line}:${column} ${code} ${message}`)).toEqual([
      '26:39 PG0061 Group 1 Condition "id:1 ==" does not parse: it ends where a value was expected',
      '27:65 PG0060 Timer 1 names group 7, which does not exist',
    ]);
    expect(listFiles(cwd)).not.toContain('out');
  });
});

describe('the plan in the spec', () => {
  it('holds the sample\'s timers, groups with their condition and Pair@next, triggers and actions', () => {
    const polling = polledSensorProtocol.polling;
    expect(polling?.timers.map((timer) => [timer.name, timer.time, timer.interval, timer.groups])).toEqual([
      ['Fast', 1000, 10, [2]],
      ['Slow', 5000, 100, [3]],
    ]);
    expect(polling?.groups.map((group) => group.key)).toEqual(['subscribe', 'statusPoll', 'faultCheck', 'setMode', 'modeGet']);
    expect(polling?.groups[1]?.items).toEqual([{ kind: 'pair', id: 2, next: 50 }, { kind: 'pair', id: 3 }]);
    expect(polling?.groups[2]?.condition).toEqual({ op: '==', left: { op: 'param', id: 10 }, right: { op: 'string', value: 'fault' } });
    expect(polling?.triggers.map((trigger) => trigger.event)).toEqual(['protocol after startup', 'response after']);
    expect(polling?.actions.map((action) => action.type)).toEqual(['execute next', 'execute next']);
  });
});

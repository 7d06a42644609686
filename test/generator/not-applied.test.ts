// Settings that change behaviour the runtime does not reproduce are warnings (PG0045), not silence.
import { describe, expect, it } from 'vitest';
import { generate } from '@protogen-dm/generator';

const xml = `<Protocol><Name>Not Applied</Name>
  <Connections><Connection id="0" name="Main"><Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http></Connection></Connections>
  <Params>
    <Param id="1"><Name>Level</Name><Type>read</Type>
      <Interprete><RawType>numeric text</RawType><Type>double</Type><LengthType>next param</LengthType>
        <Scale lowData="0" highData="100" low="0" high="10"/>
      </Interprete></Param>
    <Param id="2"><Name>Tag</Name><Type>fixed</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Value>L:</Value></Interprete></Param>
  </Params>
  <Responses><Response id="1"><Name>Level</Name><Content optional="0+"><Param>2</Param><Param>1</Param></Content></Response></Responses>
</Protocol>`;

describe('settings not applied', () => {
  it('Interprete/Scale and Content@optional are PG0045 warnings at their element and attribute', () => {
    const result = generate([{ file: 'not-applied.xml', contents: xml }]);
    expect(result.ok).toBe(true);
    const warnings = result.diagnostics.filter((diagnostic) => diagnostic.code === 'PG0045');
    expect(warnings.map(({ severity, line, column }) => ({ severity, line, column }))).toEqual([
      { severity: 'warning', line: 6, column: 9 },
      { severity: 'warning', line: 10, column: 58 },
    ]);
    expect(warnings[0]?.message).toContain('Interprete/Scale is not applied');
    expect(warnings[1]?.message).toContain('Content@optional is not applied');
  });
});

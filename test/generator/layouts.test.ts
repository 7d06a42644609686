// A response the matcher could never match is a generation-time error, found with the codec's rules.
import { describe, expect, it } from 'vitest';
import { generate } from '@protogen-dm/generator';

const protocol = (responseContent: string): string => `<Protocol><Name>Layouts</Name>
  <Connections><Connection id="0" name="Main"><Http><CommunicationOptions><WebSocket>true</WebSocket></CommunicationOptions></Http></Connection></Connections>
  <Params>
    <Param id="1"><Name>First</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="2"><Name>Second</Name><Type>read</Type><Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="3"><Name>Comma</Name><Type>fixed</Type><Interprete><RawType>other</RawType><LengthType>fixed</LengthType><Value>,</Value></Interprete></Param>
  </Params>
  <Responses>
    <Response id="7"><Name>Reply</Name><Content>${responseContent}</Content></Response>
  </Responses>
</Protocol>`;

describe('response layouts', () => {
  it('two variable fields with no constant between them: PG0040 at the response', () => {
    const result = generate([{ file: 'layouts.xml', contents: protocol('<Param>1</Param><Param>2</Param>') }]);
    expect(result.ok).toBe(false);
    const errors = result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error');
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ code: 'PG0040', line: 9, column: 5 });
    expect(errors[0]?.message).toContain('could never match');
  });

  it('the same fields split by a fixed delimiter generate', () => {
    const result = generate([{ file: 'layouts.xml', contents: protocol('<Param>1</Param><Param>3</Param><Param>2</Param>') }]);
    expect(result.diagnostics.filter((diagnostic) => diagnostic.severity === 'error')).toEqual([]);
    expect(result.ok).toBe(true);
  });
});

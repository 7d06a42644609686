/**
 * Hostile text for the injection tests: payloads aimed at every way out of a comment, a string, a
 * template literal, JSON and the templates, and a protocol that puts one payload in every text slot.
 * Shared by test/hardening/injection.test.ts and the one type-check run (test/typecheck.test.ts).
 */

/** Payloads aimed at each way out of a comment, a string literal, a template literal, JSON and the templates. */
export const payloads: readonly string[] = [
  "'); globalThis.__pwned = 1; ('",
  '"); globalThis.__pwned = 1; ("',
  '*/ globalThis.__pwned = 1; /*',
  '*/globalThis.__pwned=1/*',
  '**/ globalThis.__pwned = 1; /**',
  '${globalThis.__pwned = 1}',
  '` + (globalThis.__pwned = 1) + `',
  '`; globalThis.__pwned = 1; `',
  '\\`${globalThis.__pwned = 1}\\`',
  "\\'; globalThis.__pwned = 1; //",
  "\\\\'; globalThis.__pwned = 1; //",
  '\\u0027); globalThis.__pwned = 1; (\\u0027',
  '"}]}`); globalThis.__pwned = 1; ({"a":[{"b":"',
  '\\"}]}`); globalThis.__pwned = 1; //',
  'line\n globalThis.__pwned = 1; //',
  'cr\r globalThis.__pwned = 1; //',
  'crlf\r\n*/ globalThis.__pwned = 1; /*',
  'ls\u2028 globalThis.__pwned = 1; //',
  'ps\u2029 globalThis.__pwned = 1; //',
  'rlo\u202e globalThis.__pwned = 1; // \u202c',
  'isolate\u2066 globalThis.__pwned = 1; \u2069',
  'bom\ufeff globalThis.__pwned = 1',
  'nel\u0085 globalThis.__pwned = 1',
  'tab\t globalThis.__pwned = 1;\t//',
  '🎉 globalThis.__pwned = 1 🚀 👨‍👩‍👧',
  '</script><script>globalThis.__pwned = 1</script>',
  '<!-- globalThis.__pwned = 1 -->',
  '@ts-ignore @type {any} globalThis.__pwned = 1',
  '{{str x}} {{{raw}}} {{> partial}} {{#each x}}',
  '__proto__',
  'constructor',
  'then',
  '\\',
  '`',
  '${',
];

/** Payloads as XML text: markup characters and the three whitespace controls as references. */
export const xmlText = (text: string): string =>
  text.replace(/[&<>"\t\n\r]/g, (char) => (char === '&' ? '&amp;' : char === '<' ? '&lt;' : char === '>' ? '&gt;' : `&#${char.charCodeAt(0)};`));

/**
 * A protocol whose module-level names are fixed (`Payload<i>Driver`, `payload<i>Protocol`, `Mode`) and
 * whose every other text slot holds the payload: descriptions, version, connection name, param, pair,
 * command and response names, units, discrete display and value, exception, default, header constant
 * and handshake session name. (A header key must be an HTTP token: anything else is PG0036.)
 */
export function payloadProtocol(index: number, payload: string): string {
  const p = xmlText(payload);
  return `<?xml version="1.0" encoding="utf-8"?>
<Protocol xmlns="http://www.skyline.be/protocol">
  <Name>Payload ${index}</Name>
  <Description>${p}</Description>
  <Version>${p}</Version>
  <Connections>
    <Connection id="0" name="${p}"><Http><CommunicationOptions>
      <WebSocket>true</WebSocket><WebSocketHandshake>1</WebSocketHandshake>
    </CommunicationOptions></Http></Connection>
  </Connections>
  <Params>
    <Param id="1"><Name>Mode</Name><Description>${p}</Description><Type>read</Type>
      <Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType><DefaultValue>${p}</DefaultValue>
        <Exceptions><Exception id="1" value="${p}x"><Display>${p} exception</Display><Value>${p}x</Value></Exception></Exceptions></Interprete>
      <Display><Units>${p}</Units></Display>
      <Measurement><Type>discreet</Type><Discreets>
        <Discreet><Display>${p}</Display><Value>${p}</Value></Discreet>
        <Discreet><Display>Plain</Display><Value>plain</Value></Discreet>
      </Discreets></Measurement></Param>
    <Param id="2"><Name>${p}</Name><Description>${p}</Description><Type>write</Type>
      <Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="3"><Name>Token</Name><Type>read</Type>
      <Interprete><RawType>other</RawType><Type>string</Type><LengthType>next param</LengthType></Interprete></Param>
    <Param id="10"><Name>Prefix</Name><Type>header</Type>
      <Interprete><RawType>other</RawType><Type>string</Type><LengthType>fixed</LengthType><Value>${p}|</Value></Interprete></Param>
  </Params>
  <Commands>
    <Command id="1"><Name>${p}</Name><Description>${p}</Description><WebSocketMessageType>text</WebSocketMessageType>
      <Content><Param>10</Param><Param>2</Param></Content></Command>
  </Commands>
  <Responses>
    <Response id="1"><Name>${p}</Name><Description>${p}</Description><Content><Param>10</Param><Param>1</Param></Content></Response>
  </Responses>
  <Pairs>
    <Pair id="1"><Name>${p}</Name><Description>${p}</Description><Content><Command>1</Command><Response>1</Response></Content></Pair>
  </Pairs>
  <HTTP>
    <Session id="1" name="${p}"><Connection id="1"><Request verb="GET"><Headers><Header key="x-token" pid="3"/></Headers></Request></Connection></Session>
  </HTTP>
</Protocol>
`;
}

/** The XML file name the hostile-names fixture is generated under: hostile in every way a path can be. */
export const hostileFileName = `dir/evil\n*\u2028 globalThis.__pwned = 1; \${globalThis.__pwned = 1}\`'".xml`;

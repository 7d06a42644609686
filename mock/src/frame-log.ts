/**
 * One log line per frame: `[conn 0] <- text 13 B {"op":"ping"}`. Text frames are shown as text with
 * control characters escaped (a CR LF trailer stays visible); binary frames as hex bytes. Long frames
 * are cut so a line stays readable.
 */

const MAX_TEXT_CHARS = 120;
const MAX_HEX_BYTES = 48;

/** `in` = the client sent it, `out` = the mock sent it. */
export type Direction = 'in' | 'out';

/** The log line of one frame; `note` (optional) is appended in parentheses. */
export function frameLine(connection: number, direction: Direction, text: boolean, bytes: Uint8Array, note?: string): string {
  const arrow = direction === 'in' ? '<-' : '->';
  const preview = text ? textPreview(bytes) : hexPreview(bytes);
  const suffix = note === undefined ? '' : ` (${note})`;
  return `[conn ${connection}] ${arrow} ${text ? 'text' : 'binary'} ${bytes.length} B ${preview}${suffix}`;
}

function textPreview(bytes: Uint8Array): string {
  const text = new TextDecoder().decode(bytes);
  const shown = text.length > MAX_TEXT_CHARS ? `${text.slice(0, MAX_TEXT_CHARS)}…` : text;
  // Escape controls (and the backslash itself) so one frame is always one line.
  return shown.replace(/[\\\u0000-\u001f\u007f]/g, escapeChar);
}

function escapeChar(char: string): string {
  switch (char) {
    case '\\':
      return '\\\\';
    case '\r':
      return '\\r';
    case '\n':
      return '\\n';
    case '\t':
      return '\\t';
    default:
      return `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`;
  }
}

function hexPreview(bytes: Uint8Array): string {
  const shown = bytes.subarray(0, MAX_HEX_BYTES);
  const hex = Array.from(shown, (byte) => byte.toString(16).padStart(2, '0')).join(' ');
  return bytes.length > MAX_HEX_BYTES ? `${hex} …` : hex;
}

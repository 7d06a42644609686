/** The codec's public types; see index.ts. */

/** Decoded values of one frame, keyed by `ParamSpec.key`: one entry per data param that carried a value. */
export type Values = Record<string, string | number>;

/** Builds and matches one command or response. */
export interface FrameCodec {
  /**
   * The exact bytes of the frame for these values (keyed by `ParamSpec.key`; missing keys take the
   * param's default value). `checkValues` also refuses values outside Range or the Discreets.
   * @throws RangeError when a value cannot be encoded faithfully; the message names the frame and the param.
   */
  build(values: Readonly<Record<string, unknown>>, checkValues?: boolean): Uint8Array;
  /**
   * The frame's values, or undefined when the bytes do not fit the frame. Never throws. The frame is
   * `bytes[start, end)` (default: all of them), so a framer matches in place, without a view per frame.
   */
  match(bytes: Uint8Array, start?: number, end?: number): Values | undefined;
  /**
   * For byte streams: the length of the complete frame at the start of `bytes`, 0 when more bytes
   * are needed, −1 when the layout cannot tell, −2 when the bytes do not start with its header (see
   * measure.ts). Never throws.
   */
  measure(bytes: Uint8Array): number;
}

/** Frame codecs of every command and response of a protocol. */
export interface Codec {
  /** @throws Error when the protocol has no command with this id. */
  command(id: number): FrameCodec;
  /** @throws Error when the protocol has no response with this id. */
  response(id: number): FrameCodec;
}

/**
 * Whether the bytes after the image (`trailerBytes` of them) end with an AFCP record ("AXS File
 * Concatenation Protocol": the last 12 bytes start `AXS!` or `AXS*` and hold the trailer's absolute
 * start offset, as ExifTool reads it). Its offsets are absolute, so anything inserted before the
 * trailer shifts what they point at.
 */
export function hasAfcpTrailer(bytes: Uint8Array, trailerBytes: number): boolean {
  if (trailerBytes < 12) return false;
  const at = bytes.length - 12;
  return (
    bytes[at] === 0x41 &&
    bytes[at + 1] === 0x58 &&
    bytes[at + 2] === 0x53 &&
    (bytes[at + 3] === 0x21 || bytes[at + 3] === 0x2a)
  );
}

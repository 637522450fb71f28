/**
 * Reads a ZIP archive the way an unzip tool does, for tests: the end record, the
 * central directory, each local header, then inflates and checks each file's CRC-32
 * and size. Independent of lib/export/zip.ts (it follows the format, not the writer):
 * an offset, size or checksum the writer got wrong fails here.
 */
import { crc32, inflateRawSync } from 'node:zlib';

export function unzip(archive: Buffer): Record<string, string> {
  const endAt = archive.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (endAt < 0) throw new Error('no end of central directory record');
  const count = archive.readUInt16LE(endAt + 10);
  const dirSize = archive.readUInt32LE(endAt + 12);
  let at = archive.readUInt32LE(endAt + 16);
  if (at + dirSize !== endAt) throw new Error('central directory does not end where the end record starts');
  const files: Record<string, string> = {};
  for (let i = 0; i < count; i++) {
    if (archive.readUInt32LE(at) !== 0x02014b50) throw new Error(`bad central header ${i}`);
    const method = archive.readUInt16LE(at + 10);
    const crc = archive.readUInt32LE(at + 16);
    const packedSize = archive.readUInt32LE(at + 20);
    const size = archive.readUInt32LE(at + 24);
    const nameLen = archive.readUInt16LE(at + 28);
    const extraLen = archive.readUInt16LE(at + 30);
    const commentLen = archive.readUInt16LE(at + 32);
    const localAt = archive.readUInt32LE(at + 42);
    const name = archive.subarray(at + 46, at + 46 + nameLen).toString('utf8');
    if (archive.readUInt32LE(localAt) !== 0x04034b50) throw new Error(`bad local header for ${name}`);
    const dataAt = localAt + 30 + archive.readUInt16LE(localAt + 26) + archive.readUInt16LE(localAt + 28);
    const packed = archive.subarray(dataAt, dataAt + packedSize);
    const data = method === 8 ? inflateRawSync(packed) : packed;
    if (data.length !== size) throw new Error(`${name}: size ${data.length}, header says ${size}`);
    if ((crc32(data) >>> 0) !== crc) throw new Error(`${name}: CRC-32 mismatch`);
    files[name] = data.toString('utf8');
    at += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

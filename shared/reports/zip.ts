/**
 * Word and Excel files are zip files. The renderers read and write them here with Node's
 * own zlib, for two reasons: speed (the JavaScript deflaters, pako in JSZip and fflate in
 * docx, took 0.7 to 2.5 s on a 10,000-action document where zlib takes 0.15 s), and
 * repeatable bytes (every entry is stamped with the report's own time, not the time of
 * packing, so the same document gives the same file and a recompiled stage has the same hash).
 * Enough of the format for our own files: no zip64, no encryption, stored or deflated entries.
 */
import { crc32, deflateRawSync, inflateRawSync } from 'node:zlib';

const LOCAL = 0x04034b50;
const CENTRAL = 0x02014b50;
const END = 0x06054b50;
/** General-purpose flag bit 11: names are UTF-8. */
const UTF8 = 0x0800;

/** MS-DOS date and time words of a wall-clock time read through its UTC fields (2-second steps, years from 1980). */
function dosTime(wallClock: Date): { time: number; date: number } {
  return {
    time: (wallClock.getUTCHours() << 11) | (wallClock.getUTCMinutes() << 5) | (wallClock.getUTCSeconds() >> 1),
    date: (Math.max(0, wallClock.getUTCFullYear() - 1980) << 9) | ((wallClock.getUTCMonth() + 1) << 5) | wallClock.getUTCDate(),
  };
}

function endOfCentralDirectory(zip: Buffer): number {
  // 22 bytes, after a comment of at most 65,535 bytes.
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === END) return i;
  }
  throw new Error('not a zip file: no end of central directory');
}

interface CentralEntry {
  name: string;
  method: number;
  compressedSize: number;
  /** Offset of the entry's local header. */
  local: number;
  /** Offset of the entry's central directory record. */
  at: number;
}

function* centralDirectory(zip: Buffer): Generator<CentralEntry> {
  const end = endOfCentralDirectory(zip);
  const count = zip.readUInt16LE(end + 10);
  let at = zip.readUInt32LE(end + 16);
  for (let n = 0; n < count; n++) {
    if (zip.readUInt32LE(at) !== CENTRAL) throw new Error('not a zip file: bad central directory record');
    const nameLength = zip.readUInt16LE(at + 28);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== LOCAL) throw new Error('not a zip file: bad local header');
    yield {
      name: zip.toString('utf8', at + 46, at + 46 + nameLength),
      method: zip.readUInt16LE(at + 10),
      compressedSize: zip.readUInt32LE(at + 20),
      local,
      at,
    };
    at += 46 + nameLength + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
}

/** Every entry of a zip file by name, in the file's order, inflated. */
export function readZip(zip: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  for (const entry of centralDirectory(zip)) {
    const start = entry.local + 30 + zip.readUInt16LE(entry.local + 26) + zip.readUInt16LE(entry.local + 28);
    const data = zip.subarray(start, start + entry.compressedSize);
    if (entry.method === 0) files.set(entry.name, Buffer.from(data));
    else if (entry.method === 8) files.set(entry.name, inflateRawSync(data));
    else throw new Error(`zip entry ${entry.name}: compression method ${entry.method} not supported`);
  }
  return files;
}

/** A zip file of these entries, in this order, deflated, each stamped with `wallClock` (read through its UTC fields). */
export function writeZip(entries: Iterable<[string, Buffer | string]>, wallClock: Date): Buffer {
  const { time, date } = dosTime(wallClock);
  const chunks: Buffer[] = [];
  const central: Buffer[] = [];
  let offset = 0;
  let count = 0;
  for (const [name, content] of entries) {
    const data = typeof content === 'string' ? Buffer.from(content, 'utf8') : content;
    const packed = deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(LOCAL, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(UTF8, 6);
    local.writeUInt16LE(8, 8);
    local.writeUInt16LE(time, 10);
    local.writeUInt16LE(date, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const record = Buffer.alloc(46);
    record.writeUInt32LE(CENTRAL, 0);
    record.writeUInt16LE(20, 4);
    record.writeUInt16LE(20, 6);
    record.writeUInt16LE(UTF8, 8);
    record.writeUInt16LE(8, 10);
    record.writeUInt16LE(time, 12);
    record.writeUInt16LE(date, 14);
    record.writeUInt32LE(crc, 16);
    record.writeUInt32LE(packed.length, 20);
    record.writeUInt32LE(data.length, 24);
    record.writeUInt16LE(nameBytes.length, 28);
    record.writeUInt32LE(offset, 42);
    chunks.push(local, nameBytes, packed);
    central.push(record, nameBytes);
    offset += 30 + nameBytes.length + packed.length;
    count += 1;
  }
  const directory = Buffer.concat(central);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(END, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(directory.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...chunks, directory, end]);
}

/**
 * Sets the time stamp of every entry of a zip file, in place, in its central directory and
 * local headers (the CRCs do not cover them): for files another library zipped.
 */
export function pinZipTimes(zip: Buffer, wallClock: Date): Buffer {
  const { time, date } = dosTime(wallClock);
  for (const entry of centralDirectory(zip)) {
    zip.writeUInt16LE(time, entry.at + 12);
    zip.writeUInt16LE(date, entry.at + 14);
    zip.writeUInt16LE(time, entry.local + 10);
    zip.writeUInt16LE(date, entry.local + 12);
  }
  return zip;
}

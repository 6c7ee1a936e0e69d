/**
 * Word and Excel files are zip files, and the zip libraries stamp every entry with the time
 * of packing. Pinning those stamps to the report's own time makes the same document give
 * the same bytes, so a recompiled stage can be recognised by its hash.
 */

/** MS-DOS date and time words of a wall-clock time (2-second resolution, years from 1980). */
function dosTime(local: Date): { time: number; date: number } {
  return {
    time: (local.getUTCHours() << 11) | (local.getUTCMinutes() << 5) | (local.getUTCSeconds() >> 1),
    date: ((local.getUTCFullYear() - 1980) << 9) | ((local.getUTCMonth() + 1) << 5) | local.getUTCDate(),
  };
}

/**
 * Sets the modification time of every entry of a zip file, in place, in its central
 * directory and local headers (which the CRCs do not cover). `wallClock` is read through its
 * UTC fields. Throws on a buffer that is not a zip file.
 */
export function pinZipTimes(zip: Buffer, wallClock: Date): Buffer {
  const { time, date } = dosTime(wallClock);
  // End of central directory: 22 bytes plus a comment of at most 65,535 bytes.
  let eocd = -1;
  for (let i = zip.length - 22; i >= Math.max(0, zip.length - 22 - 0xffff); i--) {
    if (zip.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) throw new Error('not a zip file: no end of central directory');
  const entries = zip.readUInt16LE(eocd + 10);
  let at = zip.readUInt32LE(eocd + 16);
  for (let n = 0; n < entries; n++) {
    if (zip.readUInt32LE(at) !== 0x02014b50) throw new Error('not a zip file: bad central directory entry');
    zip.writeUInt16LE(time, at + 12);
    zip.writeUInt16LE(date, at + 14);
    const local = zip.readUInt32LE(at + 42);
    if (zip.readUInt32LE(local) !== 0x04034b50) throw new Error('not a zip file: bad local header');
    zip.writeUInt16LE(time, local + 10);
    zip.writeUInt16LE(date, local + 12);
    at += 46 + zip.readUInt16LE(at + 28) + zip.readUInt16LE(at + 30) + zip.readUInt16LE(at + 32);
  }
  return zip;
}

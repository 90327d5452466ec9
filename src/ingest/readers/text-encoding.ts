/**
 * Character encodings of text exports: which one a file uses (named by the user, declared by a byte-order mark,
 * sniffed from UTF-16's zero bytes, or detected as Windows-1252 when the bytes are not valid UTF-8), and a
 * chunk decoder that stops at the first undecodable byte instead of inventing characters.
 * @module
 */
import { isUtf8 } from 'node:buffer';
import { createReadStream } from 'node:fs';
import { open } from 'node:fs/promises';
import { createRequire } from 'node:module';
import type iconvLite from 'iconv-lite';
import { InputError } from '../../domain/errors.js';

let loadedIconv: typeof iconvLite | undefined;

/**
 * iconv-lite, loaded when an encoding only it knows is first named or read: the import's history part threads,
 * which read UTF-8 exports, start without it (its load was about 30-120 ms of a thread's start, measured).
 */
function iconv(): typeof iconvLite {
  return (loadedIconv ??= createRequire(import.meta.url)('iconv-lite') as typeof iconvLite);
}

/** How the encoding was chosen; error messages and the import summary say so. */
export type EncodingSource = 'named' | 'byte-order mark' | 'sniffed' | 'detected';

export interface EncodingChoice {
  /** Canonical name: `utf-8`, `utf-16le`, `utf-16be`, `windows-1252`, or an iconv-lite name. */
  readonly name: string;
  readonly source: EncodingSource;
  /** Bytes of the byte-order mark at the start of the file, skipped before decoding. */
  readonly bomLength: number;
}

const BOMS: readonly { name: string; bytes: readonly number[] }[] = [
  { name: 'utf-8', bytes: [0xef, 0xbb, 0xbf] },
  { name: 'utf-16le', bytes: [0xff, 0xfe] },
  { name: 'utf-16be', bytes: [0xfe, 0xff] },
];

function startsWith(head: Uint8Array, bytes: readonly number[]): boolean {
  return head.length >= bytes.length && bytes.every((byte, index) => head[index] === byte);
}

/**
 * The encoding the first bytes of a file declare (a byte-order mark) or betray (UTF-16 text without a BOM has a
 * zero byte in nearly every other position, since most characters of an export are ASCII). Null when neither.
 */
export function sniffEncoding(head: Uint8Array): EncodingChoice | null {
  for (const bom of BOMS) {
    if (startsWith(head, bom.bytes)) {
      return { name: bom.name, source: 'byte-order mark', bomLength: bom.bytes.length };
    }
  }
  const pairs = Math.floor(Math.min(head.length, 4096) / 2);
  if (pairs < 2) return null;
  let zeroEven = 0;
  let zeroOdd = 0;
  for (let pair = 0; pair < pairs; pair++) {
    if (head[2 * pair] === 0) zeroEven++;
    if (head[2 * pair + 1] === 0) zeroOdd++;
  }
  if (zeroOdd >= pairs * 0.3 && zeroEven === 0) return { name: 'utf-16le', source: 'sniffed', bomLength: 0 };
  if (zeroEven >= pairs * 0.3 && zeroOdd === 0) return { name: 'utf-16be', source: 'sniffed', bomLength: 0 };
  return null;
}

/** Canonical name for a user-named encoding; an InputError when iconv-lite does not know it. */
export function canonicalEncoding(name: string): string {
  const key = name.toLowerCase().replace(/[^a-z0-9]/g, '');
  // UTF-8 first: a history part's thread names it (the main thread's choice), and needs no iconv-lite for it.
  if (key === 'utf8') return 'utf-8';
  if (!iconv().encodingExists(name)) {
    throw new InputError({
      message: `unknown encoding ${JSON.stringify(name)}`,
      fix: 'name one such as utf-8, utf-16le, utf-16be, windows-1252 or iso-8859-1, or leave it out to detect it',
    });
  }
  if (key === 'utf16le' || key === 'ucs2') return 'utf-16le';
  if (key === 'utf16be') return 'utf-16be';
  if (key === 'utf16') return 'utf-16';
  if (key === 'windows1252' || key === 'cp1252') return 'windows-1252';
  return key;
}

/**
 * Chooses the encoding of a file. A named encoding wins, but must agree with a byte-order mark if there is one
 * (`utf-16` takes its byte order from the mark or the zero bytes); otherwise the mark, then UTF-16 zero bytes;
 * otherwise the whole file is checked: valid UTF-8 is UTF-8 (plain ASCII included), anything else is taken as
 * Windows-1252, the encoding Excel on Windows writes "CSV" files in.
 */
export async function chooseEncoding(file: string, named: string | undefined): Promise<EncodingChoice> {
  const head = await readHead(file, 4096);
  const sniffed = sniffEncoding(head);
  if (named !== undefined) {
    const name = canonicalEncoding(named);
    const bomName = sniffed?.source === 'byte-order mark' ? sniffed.name : null;
    if (name === 'utf-16') {
      return sniffed ? { ...sniffed, source: 'named' } : { name: 'utf-16le', source: 'named', bomLength: 0 };
    }
    if (bomName !== null && bomName !== name) {
      throw new InputError({
        message: `the file starts with a ${bomName.toUpperCase()} byte-order mark, but the encoding ${JSON.stringify(named)} was named`,
        location: { file, line: 1 },
        fix: `leave the encoding out (the mark says ${bomName.toUpperCase()}), or re-save the file in ${named}`,
      });
    }
    return { name, source: 'named', bomLength: bomName === null ? 0 : (sniffed?.bomLength ?? 0) };
  }
  if (sniffed) return sniffed;
  return (await isWholeFileUtf8(file))
    ? { name: 'utf-8', source: 'detected', bomLength: 0 }
    : { name: 'windows-1252', source: 'detected', bomLength: 0 };
}

async function readHead(file: string, bytes: number): Promise<Buffer> {
  const parts: Buffer[] = [];
  let total = 0;
  for await (const chunk of createReadStream(file, { start: 0, end: bytes - 1 })) {
    parts.push(chunk as Buffer);
    total += (chunk as Buffer).length;
  }
  return Buffer.concat(parts, total);
}

/** Length of the prefix of `bytes` that does not end inside a multi-byte UTF-8 sequence. */
function completeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  let lead = end - 1;
  while (lead >= 0 && end - lead <= 3 && ((bytes[lead] ?? 0) & 0xc0) === 0x80) lead--;
  if (lead < 0) return end;
  const byte = bytes[lead] ?? 0;
  const needed = byte >= 0xf0 ? 4 : byte >= 0xe0 ? 3 : byte >= 0xc0 ? 2 : 1;
  return end - lead < needed ? lead : end;
}

/** Bytes read per step of {@link isWholeFileUtf8}. */
const SCAN_BYTES = 1 << 20;

/**
 * Whether every byte of the file is valid UTF-8, read into one buffer reused step after step: a fresh 1 MiB
 * buffer per step is a fresh mmap where the launcher sets glibc's mmap threshold, and zeroing its pages made the
 * scan of the 1M bench's gigabyte 5x slower (4.0 s against 0.7 s, measured).
 */
async function isWholeFileUtf8(file: string): Promise<boolean> {
  const handle = await open(file, 'r');
  try {
    // Room for 3 bytes carried from the step before: a sequence cut by the step's end.
    const buffer = Buffer.allocUnsafe(SCAN_BYTES + 3);
    let carried = 0;
    for (;;) {
      const { bytesRead } = await handle.read(buffer, carried, SCAN_BYTES, null);
      if (bytesRead === 0) return carried === 0;
      const bytes = buffer.subarray(0, carried + bytesRead);
      const complete = completeUtf8Length(bytes);
      if (!isUtf8(bytes.subarray(0, complete))) return false;
      carried = bytes.length - complete;
      buffer.copy(buffer, 0, complete, bytes.length);
    }
  } finally {
    await handle.close();
  }
}

/**
 * Offset of the first byte of `bytes` that does not start a valid UTF-8 sequence (overlong forms, surrogates and
 * code points past U+10FFFF are invalid, as is a sequence cut short by the end), or -1 when all are valid.
 */
export function firstInvalidUtf8(bytes: Uint8Array): number {
  let at = 0;
  while (at < bytes.length) {
    const lead = bytes[at] ?? 0;
    if (lead < 0x80) {
      at++;
      continue;
    }
    let trail: number;
    let low = 0x80;
    let high = 0xbf;
    if (lead >= 0xc2 && lead <= 0xdf) trail = 1;
    else if (lead >= 0xe0 && lead <= 0xef) {
      trail = 2;
      if (lead === 0xe0) low = 0xa0;
      if (lead === 0xed) high = 0x9f;
    } else if (lead >= 0xf0 && lead <= 0xf4) {
      trail = 3;
      if (lead === 0xf0) low = 0x90;
      if (lead === 0xf4) high = 0x8f;
    } else return at;
    if (at + trail >= bytes.length) return at;
    const second = bytes[at + 1] ?? 0;
    if (second < low || second > high) return at;
    for (let next = 2; next <= trail; next++) {
      if (((bytes[at + next] ?? 0) & 0xc0) !== 0x80) return at;
    }
    at += trail + 1;
  }
  return -1;
}

/** Decoded text of one chunk; `invalid` says that undecodable bytes follow right after `text`. */
export interface DecodedChunk {
  readonly text: string;
  readonly invalid: boolean;
}

/** Decodes a file chunk by chunk, carrying characters split between chunks over to the next one. */
export interface ChunkDecoder {
  decode(bytes: Buffer, final: boolean): DecodedChunk;
}

const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function utf8Decoder(): ChunkDecoder {
  let carry: Buffer = Buffer.alloc(0);
  return {
    decode(chunk, final) {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      const complete = final ? bytes.length : completeUtf8Length(bytes);
      carry = bytes.subarray(complete);
      const body = bytes.subarray(0, complete);
      if (isUtf8(body)) return { text: body.toString('utf8'), invalid: false };
      return { text: body.subarray(0, firstInvalidUtf8(body)).toString('utf8'), invalid: true };
    },
  };
}

function utf16Decoder(bigEndian: boolean): ChunkDecoder {
  let carry: Buffer = Buffer.alloc(0);
  return {
    decode(chunk, final) {
      const bytes = carry.length ? Buffer.concat([carry, chunk]) : chunk;
      let complete = bytes.length - (bytes.length % 2);
      // Keep a high surrogate for the next chunk, where its low half is.
      const lastUnit =
        complete >= 2 ? (bigEndian ? bytes.readUInt16BE(complete - 2) : bytes.readUInt16LE(complete - 2)) : 0;
      if (!final && lastUnit >= 0xd800 && lastUnit <= 0xdbff) complete -= 2;
      carry = bytes.subarray(complete);
      const units = Buffer.from(bytes.subarray(0, complete));
      if (bigEndian) units.swap16();
      const text = units.toString('utf16le');
      const lone = LONE_SURROGATE.exec(text);
      if (lone) return { text: text.slice(0, lone.index), invalid: true };
      return { text, invalid: final && carry.length > 0 };
    },
  };
}

function iconvDecoder(name: string): ChunkDecoder {
  const decoder = iconv().getDecoder(name, { stripBOM: false });
  return {
    decode(chunk, final) {
      const text = decoder.write(chunk) + (final ? (decoder.end() ?? '') : '');
      // iconv-lite writes U+FFFD for bytes the encoding leaves undefined (0x81 in Windows-1252).
      const replaced = text.indexOf('\uFFFD');
      return replaced < 0 ? { text, invalid: false } : { text: text.slice(0, replaced), invalid: true };
    },
  };
}

export function createChunkDecoder(encoding: string): ChunkDecoder {
  if (encoding === 'utf-8') return utf8Decoder();
  if (encoding === 'utf-16le') return utf16Decoder(false);
  if (encoding === 'utf-16be') return utf16Decoder(true);
  return iconvDecoder(encoding);
}

/** The encoding's name as people write it: `UTF-8`, `UTF-16LE`, `Windows-1252`, `iso88591`. */
export function encodingLabel(name: string): string {
  if (name === 'windows-1252') return 'Windows-1252';
  return name.startsWith('utf') ? name.toUpperCase() : name;
}

/** A label for messages and summaries: `UTF-8 (byte-order mark)`, `Windows-1252 (detected)`. */
export function describeEncoding(choice: EncodingChoice): string {
  return `${encodingLabel(choice.name)} (${choice.source})`;
}

import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import {
  canonicalEncoding,
  chooseEncoding,
  createChunkDecoder,
  describeEncoding,
  firstInvalidUtf8,
  sniffEncoding,
} from './text-encoding.js';

function tempFile(bytes: Buffer): string {
  const file = join(mkdtempSync(join(tmpdir(), 'salesops-enc-')), 'f.csv');
  writeFileSync(file, bytes);
  return file;
}

/** Decodes `bytes` fed in pieces cut at `cuts`. */
function decodeInPieces(encoding: string, bytes: Buffer, cuts: readonly number[]) {
  const decoder = createChunkDecoder(encoding);
  let text = '';
  let from = 0;
  for (const cut of [...cuts, bytes.length]) {
    const piece = decoder.decode(bytes.subarray(from, cut), cut === bytes.length);
    text += piece.text;
    if (piece.invalid) return { text, invalid: true };
    from = cut;
  }
  return { text, invalid: false };
}

describe('sniffEncoding', () => {
  it('recognises byte-order marks', () => {
    expect(sniffEncoding(Buffer.from([0xef, 0xbb, 0xbf, 0x61]))).toEqual({
      name: 'utf-8',
      source: 'byte-order mark',
      bomLength: 3,
    });
    expect(sniffEncoding(Buffer.from([0xff, 0xfe, 0x61, 0]))?.name).toBe('utf-16le');
    expect(sniffEncoding(Buffer.from([0xfe, 0xff, 0, 0x61]))?.name).toBe('utf-16be');
  });

  it('recognises UTF-16 without a BOM by its zero bytes, and nothing in plain text', () => {
    expect(sniffEncoding(Buffer.from('Name,Amount\n', 'utf16le'))).toEqual({
      name: 'utf-16le',
      source: 'sniffed',
      bomLength: 0,
    });
    expect(sniffEncoding(Buffer.from('Name,Amount\n', 'utf16le').swap16())?.name).toBe('utf-16be');
    expect(sniffEncoding(Buffer.from('Name,Amount\n'))).toBeNull();
    expect(sniffEncoding(Buffer.from('a'))).toBeNull();
  });
});

describe('firstInvalidUtf8', () => {
  it('finds the first byte of an invalid sequence', () => {
    expect(firstInvalidUtf8(Buffer.from('Zoë 🚀'))).toBe(-1);
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe9, 0x62]))).toBe(1); // Latin-1 é
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xc0, 0xaf]))).toBe(1); // overlong '/'
    expect(firstInvalidUtf8(Buffer.from([0xed, 0xa0, 0x80]))).toBe(0); // surrogate
    expect(firstInvalidUtf8(Buffer.from([0xf4, 0x90, 0x80, 0x80]))).toBe(0); // past U+10FFFF
    expect(firstInvalidUtf8(Buffer.from([0x61, 0xe2, 0x82]))).toBe(1); // cut short
  });
});

describe('createChunkDecoder', () => {
  it('decodes UTF-8 split inside a character', () => {
    const bytes = Buffer.from('€uro 🚀!');
    for (let cut = 0; cut <= bytes.length; cut++) {
      expect(decodeInPieces('utf-8', bytes, [cut])).toEqual({ text: '€uro 🚀!', invalid: false });
    }
  });

  it('stops before invalid UTF-8 and says so, and a sequence cut short by the end is invalid', () => {
    expect(decodeInPieces('utf-8', Buffer.from([0x61, 0x62, 0xe9, 0x63]), [1])).toEqual({
      text: 'ab',
      invalid: true,
    });
    expect(decodeInPieces('utf-8', Buffer.from([0x61, 0xe2, 0x82]), [])).toEqual({
      text: 'a',
      invalid: true,
    });
  });

  it('decodes UTF-16 split inside a code unit or a surrogate pair, in both byte orders', () => {
    const text = 'a🚀b';
    const little = Buffer.from(text, 'utf16le');
    const big = Buffer.from(little).swap16();
    for (let cut = 0; cut <= little.length; cut++) {
      expect(decodeInPieces('utf-16le', little, [cut])).toEqual({ text, invalid: false });
      expect(decodeInPieces('utf-16be', big, [cut])).toEqual({ text, invalid: false });
    }
  });

  it('flags a lone surrogate and an odd final byte in UTF-16', () => {
    const lone = Buffer.from([0x61, 0, 0x3d, 0xd8, 0x62, 0]); // a, high surrogate, b
    expect(decodeInPieces('utf-16le', lone, [])).toEqual({ text: 'a', invalid: true });
    expect(decodeInPieces('utf-16le', Buffer.from([0x61, 0, 0x62]), [])).toEqual({
      text: 'a',
      invalid: true,
    });
  });

  it('decodes Windows-1252 and stops at its five undefined bytes', () => {
    expect(decodeInPieces('windows-1252', iconv.encode('1.234,56 € Ærø', 'windows-1252'), [3])).toEqual({
      text: '1.234,56 € Ærø',
      invalid: false,
    });
    expect(decodeInPieces('windows-1252', Buffer.from([0x61, 0x81, 0x62]), [])).toEqual({
      text: 'a',
      invalid: true,
    });
  });
});

describe('canonicalEncoding', () => {
  it('normalises the names people write', () => {
    expect(canonicalEncoding('UTF8')).toBe('utf-8');
    expect(canonicalEncoding('utf-16le')).toBe('utf-16le');
    expect(canonicalEncoding('UCS-2')).toBe('utf-16le');
    expect(canonicalEncoding('UTF-16BE')).toBe('utf-16be');
    expect(canonicalEncoding('UTF-16')).toBe('utf-16');
    expect(canonicalEncoding('CP1252')).toBe('windows-1252');
    expect(canonicalEncoding('ISO-8859-1')).toBe('iso88591');
  });

  it('rejects an unknown name with the names to use', () => {
    expect(() => canonicalEncoding('ebcdic-klingon')).toThrow('unknown encoding "ebcdic-klingon"');
  });
});

describe('chooseEncoding', () => {
  it('detects UTF-8 (ASCII included) and falls back to Windows-1252', async () => {
    expect(await chooseEncoding(tempFile(Buffer.from('a,b\nZoë,1\n')), undefined)).toEqual({
      name: 'utf-8',
      source: 'detected',
      bomLength: 0,
    });
    const latin = tempFile(iconv.encode('a,b\nZoë,1\n', 'windows-1252'));
    expect(describeEncoding(await chooseEncoding(latin, undefined))).toBe('Windows-1252 (detected)');
  });

  it('checks the whole file, not just its start', async () => {
    const late = Buffer.concat([Buffer.from('x'.repeat(3 << 20)), iconv.encode('\nCafé\n', 'windows-1252')]);
    expect((await chooseEncoding(tempFile(late), undefined)).name).toBe('windows-1252');
  });

  it('reads UTF-8 characters cut by the scan steps of 1 MiB, and a character cut short by the end', async () => {
    // '€' is 3 bytes, '𝄞' 4: placed so that each is cut by the first step's end, 1 or 2 bytes in.
    for (const [char, before] of [
      ['€', (1 << 20) - 1],
      ['€', (1 << 20) - 2],
      ['𝄞', (1 << 20) - 3],
    ] as const) {
      const bytes = Buffer.concat([Buffer.from('x'.repeat(before)), Buffer.from(`${char}\n`)]);
      expect((await chooseEncoding(tempFile(bytes), undefined)).name, `${char} at ${before}`).toBe('utf-8');
      const cutShort = bytes.subarray(0, before + 2);
      expect((await chooseEncoding(tempFile(cutShort), undefined)).name).toBe('windows-1252');
    }
  });

  it('takes a named encoding, skipping a byte-order mark that agrees with it', async () => {
    const withBom = tempFile(Buffer.from([0xef, 0xbb, 0xbf, 0x61]));
    expect(await chooseEncoding(withBom, 'utf8')).toEqual({ name: 'utf-8', source: 'named', bomLength: 3 });
    const utf16 = tempFile(Buffer.concat([Buffer.from([0xfe, 0xff]), Buffer.from('ab', 'utf16le').swap16()]));
    expect(await chooseEncoding(utf16, 'utf-16')).toEqual({
      name: 'utf-16be',
      source: 'named',
      bomLength: 2,
    });
  });
});

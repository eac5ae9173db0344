import { crc32, deflateSync } from 'node:zlib';
import JSZip from 'jszip';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ATTACHMENT_TYPES, checkAttachment } from './attachment-types.ts';

/*
 * Each accepted type is shown real files of that type, made here: a PDF with its cross-reference
 * table, a PNG and a TIFF with their pixel data, a JPEG from a browser's encoder, an xlsx
 * written by ExcelJS, a docx and an odt packed as their specifications ask, and Word and
 * Excel 97-2003 compound files holding their main stream.
 */

const MB = 1_048_576;
const TYPES = 'PDF, DOCX, XLSX, DOC, XLS, ODT, JPG, JPEG, PNG, TIFF, TIF';

function pdf(): Buffer {
  const objects = [
    '<< /Type /Catalog /Pages 2 0 R >>',
    '<< /Type /Pages /Kids [3 0 R] /Count 1 >>',
    '<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>',
  ];
  let text = '%PDF-1.4\n';
  const offsets = objects.map((body, i) => {
    const at = text.length;
    text += `${i + 1} 0 obj\n${body}\nendobj\n`;
    return at;
  });
  const xref = text.length;
  text += `xref\n0 ${objects.length + 1}\n0000000000 65535 f \n`;
  text += offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('');
  text += `trailer\n<< /Size ${objects.length + 1} /Root 1 0 R >>\nstartxref\n${xref}\n%%EOF\n`;
  return Buffer.from(text, 'latin1');
}

/** A 1×1 grey PNG. */
function png(): Buffer {
  const chunk = (type: string, data: Buffer) => {
    const head = Buffer.alloc(4);
    head.writeUInt32BE(data.length);
    const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
    const crc = Buffer.alloc(4);
    crc.writeUInt32BE(crc32(body));
    return Buffer.concat([head, body, crc]);
  };
  const header = Buffer.alloc(13);
  header.writeUInt32BE(1, 0);
  header.writeUInt32BE(1, 4);
  header.writeUInt8(8, 8); // bit depth; colour type 0 (grey), the rest zero
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(Buffer.from([0, 0x80]))),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** A 1×1 red JPEG as a browser's canvas encoded it (colour profile left out). */
const JPEG = Buffer.from(
  '/9j/4AAQSkZJRgABAQAAAQABAAD/2wBDABALDA4MChAODQ4SERATGCgaGBYWGDEjJR0oOjM9PDkzODdASFxOQERXRTc4UG1RV19i'
  + 'Z2hnPk1xeXBkeFxlZ2P/2wBDARESEhgVGC8aGi9jQjhCY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2NjY2Nj'
  + 'Y2NjY2NjY2P/wAARCAABAAEDASIAAhEBAxEB/8QAFQABAQAAAAAAAAAAAAAAAAAAAAb/xAAUEAEAAAAAAAAAAAAAAAAAAAAA/8QA'
  + 'FQEBAQAAAAAAAAAAAAAAAAAABQb/xAAUEQEAAAAAAAAAAAAAAAAAAAAA/9oADAMBAAIRAxEAPwCdAHrB/9k=',
  'base64',
);

/** A 1×1 grey baseline TIFF, little-endian (II) or big-endian (MM), as scanners write. */
function tiff(order: 'II' | 'MM'): Buffer {
  const tags: [number, number, number][] = [ // tag, type (3 short, 4 long), value
    [256, 3, 1], [257, 3, 1], [258, 3, 8], [259, 3, 1], [262, 3, 1], [273, 4, 0], [278, 3, 1], [279, 4, 1],
  ];
  const ifdSize = 2 + tags.length * 12 + 4;
  const out = Buffer.alloc(8 + ifdSize + 1);
  const u16 = (v: number, at: number) => (order === 'II' ? out.writeUInt16LE(v, at) : out.writeUInt16BE(v, at));
  const u32 = (v: number, at: number) => (order === 'II' ? out.writeUInt32LE(v, at) : out.writeUInt32BE(v, at));
  out.write(order, 0, 'latin1');
  u16(42, 2);
  u32(8, 4);
  u16(tags.length, 8);
  tags.forEach(([tag, type, value], i) => {
    const at = 10 + i * 12;
    u16(tag, at);
    u16(type, at + 2);
    u32(1, at + 4);
    const v = tag === 273 ? 8 + ifdSize : value; // the strip follows the directory
    if (type === 3) u16(v, at + 8);
    else u32(v, at + 8);
  });
  out.writeUInt8(0x80, 8 + ifdSize);
  return out;
}

/** A zip with stored (uncompressed) entries in the given order, as an ODF package needs its mimetype first. */
async function zip(entries: [name: string, content: string | Buffer][]): Promise<Buffer> {
  const archive = new JSZip();
  for (const [name, content] of entries) archive.file(name, content, { date: new Date('1980-01-01T00:00:00Z') });
  return archive.generateAsync({ type: 'nodebuffer', compression: 'STORE' });
}

const XML = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>';
const W = 'http://schemas.openxmlformats.org/wordprocessingml/2006/main';

function docx(extra: [string, string][] = []): Promise<Buffer> {
  return zip([
    ['[Content_Types].xml', `${XML}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">`
      + '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      + '<Default Extension="xml" ContentType="application/xml"/>'
      + '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      + '</Types>'],
    ['_rels/.rels', `${XML}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">`
      + '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
      + '</Relationships>'],
    ['word/document.xml', `${XML}<w:document xmlns:w="${W}"><w:body><w:p><w:r><w:t>Biên bản họp chi bộ</w:t></w:r></w:p></w:body></w:document>`],
    ...extra,
  ]);
}

function odf(mimetype: string): Promise<Buffer> {
  return zip([
    ['mimetype', mimetype],
    ['META-INF/manifest.xml', `${XML}<manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">`
      + `<manifest:file-entry manifest:full-path="/" manifest:media-type="${mimetype}"/>`
      + '<manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>'],
    ['content.xml', `${XML}<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" `
      + 'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
      + '<office:body><office:text><text:p>Thông báo</text:p></office:text></office:body></office:document-content>'],
  ]);
}

async function xlsx(): Promise<Buffer> {
  const workbook = new ExcelJS.Workbook();
  workbook.addWorksheet('Kết luận').addRow(['Đảng viên', 'Kết luận']);
  return Buffer.from(await workbook.xlsx.writeBuffer());
}

/**
 * A version 3 compound file (512-byte sectors) with one stream of 4,096 bytes, the smallest
 * size kept in regular sectors: header, one FAT sector, one directory sector, eight data sectors.
 */
function compoundFile(streamName: string): Buffer {
  const SECTOR = 512;
  const [FREE, END, FAT, NONE] = [0xffffffff, 0xfffffffe, 0xfffffffd, 0xffffffff];
  const out = Buffer.alloc(SECTOR * 11);
  Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]).copy(out, 0);
  out.writeUInt16LE(0x3e, 24);
  out.writeUInt16LE(3, 26);
  out.writeUInt16LE(0xfffe, 28);
  out.writeUInt16LE(9, 30);
  out.writeUInt16LE(6, 32);
  out.writeUInt32LE(1, 44); // FAT sectors
  out.writeUInt32LE(1, 48); // first directory sector
  out.writeUInt32LE(4096, 56);
  out.writeUInt32LE(END, 60);
  out.writeUInt32LE(END, 68);
  for (let i = 0; i < 109; i++) out.writeUInt32LE(i === 0 ? 0 : FREE, 76 + i * 4);
  const sector = (n: number) => SECTOR * (n + 1);
  const fat = [FAT, END, 3, 4, 5, 6, 7, 8, 9, END];
  for (let i = 0; i < 128; i++) out.writeUInt32LE(fat[i] ?? FREE, sector(0) + i * 4);
  const entry = (i: number, name: string, type: number, child: number, start: number, size: number) => {
    const at = sector(1) + i * 128;
    out.write(`${name}\0`, at, 'utf16le');
    out.writeUInt16LE((name.length + 1) * 2, at + 64);
    out.writeUInt8(type, at + 66);
    out.writeUInt8(1, at + 67); // black
    out.writeUInt32LE(NONE, at + 68);
    out.writeUInt32LE(NONE, at + 72);
    out.writeUInt32LE(child, at + 76);
    out.writeUInt32LE(start, at + 116);
    out.writeUInt32LE(size, at + 120);
  };
  entry(0, 'Root Entry', 5, 1, END, 0);
  entry(1, streamName, 2, NONE, 2, 4096);
  for (const i of [2, 3]) for (const at of [68, 72, 76]) out.writeUInt32LE(NONE, sector(1) + i * 128 + at);
  out.fill(0x20, sector(2));
  return out;
}

const accepted = (contentType: string, extension: string) => ({ ok: true, contentType, extension });
const refusedType = { ok: false, rule: 'attachment_type', params: { types: TYPES } };

describe('checkAttachment', () => {
  it('lists every allowed extension for the message', async () => {
    expect(ATTACHMENT_TYPES.map((t) => t.extension.toUpperCase()).join(', ')).toBe(TYPES);
  });

  it('accepts each allowed type from its real bytes', async () => {
    const cases: [Buffer, string, string, string][] = [
      [pdf(), 'quyet-dinh.pdf', 'application/pdf', 'pdf'],
      [await docx(), 'bien-ban.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 'docx'],
      [await xlsx(), 'ket-luan.xlsx', 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet', 'xlsx'],
      [compoundFile('WordDocument'), 'thong-bao.doc', 'application/msword', 'doc'],
      [compoundFile('Workbook'), 'bang-ke.xls', 'application/vnd.ms-excel', 'xls'],
      [await odf('application/vnd.oasis.opendocument.text'), 'thong-bao.odt', 'application/vnd.oasis.opendocument.text', 'odt'],
      [JPEG, 'anh.jpg', 'image/jpeg', 'jpg'],
      [JPEG, 'anh.jpeg', 'image/jpeg', 'jpeg'],
      [png(), 'anh.png', 'image/png', 'png'],
      [tiff('II'), 'ban-quet.tiff', 'image/tiff', 'tiff'],
      [tiff('MM'), 'ban-quet.tif', 'image/tiff', 'tif'],
    ];
    for (const [body, name, contentType, extension] of cases) {
      expect(await checkAttachment(body, name, MB), name).toEqual(accepted(contentType, extension));
    }
  });

  it('reads the extension without regard to case or a path the browser sent', async () => {
    expect(await checkAttachment(pdf(), 'QUYET-DINH.PDF', MB)).toEqual(accepted('application/pdf', 'pdf'));
    expect(await checkAttachment(await docx(), 'C:\\Users\\van.thu\\Biên bản.Docx', MB)).toMatchObject({ ok: true, extension: 'docx' });
    expect(await checkAttachment(png(), ' scan.2026.png ', MB)).toMatchObject({ ok: true, extension: 'png' });
  });

  it('refuses names whose extension is not allowed, whatever the content', async () => {
    for (const name of ['quyet-dinh.exe', 'quyet-dinh', '.pdf', 'quyet-dinh.pdf.exe', 'bien-ban.docm', 'anh.gif', 'trang.html']) {
      expect(await checkAttachment(pdf(), name, MB), name).toEqual(refusedType);
    }
  });

  it('refuses content that is not what the name says', async () => {
    const exe = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'latin1'), Buffer.from('This program cannot be run in DOS mode.')]);
    const html = Buffer.from('<!DOCTYPE html><html><body><script>location="https://example.invalid"</script>%PDF-1.4</body></html>');
    const book = await xlsx();
    const cases: [Buffer, string][] = [
      [exe, 'quyet-dinh.pdf'],
      [html, 'quyet-dinh.pdf'],
      [Buffer.concat([Buffer.from('\n'), pdf()]), 'quyet-dinh.pdf'],
      [pdf(), 'bien-ban.docx'],
      [png(), 'anh.jpg'],
      [JPEG, 'anh.png'],
      [JPEG, 'ban-quet.tiff'],
      [exe, 'anh.jpg'],
      // Zips that are not the document their name says.
      [await zip([['readme.txt', 'hello'], ['run.exe', exe]]), 'bien-ban.docx'],
      [await zip([['readme.txt', 'hello'], ['run.exe', exe]]), 'ket-luan.xlsx'],
      [await zip([['readme.txt', 'hello']]), 'thong-bao.odt'],
      [await zip([['word/document.xml', '<w:document/>']]), 'bien-ban.docx'],
      [book, 'bien-ban.docx'],
      [await docx(), 'ket-luan.xlsx'],
      [await docx(), 'thong-bao.odt'],
      [await docx([['word/vbaProject.bin', 'macro']]), 'bien-ban.docx'],
      [await odf('application/vnd.oasis.opendocument.spreadsheet'), 'thong-bao.odt'],
      [(await docx()).subarray(0, 200), 'bien-ban.docx'],
      [book.subarray(0, book.length - 30), 'ket-luan.xlsx'],
      // Compound files of another kind (an installer or a mail message has the same signature).
      [compoundFile('Workbook'), 'thong-bao.doc'],
      [compoundFile('WordDocument'), 'bang-ke.xls'],
      [compoundFile('SummaryInformation'), 'thong-bao.doc'],
      [compoundFile('WordDocument'), 'bien-ban.docx'],
    ];
    for (const [body, name] of cases) expect(await checkAttachment(body, name, MB), name).toEqual(refusedType);
  });

  it('refuses an empty file before anything else', async () => {
    expect(await checkAttachment(Buffer.alloc(0), 'quyet-dinh.exe', MB)).toEqual({ ok: false, rule: 'attachment_empty', params: {} });
  });

  it('refuses a file over the limit and names the limit in megabytes', async () => {
    const limit = 2 * MB;
    const body = Buffer.concat([pdf(), Buffer.alloc(limit - pdf().length)]);
    expect(await checkAttachment(body, 'quyet-dinh.pdf', limit)).toMatchObject({ ok: true });
    expect(await checkAttachment(Buffer.concat([body, Buffer.from('\n')]), 'quyet-dinh.pdf', limit))
      .toEqual({ ok: false, rule: 'attachment_too_large', params: { maxMegabytes: 2 } });
  });

  it('answers, never throws, for any bytes under any allowed name, including broken zips', async () => {
    const names = ATTACHMENT_TYPES.map((t) => `tep.${t.extension}`);
    const zipLike = fc.tuple(fc.uint8Array({ maxLength: 300 }), fc.uint8Array({ minLength: 18, maxLength: 18 })).map(([middle, end]) =>
      Buffer.concat([Buffer.from([0x50, 0x4b, 0x03, 0x04]), middle, Buffer.from([0x50, 0x4b, 0x05, 0x06]), end]));
    const anyBytes = fc.uint8Array({ minLength: 1, maxLength: 300 }).map((b) => Buffer.from(b));
    await fc.assert(fc.asyncProperty(fc.oneof(zipLike, anyBytes), fc.constantFrom(...names), async (body, name) => {
      const result = await checkAttachment(body, name, MB);
      expect(typeof result.ok).toBe('boolean');
    }));
  });
});

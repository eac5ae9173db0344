import JSZip from 'jszip';

/**
 * What may be attached to a case: the documents committees exchange (decisions, notices,
 * minutes, scans). A file is taken only when its bytes are what its name says, so an
 * executable or a web page renamed to .pdf never reaches a reader's machine.
 */

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const ODT = 'application/vnd.oasis.opendocument.text';

export const ATTACHMENT_TYPES: readonly { extension: string; contentType: string }[] = [
  { extension: 'pdf', contentType: 'application/pdf' },
  { extension: 'docx', contentType: DOCX },
  { extension: 'xlsx', contentType: XLSX },
  { extension: 'doc', contentType: 'application/msword' },
  { extension: 'xls', contentType: 'application/vnd.ms-excel' },
  { extension: 'odt', contentType: ODT },
  { extension: 'jpg', contentType: 'image/jpeg' },
  { extension: 'jpeg', contentType: 'image/jpeg' },
  { extension: 'png', contentType: 'image/png' },
  { extension: 'tiff', contentType: 'image/tiff' },
  { extension: 'tif', contentType: 'image/tiff' },
];

export type AttachmentCheck =
  | { ok: true; contentType: string; extension: string }
  | { ok: false; rule: 'attachment_type' | 'attachment_too_large' | 'attachment_empty'; params: Record<string, string | number> };

const TYPE_LIST = ATTACHMENT_TYPES.map((t) => t.extension.toUpperCase()).join(', ');

const startsWith = (body: Buffer, ...bytes: number[]) => body.length >= bytes.length && bytes.every((b, i) => body[i] === b);
const ascii = (text: string) => [...Buffer.from(text, 'latin1')];

/** Entry names of a zip; empty when the bytes are not a readable zip. */
async function zipEntryNames(body: Buffer): Promise<string[]> {
  if (!startsWith(body, 0x50, 0x4b, 0x03, 0x04)) return [];
  try {
    return Object.keys((await JSZip.loadAsync(body)).files);
  } catch {
    return []; // a damaged or truncated zip is not the document it claims to be
  }
}

/** An Office package of the given part folder, without macros (a renamed .docm or .xlsm carries them). */
async function isOfficeOpenXml(body: Buffer, folder: 'word/' | 'xl/'): Promise<boolean> {
  const names = await zipEntryNames(body);
  return names.includes('[Content_Types].xml')
    && names.some((n) => n.startsWith(folder))
    && !names.some((n) => n.toLowerCase().endsWith('vbaproject.bin'));
}

/** An OLE compound file (Word or Excel 97-2003) whose directory names the given stream. */
function isCompoundFile(body: Buffer, ...streams: string[]): boolean {
  // Directory entries hold names in UTF-16LE ending in a null character.
  return startsWith(body, 0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1)
    && streams.some((s) => body.includes(Buffer.from(`${s}\0`, 'utf16le')));
}

const MATCHES: Record<string, (body: Buffer) => boolean | Promise<boolean>> = {
  pdf: (b) => startsWith(b, ...ascii('%PDF-')),
  png: (b) => startsWith(b, 0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a),
  jpg: (b) => startsWith(b, 0xff, 0xd8, 0xff),
  jpeg: (b) => startsWith(b, 0xff, 0xd8, 0xff),
  tiff: (b) => startsWith(b, 0x49, 0x49, 0x2a, 0x00) || startsWith(b, 0x4d, 0x4d, 0x00, 0x2a),
  tif: (b) => startsWith(b, 0x49, 0x49, 0x2a, 0x00) || startsWith(b, 0x4d, 0x4d, 0x00, 0x2a),
  docx: (b) => isOfficeOpenXml(b, 'word/'),
  xlsx: (b) => isOfficeOpenXml(b, 'xl/'),
  // An ODF package opens with an uncompressed entry named mimetype holding the type.
  odt: (b) => startsWith(b, 0x50, 0x4b, 0x03, 0x04) && b.subarray(0, 200).includes(`mimetype${ODT}`, 0, 'latin1'),
  doc: (b) => isCompoundFile(b, 'WordDocument'),
  xls: (b) => isCompoundFile(b, 'Workbook', 'Book'),
};

/** The lower-case extension of a file name as a browser may send it (possibly with a Windows path). */
function extensionOf(fileName: string): string {
  const base = fileName.trim().split(/[\\/]/).pop() ?? '';
  const dot = base.lastIndexOf('.');
  return dot > 0 ? base.slice(dot + 1).toLowerCase() : '';
}

export async function checkAttachment(body: Buffer, fileName: string, maxBytes: number): Promise<AttachmentCheck> {
  if (body.length === 0) return { ok: false, rule: 'attachment_empty', params: {} };
  if (body.length > maxBytes) {
    return { ok: false, rule: 'attachment_too_large', params: { maxMegabytes: Math.floor(maxBytes / 1_048_576) } };
  }
  const extension = extensionOf(fileName);
  const type = ATTACHMENT_TYPES.find((t) => t.extension === extension);
  if (!type || !(await MATCHES[extension]?.(body))) return { ok: false, rule: 'attachment_type', params: { types: TYPE_LIST } };
  return { ok: true, contentType: type.contentType, extension };
}

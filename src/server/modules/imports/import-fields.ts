import { translate } from '../../../shared/i18n/translate.ts';
import {
  ACADEMIC_TITLES, EDUCATION_LEVELS, ETHNICITIES, GENDERS, LOCALES, QUALIFICATIONS, RELIGIONS, THEORY_LEVELS,
} from '../../../shared/reference.ts';
import {
  MEMBER_IMPORT_FIELDS, MEMBER_IMPORT_REQUIRED, UNIT_IMPORT_FIELDS, type ImportKind, type ImportMapping,
} from '../../../shared/schemas/imports.ts';
import { foldForSearch } from '../../../shared/text/names.ts';

/**
 * What a spreadsheet cell means. Staff files come in many spellings: a header in Vietnamese or
 * English (or a file this platform exported, in any of its languages), dates as dd/mm/yyyy or
 * ISO, genders and religions as words. Everything is compared folded (no marks, đ → d, lower
 * case), so "Giới tính", "GIOI TINH" and "gender" all name the same column.
 */

export const IMPORT_FIELDS: Record<ImportKind, readonly string[]> = { members: MEMBER_IMPORT_FIELDS, units: UNIT_IMPORT_FIELDS };

/** Fields every row of a new record must fill, per kind (the identifier rule is separate). */
export const REQUIRED_FIELDS: Record<ImportKind, readonly string[]> = {
  members: MEMBER_IMPORT_REQUIRED, units: ['code', 'name', 'typeCode'],
};

/** Headers staff write that are not a field's label in any language. */
const HEADER_ALIASES: Record<string, string[]> = {
  fullName: ['họ tên', 'họ và tên', 'tên đảng viên', 'name'],
  otherNames: ['tên gọi khác', 'bí danh'],
  birthDate: ['ngày tháng năm sinh', 'sinh ngày', 'dob', 'date of birth'],
  citizenId: ['số cccd', 'cccd', 'căn cước công dân', 'số căn cước', 'số định danh', 'cmnd/cccd'],
  cardNumber: ['số thẻ đảng', 'thẻ đảng', 'số thẻ', 'card number'],
  admissionDecisionDate: ['ngày vào đảng', 'ngày kết nạp', 'ngày quyết định kết nạp'],
  admissionDecisionNo: ['số quyết định kết nạp', 'số qđ kết nạp'],
  officialDate: ['ngày chính thức', 'ngày công nhận chính thức'],
  ceremonyDate: ['ngày lễ kết nạp'],
  unitCode: ['mã chi bộ', 'mã đơn vị', 'cell code', 'unit code'],
  unitPath: ['chi bộ', 'đơn vị', 'cell', 'unit'],
  phone: ['số điện thoại', 'điện thoại', 'sđt'],
  theoryLevel: ['lý luận chính trị', 'trình độ lý luận'],
  education: ['trình độ học vấn', 'văn hóa', 'giáo dục phổ thông'],
  qualification: ['chuyên môn', 'trình độ chuyên môn'],
  code: ['mã', 'mã đơn vị', 'unit code'],
  name: ['tên', 'tên đơn vị', 'unit name'],
  typeCode: ['loại', 'loại đơn vị', 'loại hình', 'type'],
  parentCode: ['mã cấp trên', 'mã đơn vị cấp trên', 'parent code'],
  parentPath: ['cấp trên', 'đơn vị cấp trên', 'trực thuộc', 'parent'],
  validFrom: ['ngày thành lập', 'từ ngày', 'thành lập'],
};

/** Labels under which a platform export names a column (`export.columns.*`). */
const EXPORT_COLUMN_FIELDS: Record<string, string> = { unitCode: 'unitCode', unitName: 'unitPath' };

function headerIndex(kind: ImportKind): Map<string, string> {
  const index = new Map<string, string>();
  const add = (label: string, field: string) => {
    const key = foldForSearch(label);
    if (key && !index.has(key)) index.set(key, field);
  };
  for (const field of IMPORT_FIELDS[kind]) {
    add(field, field);
    for (const locale of LOCALES) add(translate(locale, `fields.${field}`), field);
  }
  if (kind === 'members') {
    for (const [column, field] of Object.entries(EXPORT_COLUMN_FIELDS)) {
      for (const locale of LOCALES) add(translate(locale, `export.columns.${column}`), field);
    }
  }
  const fields = new Set(IMPORT_FIELDS[kind]);
  for (const [field, aliases] of Object.entries(HEADER_ALIASES)) {
    if (fields.has(field)) for (const alias of aliases) add(alias, field);
  }
  return index;
}

const HEADER_INDEX: Record<ImportKind, Map<string, string>> = { members: headerIndex('members'), units: headerIndex('units') };

/** A field for each header cell that names one, each field once (the first column wins). */
export function suggestMapping(kind: ImportKind, header: string[]): ImportMapping {
  const mapping: ImportMapping = {};
  const taken = new Set<string>();
  for (const cell of header) {
    const field = HEADER_INDEX[kind].get(foldForSearch(cell));
    if (field && !taken.has(field) && !(cell in mapping)) {
      mapping[cell] = field;
      taken.add(field);
    }
  }
  return mapping;
}

/** Coded values written as words: each code, and its name in every language, folded. */
function codeIndex(values: readonly string[], enumKey: string): Map<string, string> {
  const index = new Map<string, string>();
  for (const code of values) {
    index.set(foldForSearch(code), code);
    for (const locale of LOCALES) index.set(foldForSearch(translate(locale, `enums.${enumKey}.${code}`)), code);
  }
  return index;
}

const ethnicityIndex = (() => {
  const index = new Map<string, string>();
  for (const [code, name] of Object.entries(ETHNICITIES)) {
    index.set(code, code);
    index.set(String(Number(code)), code); // "1" as a spreadsheet shows the code 01
    index.set(foldForSearch(name), code);
  }
  return index;
})();

export const CODED_FIELDS: Record<string, Map<string, string>> = {
  gender: (() => {
    const index = codeIndex(GENDERS, 'gender');
    for (const [word, code] of [['nam', 'male'], ['nu', 'female'], ['m', 'male'], ['f', 'female']] as const) index.set(word, code);
    return index;
  })(),
  religion: (() => {
    const index = codeIndex(RELIGIONS, 'religion');
    index.set('khong', 'none');
    return index;
  })(),
  education: codeIndex(EDUCATION_LEVELS, 'education'),
  qualification: codeIndex(QUALIFICATIONS, 'qualification'),
  academicTitle: codeIndex(ACADEMIC_TITLES, 'academicTitle'),
  theoryLevel: codeIndex(THEORY_LEVELS, 'theoryLevel'),
  ethnicity: ethnicityIndex,
};

/**
 * Remembers what a function made of a cell: a file repeats the same few genders, religions and
 * dates on every row, and reading each once keeps a large import's check fast. Cleared when full.
 */
function remembered(read: (cell: string) => string | null, size = 100_000): (cell: string) => string | null {
  const seen = new Map<string, string | null>();
  return (cell) => {
    let value = seen.get(cell);
    if (value === undefined) {
      if (seen.size >= size) seen.clear();
      value = read(cell);
      seen.set(cell, value);
    }
    return value;
  };
}

const codedReaders = Object.fromEntries(Object.entries(CODED_FIELDS).map(([field, index]) =>
  [field, remembered((cell) => index.get(foldForSearch(cell)) ?? null, 10_000)]));

/** The code a cell names, the cell itself when it names none (the schema then refuses it). */
export function readCoded(field: string, cell: string): string {
  return codedReaders[field]?.(cell) ?? cell;
}

const NATIVE_DIGITS = /[\u0660-\u0669\u06F0-\u06F9]/g;

/** Arabic-Indic and Persian digits as ASCII (a file exported in ar or fa writes them). */
export function asciiDigits(s: string): string {
  return s.replace(NATIVE_DIGITS, (d) => String((d.codePointAt(0) as number) & 0xf));
}

const pad = (n: string) => n.padStart(2, '0');

/**
 * A date as staff write it: ISO (2020-03-31), day first (31/03/2020, 31.3.2020, 31-03-2020),
 * or year first with slashes (2020/03/31, as Persian writes it). Null when the cell is no date
 * of the calendar (31/02/2020); two-digit years are refused rather than guessed.
 */
export const readDate = remembered(parseDate);

function parseDate(cell: string): string | null {
  const s = asciiDigits(cell).trim();
  let y: string | undefined, m: string | undefined, d: string | undefined;
  let match = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})$/.exec(s);
  if (match) [, y, m, d] = match;
  else if ((match = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s))) [, d, m, y] = match;
  if (!y || !m || !d) return null;
  const iso = `${y}-${pad(m)}-${pad(d)}`;
  const date = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(date.getTime()) && date.toISOString().startsWith(iso) && y !== '0000' ? iso : null;
}

export const DATE_FIELDS = new Set(['birthDate', 'admissionDecisionDate', 'ceremonyDate', 'officialDate', 'validFrom']);

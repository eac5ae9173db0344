/**
 * Folding and ordering of Vietnamese names. Search must ignore case and diacritics and let
 * "d" find "đ"; lists sort by given name first (the last word), then family and middle names,
 * as Vietnamese registers do.
 */

/** NFC form of user text with runs of white space collapsed. */
export function normalizeText(value: string): string {
  return value.normalize('NFC').replace(/\s+/g, ' ').trim();
}

/** Lowercase, marks stripped, đ→d: the key both stored names and queries are folded to. */
export function foldForSearch(value: string): string {
  return value
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/\s+/g, ' ')
    .trim();
}

/**
 * Sort key: the given name, then the rest in order, each word folded and followed by its
 * exact form so that "An" < "Ân" < "Bình" and equal folds keep a stable order.
 * "Nguyễn Văn An" → "an nguyen van\u0001an nguyễn văn".
 */
export function vietnameseSortKey(fullName: string): string {
  const words = normalizeText(fullName).split(' ');
  const given = words.pop() ?? '';
  const ordered = [given, ...words].join(' ');
  return `${foldForSearch(ordered)}\u0001${ordered.toLowerCase()}`;
}

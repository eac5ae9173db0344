import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { foldForSearch, normalizeText, vietnameseSortKey } from './names.ts';

describe('foldForSearch', () => {
  it('ignores case and diacritics', () => {
    expect(foldForSearch('Nguyễn Văn An')).toBe('nguyen van an');
    expect(foldForSearch('NGUYỄN VĂN AN')).toBe('nguyen van an');
  });
  it('folds đ and Đ to d', () => {
    expect(foldForSearch('Đặng Thị Đào')).toBe('dang thi dao');
  });
  it('treats composed and decomposed input alike', () => {
    expect(foldForSearch('Nguye\u0302\u0303n')).toBe(foldForSearch('Nguyễn'));
  });
  it('is idempotent', () => {
    fc.assert(fc.property(fc.string(), (s) => foldForSearch(foldForSearch(s)) === foldForSearch(s)));
  });
});

describe('vietnameseSortKey', () => {
  it('orders by given name, then family and middle names', () => {
    const names = ['Trần Văn Bình', 'Nguyễn Thị An', 'Lê Văn An', 'Phạm Ân'];
    const sorted = [...names].sort((a, b) => (vietnameseSortKey(a) < vietnameseSortKey(b) ? -1 : 1));
    expect(sorted).toEqual(['Lê Văn An', 'Nguyễn Thị An', 'Phạm Ân', 'Trần Văn Bình']);
  });
});

describe('normalizeText', () => {
  it('collapses white space and composes characters', () => {
    expect(normalizeText('  Nguye\u0302\u0303n   Văn\tAn ')).toBe('Nguyễn Văn An');
  });
});

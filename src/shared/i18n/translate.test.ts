import { describe, expect, it } from 'vitest';
import { hasKey, pickLocale, translate } from './translate.ts';

const membersLeft = (locale: Parameters<typeof translate>[0], count: number) =>
  translate(locale, 'errors.unit_has_active_members', { unit: 'X', count });

describe('translate', () => {
  it('writes a count in the reader’s digits and grouping', () => {
    expect(membersLeft('vi', 2041)).toContain('2.041');
    expect(membersLeft('en', 2041)).toContain('2,041 active members');
    expect(membersLeft('ar', 2041)).toContain('٢٬٠٤١');
    expect(membersLeft('fa', 2041)).toContain('۲٬۰۴۱');
    expect(membersLeft('ru', 2041)).toMatch(/2\s041 член партии/u);
  });

  it('writes a year in the reader’s digits without grouping', () => {
    const range = (locale: Parameters<typeof translate>[0]) =>
      translate(locale, 'rules.year_range', { field: 'Y', minYear: 1930, maxYear: 2031 });
    expect(range('vi')).toBe('«Y» phải là một năm từ 1930 đến 2031.');
    expect(range('en')).toBe('“Y” must be a year from 1930 to 2031.');
    expect(range('ar')).toContain('١٩٣٠');
    expect(range('fa')).toContain('۲۰۳۱');
  });

  it('interpolates the other parameters', () => {
    expect(membersLeft('vi', 3)).toBe('Không thể giải thể: X còn 3 đảng viên đang sinh hoạt.');
    expect(membersLeft('fa', 3)).toContain('سازمان X هنوز ۳ عضو فعال دارد');
  });

  it('picks the English plural form', () => {
    expect(membersLeft('en', 1)).toBe('Cannot close: X still has 1 active member.');
    expect(membersLeft('en', 2)).toBe('Cannot close: X still has 2 active members.');
  });

  it('picks the Russian plural form for 1, 3, 5, 11, 21 and 22', () => {
    expect(membersLeft('ru', 1)).toContain('состоит на учёте 1 член партии.');
    expect(membersLeft('ru', 3)).toContain('состоят на учёте 3 члена партии.');
    expect(membersLeft('ru', 5)).toContain('состоят на учёте 5 членов партии.');
    expect(membersLeft('ru', 11)).toContain('состоят на учёте 11 членов партии.');
    expect(membersLeft('ru', 21)).toContain('состоит на учёте 21 член партии.');
    expect(membersLeft('ru', 22)).toContain('состоят на учёте 22 члена партии.');
    const children = (count: number) => translate('ru', 'errors.unit_has_open_children', { unit: 'X', count });
    expect(children(1)).toContain('ещё есть 1 действующая подчинённая организация.');
    expect(children(4)).toContain('ещё есть 4 действующие подчинённые организации.');
    expect(children(7)).toContain('ещё есть 7 действующих подчинённых организаций.');
  });

  it('picks the Arabic plural form for each category', () => {
    expect(membersLeft('ar', 1)).toContain('عضو عامل واحد (١)');
    expect(membersLeft('ar', 2)).toContain('عضوان عاملان (٢)');
    expect(membersLeft('ar', 3)).toContain('٣ أعضاء عاملين');
    expect(membersLeft('ar', 11)).toContain('١١ عضوًا عاملًا');
    expect(membersLeft('ar', 100)).toContain('١٠٠ عضو عامل');
    expect(membersLeft('ar', 2041)).toContain('٢٬٠٤١ عضوًا عاملًا');
  });

  it('writes legal dates as the reader does, always in the Gregorian calendar', () => {
    const notOpen = (locale: Parameters<typeof translate>[0]) =>
      translate(locale, 'errors.unit_not_open', { unit: 'X', date: '2025-05-12' });
    expect(notOpen('vi')).toBe('X không hoạt động vào ngày 12/05/2025.');
    expect(notOpen('en')).toContain('12/05/2025');
    expect(notOpen('ru')).toContain('12.05.2025');
    const fa = notOpen('fa');
    expect(fa).toContain('۲۰۲۵');
    expect(fa).toContain('۱۲');
    expect(fa).toContain('۰۵');
    expect(fa).not.toMatch(/[0-9]/);
    expect(fa).not.toContain('۱۴۰۴'); // the Solar Hijri year of that day
    const ar = notOpen('ar');
    expect(ar).toContain('٢٠٢٥');
    expect(ar).toContain('١٢');
    expect(ar).not.toMatch(/[0-9]/);
  });

  it('formats numbers that are not counts, and joins lists', () => {
    expect(translate('ar', 'rules.too_long', { field: 'F', max: 200 })).toContain('٢٠٠');
    expect(translate('fa', 'rules.too_long', { field: 'F', max: 200 })).toContain('۲۰۰');
    expect(translate('vi', 'rules.one_of', { field: 'F', values: ['a', 'b'] })).toBe('«F» phải là một trong các giá trị: a, b.');
  });

  it('translates field labels and enum labels', () => {
    expect(translate('ru', 'fields.cardNumber')).toBe('Номер партийного билета');
    expect(translate('fa', 'fields.unitId')).toBe('حوزه حزبی');
    expect(translate('ar', 'enums.status.official')).toBe('رسمي');
  });

  it('knows which keys exist', () => {
    expect(hasKey('fields.fullName')).toBe(true);
    expect(hasKey('fields.noSuchField')).toBe(false);
  });
});

describe('pickLocale', () => {
  it('takes the preferred supported language', () => {
    expect(pickLocale('fa-IR,fa;q=0.9,en;q=0.8')).toBe('fa');
    expect(pickLocale('ar-EG')).toBe('ar');
    expect(pickLocale('RU-ru')).toBe('ru');
    expect(pickLocale('vi-VN,vi;q=0.9')).toBe('vi');
  });

  it('skips unsupported languages', () => {
    expect(pickLocale('de-DE, en;q=0.5')).toBe('en');
    expect(pickLocale('zh-CN,zh;q=0.9,ru;q=0.1')).toBe('ru');
  });

  it('honours q-values rather than order', () => {
    expect(pickLocale('en;q=0.3, ru;q=0.7')).toBe('ru');
    expect(pickLocale('en;q=0.5, ar')).toBe('ar');
    expect(pickLocale('fa;q=0.8, en;q=0.8')).toBe('fa'); // ties keep the header's order
  });

  it('never picks a language with q=0', () => {
    expect(pickLocale('ar;q=0, en;q=0.1')).toBe('en');
    expect(pickLocale('ar;q=0')).toBe('vi');
  });

  it('falls back to Vietnamese when nothing matches or there is no header', () => {
    expect(pickLocale(undefined)).toBe('vi');
    expect(pickLocale(null)).toBe('vi');
    expect(pickLocale('')).toBe('vi');
    expect(pickLocale('de-DE,fr;q=0.9')).toBe('vi');
    expect(pickLocale('*')).toBe('vi');
    expect(pickLocale('en;q=abc')).toBe('vi');
  });
});

import type { Gender } from '../../../shared/reference.ts';
import { Weighted, type Random } from './random.ts';

/**
 * Vietnamese personal names for the demo registry, with realistic frequencies: family names
 * of the Kinh majority (Nguyễn weighs more than its national 38% so that, with the province's
 * minorities, about 38% of all members are Nguyễn), the family names usual among the Tày, Dao,
 * Sán Chay, Sán Dìu and Hoa of Quảng Ninh, middle names by gender and generation, and
 * given names by gender.
 */

const KINH_FAMILY = Weighted.of({
  'Nguyễn': 47, 'Trần': 11, 'Lê': 9.5, 'Phạm': 7, 'Hoàng': 5.1, 'Phan': 4.5, 'Vũ': 3.9, 'Đặng': 2.1,
  'Bùi': 2, 'Đỗ': 1.4, 'Hồ': 1.3, 'Ngô': 1.3, 'Dương': 1, 'Lý': 0.5, 'Đinh': 0.8, 'Đào': 0.7,
  'Mai': 0.5, 'Trịnh': 0.5, 'Lương': 0.5, 'Đoàn': 0.5, 'Cao': 0.4, 'Hà': 0.5, 'Lưu': 0.3, 'Tô': 0.3,
  'Phùng': 0.3, 'Vương': 0.2, 'Tạ': 0.2, 'Chu': 0.2, 'Lại': 0.2, 'Triệu': 0.2, 'Nghiêm': 0.1,
  'Kiều': 0.1, 'Quách': 0.1, 'Khúc': 0.1, 'Thái': 0.1,
});

const TAY_FAMILY = Weighted.of({
  'Hoàng': 22, 'Nông': 12, 'Lục': 10, 'Vi': 8, 'Nguyễn': 8, 'Lương': 6, 'Hà': 5, 'Lý': 5, 'Nịnh': 4,
  'La': 4, 'Trình': 3, 'Chu': 3, 'Đàm': 3, 'Dương': 3, 'Triệu': 2, 'Mã': 2, 'Lăng': 2,
});

const DAO_FAMILY = Weighted.of({
  'Triệu': 22, 'Bàn': 18, 'Đặng': 14, 'Lý': 10, 'Chìu': 8, 'Phùn': 5, 'Tằng': 4, 'Lỷ': 4, 'Hoàng': 4,
  'Dương': 3, 'Lục': 3, 'Nịnh': 3,
});

const SAN_CHAY_FAMILY = Weighted.of({
  'Hoàng': 15, 'Lâm': 12, 'Lục': 12, 'Trương': 10, 'Hà': 8, 'La': 8, 'Đặng': 6, 'Nịnh': 6, 'Chu': 6,
  'Dương': 5, 'Lý': 5,
});

const SAN_DIU_FAMILY = Weighted.of({
  'Diệp': 15, 'Trương': 12, 'Lỷ': 10, 'Dương': 10, 'Lam': 8, 'Lục': 8, 'Đặng': 8, 'Ninh': 6, 'Tạ': 6,
  'Hoàng': 5, 'Lưu': 5,
});

const HOA_FAMILY = Weighted.of({
  'Lưu': 12, 'Trương': 12, 'Lâm': 10, 'Lý': 8, 'Quan': 8, 'Tạ': 8, 'Chu': 8, 'Hà': 6, 'Dương': 6,
  'Hoàng': 6, 'Phùn': 4, 'Mạc': 4, 'Vòng': 4,
});

/** Family names by ethnicity code (reference.ts ETHNICITIES); others use the Tày list. */
const FAMILY_BY_ETHNICITY: Readonly<Record<string, Weighted<string>>> = {
  '01': KINH_FAMILY, '02': TAY_FAMILY, '07': TAY_FAMILY, '09': DAO_FAMILY, '15': SAN_CHAY_FAMILY,
  '18': SAN_DIU_FAMILY, '04': HOA_FAMILY, '06': KINH_FAMILY,
};

const MALE_MIDDLE = Weighted.of({
  'Văn': 34, 'Đức': 8, 'Minh': 7, 'Hữu': 5, 'Quang': 5, 'Thanh': 4, 'Xuân': 4, 'Trọng': 3, 'Công': 3,
  'Ngọc': 3, 'Đình': 3, 'Mạnh': 3, 'Quốc': 3, 'Tiến': 2, 'Anh': 2, 'Hoàng': 2, 'Việt': 2, 'Thế': 2,
  'Duy': 2, 'Trung': 2, 'Hải': 2, 'Bá': 1, 'Huy': 1, 'Kim': 1, 'Hồng': 1, 'Tuấn': 1, 'Gia': 1, 'Thành': 1,
});

/** Women born before about 1985 mostly carry Thị; younger women far less often. */
const FEMALE_MIDDLE_OLDER = Weighted.of({
  'Thị': 70, 'Thu': 4, 'Hồng': 4, 'Ngọc': 3, 'Thanh': 3, 'Minh': 2, 'Kim': 3, 'Phương': 2, 'Mai': 2,
  'Thúy': 2, 'Bích': 2, 'Hải': 1, 'Lan': 1,
});
const FEMALE_MIDDLE_YOUNGER = Weighted.of({
  'Thị': 30, 'Thu': 6, 'Hồng': 5, 'Ngọc': 6, 'Thanh': 5, 'Minh': 4, 'Kim': 3, 'Phương': 5, 'Mai': 3,
  'Thùy': 5, 'Diệu': 2, 'Bích': 2, 'Hải': 3, 'Quỳnh': 3, 'Khánh': 3, 'Hoài': 2, 'Bảo': 2, 'Tuyết': 1,
  'Ánh': 2, 'Hương': 1,
});
const SECOND_FEMALE_MIDDLE = ['Thu', 'Hồng', 'Ngọc', 'Thanh', 'Minh', 'Kim', 'Mai', 'Lan', 'Phương'] as const;

const MALE_GIVEN = Weighted.of({
  'Hùng': 5, 'Dũng': 5, 'Tuấn': 6, 'Minh': 5, 'Hải': 5, 'Nam': 4, 'Long': 4, 'Sơn': 4, 'Thắng': 4,
  'Cường': 4, 'Quân': 3, 'Huy': 4, 'Tùng': 3, 'Hiếu': 3, 'Trung': 4, 'Đức': 3, 'Thành': 4, 'Bình': 3,
  'Phong': 2, 'Hưng': 3, 'Khánh': 2, 'Lâm': 2, 'Hoàng': 2, 'Việt': 2, 'Anh': 5, 'Tú': 2, 'Kiên': 2,
  'Lợi': 2, 'Toàn': 3, 'Quang': 3, 'Vinh': 2, 'Tài': 2, 'Hòa': 3, 'Thịnh': 2, 'Hiệp': 2, 'Đạt': 3,
  'Chiến': 3, 'Duy': 3, 'Phúc': 2, 'An': 2, 'Thái': 2, 'Nghĩa': 2, 'Tâm': 2, 'Trường': 2, 'Tiến': 2,
  'Hậu': 2, 'Khoa': 2, 'Mạnh': 2, 'Quyết': 2, 'Tân': 2, 'Thuận': 2, 'Dương': 2, 'Lực': 1, 'Sáng': 1,
  'Vũ': 1, 'Giang': 1, 'Lộc': 1, 'Luân': 1, 'Phú': 1, 'Quý': 1, 'Sỹ': 1, 'Thạch': 1, 'Thông': 1,
  'Tuyên': 1, 'Kỳ': 1, 'Bằng': 1, 'Chính': 1, 'Cương': 1, 'Định': 1, 'Hạnh': 1,
});

const FEMALE_GIVEN = Weighted.of({
  'Hương': 6, 'Lan': 4, 'Hoa': 4, 'Huệ': 3, 'Mai': 4, 'Hạnh': 4, 'Nga': 4, 'Thủy': 5, 'Hằng': 5,
  'Linh': 5, 'Trang': 6, 'Hà': 5, 'Phương': 4, 'Thảo': 5, 'Dung': 4, 'Yến': 3, 'Nhung': 3, 'Loan': 3,
  'Thúy': 3, 'Oanh': 2, 'Vân': 3, 'Ngọc': 3, 'Hiền': 4, 'Liên': 3, 'Quỳnh': 3, 'Anh': 4, 'Giang': 3,
  'Hồng': 3, 'Tuyết': 2, 'Thanh': 3, 'Nhàn': 2, 'Huyền': 4, 'Ly': 2, 'Chi': 2, 'Nhi': 1, 'Ánh': 2,
  'Minh': 2, 'My': 1, 'Ngân': 2, 'Nguyệt': 2, 'Tâm': 2, 'Thu': 3, 'Uyên': 1, 'Vy': 1, 'Xuân': 2,
  'Duyên': 2, 'Hải': 1, 'Bình': 1, 'Lý': 1, 'Sen': 1, 'Lụa': 1,
});

/** A full name "Family Middle Given" for a person of this gender, ethnicity and birth year. */
export function vietnameseName(rng: Random, gender: Gender, ethnicity: string, birthYear: number): string {
  const family = (FAMILY_BY_ETHNICITY[ethnicity] ?? TAY_FAMILY).draw(rng);
  if (gender === 'male') return `${family} ${MALE_MIDDLE.draw(rng)} ${MALE_GIVEN.draw(rng)}`;
  const middleTable = birthYear < 1985 ? FEMALE_MIDDLE_OLDER : FEMALE_MIDDLE_YOUNGER;
  let middle: string = middleTable.draw(rng);
  // "Nguyễn Thị Thu Hương": a second middle name after Thị is common enough to show up.
  if (middle === 'Thị' && rng.chance(0.1)) middle = `Thị ${rng.pick(SECOND_FEMALE_MIDDLE)}`;
  let given = FEMALE_GIVEN.draw(rng);
  if (middle.endsWith(given)) given = FEMALE_GIVEN.draw(rng);
  return `${family} ${middle} ${given}`;
}

import type {
  AcademicTitle, EducationLevel, Gender, Qualification, Religion, TheoryLevel,
} from '../../../shared/reference.ts';
import { ETHNIC_PROFILES, type CellKind, type EthnicProfile } from './quang-ninh.ts';
import { Weighted, type Random } from './random.ts';

/**
 * Profile distributions of the demo members by the kind of cell they joined: a village cell
 * has more farmers, fewer women and less schooling than a hospital or a provincial agency.
 * The figures are plausible, not statistics.
 */

export const FEMALE_SHARE: Readonly<Record<CellKind, number>> = {
  village: 0.25, quarter: 0.37, school: 0.65, health: 0.58, agency: 0.42, enterprise: 0.2, commune_office: 0.4,
};

const QUALIFICATION: Readonly<Record<CellKind, Weighted<Qualification>>> = {
  village: Weighted.of({ none: 38, vocational: 25, college: 10, university: 25, master: 2 }),
  quarter: Weighted.of({ none: 25, vocational: 22, college: 12, university: 36, master: 5 }),
  school: Weighted.of({ vocational: 2, college: 12, university: 62, master: 22, doctor: 2 }),
  health: Weighted.of({ vocational: 5, college: 25, university: 45, master: 20, doctor: 5 }),
  agency: Weighted.of({ vocational: 2, college: 4, university: 60, master: 31, doctor: 3 }),
  enterprise: Weighted.of({ none: 5, vocational: 35, college: 15, university: 40, master: 5 }),
  commune_office: Weighted.of({ college: 5, university: 80, master: 15 }),
};

const EDUCATION_WITHOUT_QUALIFICATION = Weighted.of<EducationLevel>({ upper_secondary: 60, lower_secondary: 32, primary: 8 });
const EDUCATION_VOCATIONAL = Weighted.of<EducationLevel>({ upper_secondary: 85, lower_secondary: 15 });

const THEORY: Readonly<Record<CellKind, Weighted<TheoryLevel>>> = {
  village: Weighted.of({ none: 12, elementary: 72, intermediate: 14, advanced: 2 }),
  quarter: Weighted.of({ none: 10, elementary: 65, intermediate: 20, advanced: 5 }),
  school: Weighted.of({ none: 5, elementary: 60, intermediate: 30, advanced: 5 }),
  health: Weighted.of({ none: 8, elementary: 62, intermediate: 25, advanced: 5 }),
  agency: Weighted.of({ none: 2, elementary: 25, intermediate: 45, advanced: 24, bachelor: 4 }),
  enterprise: Weighted.of({ none: 6, elementary: 65, intermediate: 24, advanced: 5 }),
  commune_office: Weighted.of({ elementary: 20, intermediate: 60, advanced: 18, bachelor: 2 }),
};
/** Members admitted in the last three years have rarely had more than the elementary course. */
const THEORY_RECENT = Weighted.of<TheoryLevel>({ none: 40, elementary: 55, intermediate: 5 });

const DOCTOR_TITLE = Weighted.of<AcademicTitle>({ none: 80, associate_professor: 18, professor: 2 });

const RELIGION = Weighted.of<Religion>({
  none: 92.5, buddhism: 5.5, catholicism: 1.6, protestantism: 0.2, cao_dai: 0.05, other: 0.15,
});

const OCCUPATION: Readonly<Record<CellKind, Weighted<string>>> = {
  village: Weighted.of({
    'Nông dân': 45, 'Kinh doanh': 10, 'Công nhân': 10, 'Lao động tự do': 12, 'Giáo viên': 5, 'Cán bộ xã': 8,
    'Quân nhân xuất ngũ': 7, 'Công an xã': 3,
  }),
  quarter: Weighted.of({
    'Kinh doanh': 20, 'Công nhân mỏ': 15, 'Lao động tự do': 15, 'Nhân viên văn phòng': 15, 'Viên chức': 10,
    'Công chức': 10, 'Công nhân': 10, 'Quân nhân xuất ngũ': 5,
  }),
  school: Weighted.of({ 'Giáo viên': 85, 'Cán bộ quản lý giáo dục': 8, 'Kế toán': 4, 'Nhân viên thư viện': 3 }),
  health: Weighted.of({ 'Bác sĩ': 40, 'Điều dưỡng': 35, 'Kỹ thuật viên y tế': 10, 'Dược sĩ': 8, 'Hộ sinh': 7 }),
  agency: Weighted.of({ 'Công chức': 60, 'Viên chức': 35, 'Nhân viên hợp đồng': 5 }),
  enterprise: Weighted.of({ 'Công nhân': 50, 'Kỹ sư': 25, 'Nhân viên': 20, 'Cán bộ quản lý': 5 }),
  commune_office: Weighted.of({ 'Công chức': 80, 'Viên chức': 20 }),
};

/** Positions held, with the chance of holding one at all. */
const POSITION: Readonly<Record<CellKind, { share: number; table: Weighted<string> }>> = {
  village: { share: 0.15, table: Weighted.of({ 'Trưởng thôn': 5, 'Chi hội trưởng Hội Nông dân': 4, 'Chi hội trưởng Hội Cựu chiến binh': 3, 'Bí thư Chi đoàn': 2 }) },
  quarter: { share: 0.12, table: Weighted.of({ 'Trưởng khu phố': 5, 'Tổ trưởng tổ dân phố': 5, 'Chi hội trưởng Hội Cựu chiến binh': 3 }) },
  school: { share: 0.25, table: Weighted.of({ 'Tổ trưởng chuyên môn': 6, 'Phó Hiệu trưởng': 2, 'Hiệu trưởng': 1 }) },
  health: { share: 0.25, table: Weighted.of({ 'Trưởng khoa': 2, 'Phó Trưởng khoa': 3, 'Điều dưỡng trưởng': 3 }) },
  agency: { share: 0.6, table: Weighted.of({ 'Chuyên viên': 10, 'Chuyên viên chính': 5, 'Phó Trưởng phòng': 3, 'Trưởng phòng': 2, 'Kế toán': 1 }) },
  enterprise: { share: 0.3, table: Weighted.of({ 'Tổ trưởng sản xuất': 5, 'Phó Quản đốc': 2, 'Quản đốc': 1, 'Trưởng phòng': 1 }) },
  commune_office: { share: 0.8, table: Weighted.of({ 'Chuyên viên': 10, 'Trưởng phòng': 2, 'Phó Trưởng phòng': 2, 'Phó Chủ tịch Ủy ban nhân dân': 1 }) },
};

const ETHNICITY: Readonly<Record<EthnicProfile, Weighted<string>>> = Object.fromEntries(
  Object.entries(ETHNIC_PROFILES).map(([k, weights]) => [k, new Weighted(Object.entries(weights))]),
) as Record<EthnicProfile, Weighted<string>>;

const PHONE_PREFIXES = ['091', '094', '088', '083', '084', '085', '096', '097', '098', '086', '032', '033', '034', '035',
  '036', '037', '038', '039', '070', '076', '077', '078', '079', '090', '093', '089'] as const;

const pad = (n: number, width: number) => String(n).padStart(width, '0');

export function ethnicity(rng: Random, profile: EthnicProfile): string {
  return ETHNICITY[profile].draw(rng);
}

export function religion(rng: Random): Religion {
  return RELIGION.draw(rng);
}

export function schooling(rng: Random, kind: CellKind, recentlyAdmitted: boolean) {
  const qualification = QUALIFICATION[kind].draw(rng);
  const education: EducationLevel = qualification === 'none' ? EDUCATION_WITHOUT_QUALIFICATION.draw(rng)
    : qualification === 'vocational' ? EDUCATION_VOCATIONAL.draw(rng) : 'upper_secondary';
  const academicTitle: AcademicTitle = qualification === 'doctor' ? DOCTOR_TITLE.draw(rng) : 'none';
  const theoryLevel = (recentlyAdmitted ? THEORY_RECENT : THEORY[kind]).draw(rng);
  return { qualification, education, academicTitle, theoryLevel };
}

/** Occupation and position today; members past 60 are retired. */
export function work(rng: Random, kind: CellKind, age: number): { occupation: string; position: string | null } {
  if (age >= 60) return { occupation: kind === 'village' || kind === 'quarter' ? 'Hưu trí' : 'Cán bộ hưu trí', position: null };
  const position = POSITION[kind];
  return { occupation: OCCUPATION[kind].draw(rng), position: rng.chance(position.share) ? position.table.draw(rng) : null };
}

export function phone(rng: Random): string | null {
  return rng.chance(0.88) ? `${rng.pick(PHONE_PREFIXES)}${pad(rng.int(0, 9_999_999), 7)}` : null;
}

/**
 * A citizen ID (CCCD) as issued in Quảng Ninh: province code 022, a digit for century and
 * gender, the last two digits of the birth year, six more digits; never one already `taken`.
 */
export function citizenId(rng: Random, gender: Gender, birthYear: number, taken: Set<string>): string {
  const centuryAndGender = (birthYear >= 2000 ? 2 : 0) + (gender === 'female' ? 1 : 0);
  for (;;) {
    const id = `022${centuryAndGender}${pad(birthYear % 100, 2)}${pad(rng.int(0, 999_999), 6)}`;
    if (!taken.has(id)) {
      taken.add(id);
      return id;
    }
  }
}

/** A party card number (format UNCONFIRMED in DOMAIN.md: nine digits here), never one already `taken`. */
export function cardNumber(rng: Random, taken: Set<string>): string {
  for (;;) {
    const card = `22${pad(rng.int(0, 9_999_999), 7)}`;
    if (!taken.has(card)) {
      taken.add(card);
      return card;
    }
  }
}

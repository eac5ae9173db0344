/**
 * Closed vocabularies of the member record (form 2-HSĐV). Codes are stored; labels come from
 * the i18n catalogs. Rules that change with regulations are not here: they live in the
 * `rules` table with effective dates.
 */
export const GENDERS = ['male', 'female'] as const;
export const RELIGIONS = ['none', 'buddhism', 'catholicism', 'protestantism', 'cao_dai', 'hoa_hao', 'islam', 'other'] as const;
/** General education completed. */
export const EDUCATION_LEVELS = ['primary', 'lower_secondary', 'upper_secondary'] as const;
/** Highest professional qualification. */
export const QUALIFICATIONS = ['none', 'vocational', 'college', 'university', 'master', 'doctor'] as const;
export const ACADEMIC_TITLES = ['none', 'associate_professor', 'professor'] as const;
/** Political theory level (lý luận chính trị). */
export const THEORY_LEVELS = ['none', 'elementary', 'intermediate', 'advanced', 'bachelor'] as const;
/** Active membership statuses; exits close membership instead of being a status. */
export const MEMBER_STATUSES = ['probationary', 'official'] as const;
/**
 * Why a member is deleted from the list (xóa tên; not a discipline): missed meetings or unpaid
 * dues for three months in a year without reason, the card handed back, no progress after
 * twelve months of help, or another reason the decision states.
 */
export const DELETION_REASONS = ['missed_meetings', 'unpaid_dues', 'card_returned', 'no_progress', 'other'] as const;
/** Why a cell exempts a member from work and meetings. */
export const EXEMPTION_REASONS = ['age', 'health'] as const;
/** Events that end membership: each closes the member's last span and opens none. */
export const EXIT_EVENTS = ['died', 'deleted', 'expelled', 'probation_removed'] as const;
/**
 * Transfers of party activity: official (the member moves for good) or temporary (a stay of
 * months; the home cell keeps the record). The purpose sets the longest temporary stay.
 */
export const TRANSFER_KINDS = ['official', 'temporary'] as const;
export const TRANSFER_PURPOSES = ['work', 'study', 'retirement', 'residence', 'other'] as const;
/**
 * Where a transfer letter stands: waiting to be forwarded by the unit above both ends, on its
 * way to the receiving unit, received (a temporary transfer: the member attached there),
 * departed to an organization outside this installation, ended (a temporary stay over), or
 * cancelled before receipt.
 */
export const TRANSFER_STATES = ['awaiting_forward', 'in_transit', 'received', 'departed', 'ended', 'cancelled'] as const;
/** Exits that a later decision may annul, reinstating the member; death is not one of them. */
export const REINSTATABLE_EXITS = ['deleted', 'expelled', 'probation_removed'] as const;
export const AGE_BANDS = ['up_to_30', '31_40', '41_50', '51_60', '61_70', 'over_70'] as const;

export type Gender = (typeof GENDERS)[number];
export type Religion = (typeof RELIGIONS)[number];
export type EducationLevel = (typeof EDUCATION_LEVELS)[number];
export type Qualification = (typeof QUALIFICATIONS)[number];
export type AcademicTitle = (typeof ACADEMIC_TITLES)[number];
export type TheoryLevel = (typeof THEORY_LEVELS)[number];
export type MemberStatus = (typeof MEMBER_STATUSES)[number];
export type AgeBand = (typeof AGE_BANDS)[number];

/**
 * The 54 ethnic groups in the General Statistics Office's coding, plus 55 for a foreign
 * origin. Names are proper nouns and are shown as written in Vietnamese in every language.
 */
export const ETHNICITIES: Readonly<Record<string, string>> = {
  '01': 'Kinh', '02': 'Tày', '03': 'Thái', '04': 'Hoa', '05': 'Khơ-me', '06': 'Mường',
  '07': 'Nùng', '08': 'Mông', '09': 'Dao', '10': 'Gia-rai', '11': 'Ngái', '12': 'Ê-đê',
  '13': 'Ba-na', '14': 'Xơ-đăng', '15': 'Sán Chay', '16': 'Cơ-ho', '17': 'Chăm', '18': 'Sán Dìu',
  '19': 'Hrê', '20': 'Mnông', '21': 'Ra-glai', '22': 'Xtiêng', '23': 'Bru-Vân Kiều', '24': 'Thổ',
  '25': 'Giáy', '26': 'Cơ-tu', '27': 'Gié-Triêng', '28': 'Mạ', '29': 'Khơ-mú', '30': 'Co',
  '31': 'Tà-ôi', '32': 'Chơ-ro', '33': 'Kháng', '34': 'Xinh-mun', '35': 'Hà Nhì', '36': 'Chu-ru',
  '37': 'Lào', '38': 'La Chí', '39': 'La Ha', '40': 'Phù Lá', '41': 'La Hủ', '42': 'Lự',
  '43': 'Lô Lô', '44': 'Chứt', '45': 'Mảng', '46': 'Pà Thẻn', '47': 'Cờ Lao', '48': 'Cống',
  '49': 'Bố Y', '50': 'Si La', '51': 'Pu Péo', '52': 'Brâu', '53': 'Ơ-đu', '54': 'Rơ-măm',
  '55': 'Người nước ngoài',
};
export const ETHNICITY_CODES = Object.keys(ETHNICITIES) as [string, ...string[]];
/** The majority group; every other code counts as an ethnic minority in the reports. */
export const MAJORITY_ETHNICITY = '01';

export const LOCALES = ['vi', 'en', 'ru', 'ar', 'fa'] as const;
export type Locale = (typeof LOCALES)[number];
export const DEFAULT_LOCALE: Locale = 'vi';
export const RTL_LOCALES: ReadonlySet<Locale> = new Set(['ar', 'fa']);

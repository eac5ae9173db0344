/**
 * The 63 provinces of 2006-2025 and the 34 they became on 1 July 2025 (DOMAIN.md §2): 11 kept
 * as they were, 23 formed by merging two or three, each named after (and here continuing) the
 * first of them. Codes are the administrative codes that also open a citizen ID. Weights are
 * populations in millions, rounded, scaled by a rough factor for the share of party members;
 * regions choose the ethnic mix. Plausible, not statistics.
 */

export type Region = 'city' | 'delta' | 'midland' | 'mountain' | 'muong' | 'central' | 'highland' | 'south' | 'mekong' | 'khmer';

export type OldProvince = {
  /** Administrative code (3 digits, as in a citizen ID). */
  code: string;
  /** "tỉnh Hà Giang", "thành phố Hải Phòng". */
  name: string;
  weight: number;
  region: Region;
};

export type NewProvince = {
  /** The province's name since 1 July 2025 (that of its first old province). */
  name: string;
  /** The old provinces it was formed from; the first continues as the new one. */
  from: readonly OldProvince[];
};

const p = (code: string, name: string, weight: number, region: Region): OldProvince => ({ code, name, weight, region });

const O = {
  hanoi: p('001', 'thành phố Hà Nội', 8.6, 'city'), haGiang: p('002', 'tỉnh Hà Giang', 1.0, 'mountain'),
  caoBang: p('004', 'tỉnh Cao Bằng', 0.65, 'mountain'), bacKan: p('006', 'tỉnh Bắc Kạn', 0.4, 'mountain'),
  tuyenQuang: p('008', 'tỉnh Tuyên Quang', 0.9, 'mountain'), laoCai: p('010', 'tỉnh Lào Cai', 0.85, 'mountain'),
  dienBien: p('011', 'tỉnh Điện Biên', 0.7, 'mountain'), laiChau: p('012', 'tỉnh Lai Châu', 0.5, 'mountain'),
  sonLa: p('014', 'tỉnh Sơn La', 1.35, 'mountain'), yenBai: p('015', 'tỉnh Yên Bái', 0.9, 'mountain'),
  hoaBinh: p('017', 'tỉnh Hòa Bình', 0.95, 'muong'), thaiNguyen: p('019', 'tỉnh Thái Nguyên', 1.4, 'midland'),
  langSon: p('020', 'tỉnh Lạng Sơn', 0.85, 'mountain'), quangNinh: p('022', 'tỉnh Quảng Ninh', 1.5, 'delta'),
  bacGiang: p('024', 'tỉnh Bắc Giang', 1.9, 'midland'), phuTho: p('025', 'tỉnh Phú Thọ', 1.6, 'midland'),
  vinhPhuc: p('026', 'tỉnh Vĩnh Phúc', 1.25, 'delta'), bacNinh: p('027', 'tỉnh Bắc Ninh', 1.5, 'delta'),
  haiDuong: p('030', 'tỉnh Hải Dương', 2.0, 'delta'), haiPhong: p('031', 'thành phố Hải Phòng', 2.1, 'city'),
  hungYen: p('033', 'tỉnh Hưng Yên', 1.3, 'delta'), thaiBinh: p('034', 'tỉnh Thái Bình', 1.9, 'delta'),
  haNam: p('035', 'tỉnh Hà Nam', 0.9, 'delta'), namDinh: p('036', 'tỉnh Nam Định', 1.9, 'delta'),
  ninhBinh: p('037', 'tỉnh Ninh Bình', 1.0, 'delta'), thanhHoa: p('038', 'tỉnh Thanh Hóa', 3.7, 'central'),
  ngheAn: p('040', 'tỉnh Nghệ An', 3.4, 'central'), haTinh: p('042', 'tỉnh Hà Tĩnh', 1.35, 'central'),
  quangBinh: p('044', 'tỉnh Quảng Bình', 0.95, 'central'), quangTri: p('045', 'tỉnh Quảng Trị', 0.7, 'central'),
  hue: p('046', 'thành phố Huế', 1.2, 'central'), daNang: p('048', 'thành phố Đà Nẵng', 1.2, 'city'),
  quangNam: p('049', 'tỉnh Quảng Nam', 1.5, 'central'), quangNgai: p('051', 'tỉnh Quảng Ngãi', 1.25, 'central'),
  binhDinh: p('052', 'tỉnh Bình Định', 1.5, 'central'), phuYen: p('054', 'tỉnh Phú Yên', 0.85, 'central'),
  khanhHoa: p('056', 'tỉnh Khánh Hòa', 1.2, 'central'), ninhThuan: p('058', 'tỉnh Ninh Thuận', 0.55, 'central'),
  binhThuan: p('060', 'tỉnh Bình Thuận', 1.2, 'central'), konTum: p('062', 'tỉnh Kon Tum', 0.55, 'highland'),
  giaLai: p('064', 'tỉnh Gia Lai', 1.5, 'highland'), dakLak: p('066', 'tỉnh Đắk Lắk', 1.8, 'highland'),
  dakNong: p('067', 'tỉnh Đắk Nông', 0.6, 'highland'), lamDong: p('068', 'tỉnh Lâm Đồng', 1.3, 'highland'),
  binhPhuoc: p('070', 'tỉnh Bình Phước', 0.95, 'south'), tayNinh: p('072', 'tỉnh Tây Ninh', 1.1, 'south'),
  binhDuong: p('074', 'tỉnh Bình Dương', 2.0, 'south'), dongNai: p('075', 'tỉnh Đồng Nai', 2.8, 'south'),
  baRia: p('077', 'tỉnh Bà Rịa - Vũng Tàu', 1.1, 'south'), hcm: p('079', 'Thành phố Hồ Chí Minh', 6.8, 'city'),
  longAn: p('080', 'tỉnh Long An', 1.6, 'mekong'), tienGiang: p('082', 'tỉnh Tiền Giang', 1.7, 'mekong'),
  benTre: p('083', 'tỉnh Bến Tre', 1.25, 'mekong'), traVinh: p('084', 'tỉnh Trà Vinh', 0.9, 'khmer'),
  vinhLong: p('086', 'tỉnh Vĩnh Long', 1.0, 'mekong'), dongThap: p('087', 'tỉnh Đồng Tháp', 1.5, 'mekong'),
  anGiang: p('089', 'tỉnh An Giang', 1.7, 'mekong'), kienGiang: p('091', 'tỉnh Kiên Giang', 1.5, 'mekong'),
  canTho: p('092', 'thành phố Cần Thơ', 1.2, 'city'), hauGiang: p('093', 'tỉnh Hậu Giang', 0.65, 'mekong'),
  socTrang: p('094', 'tỉnh Sóc Trăng', 1.0, 'khmer'), bacLieu: p('095', 'tỉnh Bạc Liêu', 0.8, 'mekong'),
  caMau: p('096', 'tỉnh Cà Mau', 1.1, 'mekong'),
} as const;

/** The 34 provinces of today, in the order of the resolution (kept ones first, then merged ones). */
export const PROVINCES: readonly NewProvince[] = [
  [O.hanoi], [O.hue], [O.laiChau], [O.dienBien], [O.sonLa], [O.langSon], [O.quangNinh], [O.thanhHoa], [O.ngheAn],
  [O.haTinh], [O.caoBang],
  [O.tuyenQuang, O.haGiang], [O.laoCai, O.yenBai], [O.thaiNguyen, O.bacKan], [O.phuTho, O.vinhPhuc, O.hoaBinh],
  [O.bacNinh, O.bacGiang], [O.hungYen, O.thaiBinh], [O.haiPhong, O.haiDuong], [O.ninhBinh, O.haNam, O.namDinh],
  [O.quangTri, O.quangBinh], [O.daNang, O.quangNam], [O.quangNgai, O.konTum], [O.giaLai, O.binhDinh],
  [O.khanhHoa, O.ninhThuan], [O.lamDong, O.dakNong, O.binhThuan], [O.dakLak, O.phuYen],
  [O.hcm, O.binhDuong, O.baRia], [O.dongNai, O.binhPhuoc], [O.tayNinh, O.longAn], [O.canTho, O.socTrang, O.hauGiang],
  [O.vinhLong, O.benTre, O.traVinh], [O.dongThap, O.tienGiang], [O.caMau, O.bacLieu], [O.anGiang, O.kienGiang],
].map((from) => ({ name: (from[0] as OldProvince).name, from }));

/** Ethnic mix of party members by region: weights per ethnicity code (shared/reference.ts). */
export const REGION_ETHNICITY: Readonly<Record<Region, Readonly<Record<string, number>>>> = {
  city: { '01': 98.6, '04': 0.6, '06': 0.3, '02': 0.2, '07': 0.2, '05': 0.1 },
  delta: { '01': 98.5, '06': 0.5, '02': 0.3, '18': 0.3, '04': 0.2, '07': 0.2 },
  midland: { '01': 84, '02': 5, '07': 4, '06': 3, '18': 2, '15': 1, '09': 1 },
  mountain: { '01': 32, '02': 22, '03': 16, '08': 9, '09': 8, '07': 8, '06': 3, '29': 1, '25': 1 },
  muong: { '06': 58, '01': 33, '03': 4, '09': 3, '02': 2 },
  central: { '01': 95.5, '03': 1.5, '06': 0.8, '23': 0.8, '26': 0.5, '19': 0.5, '08': 0.2, '17': 0.2 },
  highland: { '01': 72, '10': 8, '12': 6, '13': 5, '14': 3, '20': 2, '16': 2, '02': 1, '07': 1 },
  south: { '01': 94.5, '04': 2.5, '22': 1, '05': 1, '17': 0.5, '07': 0.5 },
  mekong: { '01': 93, '05': 5, '04': 1.5, '17': 0.5 },
  khmer: { '01': 66, '05': 31, '04': 3 },
};

/**
 * Family names of groups whose names shared/seed names.ts does not draw (it falls back to
 * Tày names): the given and middle names still come from there.
 */
export const OTHER_FAMILY_NAMES: Readonly<Record<string, readonly string[]>> = {
  '03': ['Lò', 'Cầm', 'Lường', 'Quàng', 'Vì', 'Hà', 'Lừ', 'Điêu', 'Tòng', 'Lò'],
  '05': ['Thạch', 'Sơn', 'Kim', 'Danh', 'Lâm', 'Chau', 'Thạch', 'Sơn', 'Trần', 'Lý'],
  '06': ['Bùi', 'Đinh', 'Quách', 'Hà', 'Xa', 'Bạch', 'Bùi', 'Đinh'],
  '08': ['Giàng', 'Sùng', 'Vàng', 'Thào', 'Lý', 'Mùa', 'Hờ', 'Lầu', 'Vừ'],
  '10': ['Rơ Châm', 'Ksor', 'Siu', 'Rahlan', 'Kpă', 'Nay'],
  '12': ['Niê', 'Êban', 'Mlô', 'Byă', 'Adrơng', 'Ksơr'],
  '17': ['Thành', 'Đàng', 'Châu', 'Lưu', 'Quảng', 'Trượng'],
};

/** Names of communes and wards, drawn in pairs ("Tân Phú", "An Hòa", …). */
export const PLACE_WORDS = [
  'An', 'Bình', 'Phú', 'Tân', 'Hòa', 'Thạnh', 'Long', 'Mỹ', 'Hưng', 'Thịnh', 'Phước', 'Lợi', 'Thuận', 'Xuân',
  'Quang', 'Trung', 'Đông', 'Tây', 'Nam', 'Bắc', 'Hải', 'Sơn', 'Lâm', 'Thành', 'Vĩnh', 'Khánh', 'Đức', 'Hiệp',
  'Minh', 'Phong', 'Lộc', 'Yên', 'Hồng', 'Thái', 'Kim', 'Ngọc', 'Định', 'Tiến', 'Hà', 'Giang',
] as const;

/**
 * Place data of the demo province, Quảng Ninh. The district-level units and the communes,
 * wards and special zones are real; which former communes went into which new one in 2025
 * follows the pattern of the reform (two to four merged, some kept) but is simplified, and
 * the villages, agencies and their cells are illustrative.
 */

/** What a cell is; drives the gender mix, education, occupation and position of its members. */
export type CellKind = 'village' | 'quarter' | 'school' | 'health' | 'agency' | 'enterprise' | 'commune_office';

/** Ethnic mix of an area, as weights per ethnicity code (reference.ts ETHNICITIES). */
export const ETHNIC_PROFILES = {
  lowland: { '01': 96, '02': 1.2, '18': 1, '09': 0.5, '04': 0.5, '07': 0.3, '06': 0.3, '15': 0.2 },
  island: { '01': 96, '18': 1.5, '09': 1, '02': 0.8, '04': 0.7 },
  mong_cai: { '01': 87, '09': 5, '04': 4, '02': 2, '15': 1, '07': 1 },
  coast_highland: { '01': 60, '09': 15, '02': 8, '15': 8, '18': 5, '04': 3, '07': 1 },
  tien_yen: { '01': 45, '02': 18, '09': 17, '15': 12, '18': 6, '04': 2 },
  binh_lieu: { '01': 10, '02': 55, '09': 25, '15': 8, '04': 2 },
  ba_che: { '01': 35, '09': 35, '02': 15, '15': 12, '18': 3 },
  dao_highland: { '01': 25, '09': 55, '02': 10, '15': 6, '18': 4 },
  hoanh_bo: { '01': 72, '09': 16, '02': 5, '15': 4, '18': 3 },
  province: { '01': 93, '02': 3, '09': 1.5, '18': 1, '04': 0.5, '06': 0.5, '07': 0.5, '03': 0.1, '08': 0.05 },
} as const satisfies Record<string, Record<string, number>>;
export type EthnicProfile = keyof typeof ETHNIC_PROFILES;

export type NewCommuneData = {
  /** Name since 1 July 2025, e.g. "xã Hoành Mô". */
  name: string;
  /** The former communes, wards and townships (by their 2016 names) merged into it. */
  formedFrom: readonly string[];
  profile?: EthnicProfile;
};

export type AgencyCellData = { name: string; kind: CellKind };

export type DistrictData = {
  key: string;
  /** e.g. "huyện Bình Liêu", "thành phố Hạ Long". */
  name: string;
  /** Issuer notation of the district committee in document numbers (HU huyện ủy, TU thành/thị ủy). */
  issuer: 'HU' | 'TU';
  profile: EthnicProfile;
  /** Grassroots cells directly under the district committee; in 2025 they went to its first commune. */
  agencies: readonly AgencyCellData[];
  /** The new communes formed from the district's former communes; the first holds the district seat. */
  communes: readonly NewCommuneData[];
};

const school = (name: string): AgencyCellData => ({ name, kind: 'school' });
const health = (name: string): AgencyCellData => ({ name, kind: 'health' });
const agency = (name: string): AgencyCellData => ({ name, kind: 'agency' });

/** The 14 district-level units of 2016 in the official order; codes H01… follow it. */
export const DISTRICTS: readonly DistrictData[] = [
  {
    key: 'ha_long', name: 'thành phố Hạ Long', issuer: 'TU', profile: 'lowland',
    agencies: [school('Chi bộ Trường THPT Hòn Gai'), school('Chi bộ Trường THPT Bãi Cháy'),
      health('Chi bộ Trung tâm Y tế thành phố Hạ Long'), agency('Chi bộ Chi cục Thuế thành phố Hạ Long'),
      agency('Chi bộ Kho bạc Nhà nước Hạ Long')],
    communes: [
      { name: 'phường Hồng Gai', formedFrom: ['phường Hồng Gai', 'phường Bạch Đằng', 'phường Trần Hưng Đạo', 'phường Yết Kiêu'] },
      { name: 'phường Hạ Long', formedFrom: ['phường Hồng Hải', 'phường Hồng Hà'] },
      { name: 'phường Bãi Cháy', formedFrom: ['phường Bãi Cháy', 'phường Giếng Đáy', 'phường Hùng Thắng'] },
      { name: 'phường Hà Lầm', formedFrom: ['phường Hà Lầm', 'phường Cao Thắng', 'phường Hà Trung'] },
      { name: 'phường Cao Xanh', formedFrom: ['phường Cao Xanh', 'phường Hà Khánh'] },
      { name: 'phường Hà Tu', formedFrom: ['phường Hà Tu', 'phường Hà Phong'] },
      { name: 'phường Tuần Châu', formedFrom: ['phường Tuần Châu', 'phường Đại Yên'] },
      { name: 'phường Việt Hưng', formedFrom: ['phường Việt Hưng', 'phường Hà Khẩu'] },
    ],
  },
  {
    key: 'hoanh_bo', name: 'huyện Hoành Bồ', issuer: 'HU', profile: 'hoanh_bo',
    agencies: [school('Chi bộ Trường THPT Hoành Bồ'), health('Chi bộ Trung tâm Y tế huyện Hoành Bồ')],
    communes: [
      { name: 'phường Hoành Bồ', formedFrom: ['thị trấn Trới', 'xã Lê Lợi', 'xã Sơn Dương'] },
      { name: 'xã Thống Nhất', formedFrom: ['xã Thống Nhất', 'xã Vũ Oai', 'xã Hòa Bình'] },
      { name: 'xã Quảng La', formedFrom: ['xã Quảng La', 'xã Dân Chủ', 'xã Bằng Cả', 'xã Tân Dân'] },
      { name: 'xã Kỳ Thượng', formedFrom: ['xã Kỳ Thượng', 'xã Đồng Sơn', 'xã Đồng Lâm'], profile: 'dao_highland' },
    ],
  },
  {
    key: 'cam_pha', name: 'thành phố Cẩm Phả', issuer: 'TU', profile: 'lowland',
    agencies: [school('Chi bộ Trường THPT Cẩm Phả'), health('Chi bộ Trung tâm Y tế thành phố Cẩm Phả'),
      agency('Chi bộ Chi cục Thuế thành phố Cẩm Phả')],
    communes: [
      { name: 'phường Cẩm Phả', formedFrom: ['phường Cẩm Trung', 'phường Cẩm Thành', 'phường Cẩm Bình', 'phường Cẩm Tây'] },
      { name: 'phường Cửa Ông', formedFrom: ['phường Cửa Ông', 'phường Cẩm Thịnh', 'phường Cẩm Phú'] },
      { name: 'phường Mông Dương', formedFrom: ['phường Mông Dương', 'xã Dương Huy'] },
      { name: 'phường Quang Hanh', formedFrom: ['phường Quang Hanh', 'phường Cẩm Thạch', 'phường Cẩm Thủy'] },
    ],
  },
  {
    key: 'uong_bi', name: 'thành phố Uông Bí', issuer: 'TU', profile: 'lowland',
    agencies: [school('Chi bộ Trường THPT Hoàng Văn Thụ'), health('Chi bộ Trung tâm Y tế thành phố Uông Bí')],
    communes: [
      { name: 'phường Uông Bí', formedFrom: ['phường Quang Trung', 'phường Thanh Sơn', 'phường Trưng Vương', 'phường Yên Thanh'] },
      { name: 'phường Vàng Danh', formedFrom: ['phường Vàng Danh', 'phường Bắc Sơn'] },
      { name: 'phường Yên Tử', formedFrom: ['phường Phương Đông', 'xã Thượng Yên Công'] },
    ],
  },
  {
    key: 'mong_cai', name: 'thành phố Móng Cái', issuer: 'TU', profile: 'mong_cai',
    agencies: [school('Chi bộ Trường THPT Trần Phú'), health('Chi bộ Trung tâm Y tế thành phố Móng Cái'),
      agency('Chi bộ Chi cục Hải quan cửa khẩu Móng Cái')],
    communes: [
      { name: 'phường Móng Cái 1', formedFrom: ['phường Ka Long', 'phường Trần Phú', 'phường Hòa Lạc'] },
      { name: 'phường Móng Cái 2', formedFrom: ['phường Ninh Dương', 'phường Hải Yên'] },
      { name: 'phường Móng Cái 3', formedFrom: ['phường Bình Ngọc', 'phường Trà Cổ', 'xã Hải Xuân'] },
      { name: 'xã Hải Sơn', formedFrom: ['xã Hải Sơn', 'xã Bắc Sơn'], profile: 'dao_highland' },
      { name: 'xã Hải Ninh', formedFrom: ['xã Hải Đông', 'xã Hải Tiến'] },
      { name: 'xã Vĩnh Thực', formedFrom: ['xã Vĩnh Thực', 'xã Vĩnh Trung'] },
    ],
  },
  {
    key: 'dong_trieu', name: 'thị xã Đông Triều', issuer: 'TU', profile: 'lowland',
    agencies: [school('Chi bộ Trường THPT Đông Triều'), health('Chi bộ Trung tâm Y tế thị xã Đông Triều')],
    communes: [
      { name: 'phường Đông Triều', formedFrom: ['phường Đức Chính', 'phường Kim Sơn', 'phường Hưng Đạo'] },
      { name: 'phường Mạo Khê', formedFrom: ['phường Mạo Khê', 'phường Xuân Sơn'] },
      { name: 'phường Bình Khê', formedFrom: ['phường Tràng An', 'xã Bình Khê', 'xã Tràng Lương'] },
      { name: 'phường Hoàng Quế', formedFrom: ['phường Hoàng Quế', 'phường Yên Thọ', 'phường Hồng Phong'] },
    ],
  },
  {
    key: 'quang_yen', name: 'thị xã Quảng Yên', issuer: 'TU', profile: 'lowland',
    agencies: [school('Chi bộ Trường THPT Bạch Đằng'), health('Chi bộ Trung tâm Y tế thị xã Quảng Yên')],
    communes: [
      { name: 'phường Quảng Yên', formedFrom: ['phường Quảng Yên', 'phường Yên Giang'] },
      { name: 'phường Đông Mai', formedFrom: ['phường Đông Mai', 'phường Minh Thành'] },
      { name: 'phường Hiệp Hòa', formedFrom: ['xã Hiệp Hòa', 'phường Cộng Hòa'] },
      { name: 'phường Hà An', formedFrom: ['phường Hà An', 'xã Tiền Phong'] },
      { name: 'phường Phong Cốc', formedFrom: ['phường Phong Cốc', 'phường Phong Hải'] },
      { name: 'phường Liên Hòa', formedFrom: ['xã Liên Hòa', 'xã Liên Vị'] },
    ],
  },
  {
    key: 'van_don', name: 'huyện Vân Đồn', issuer: 'HU', profile: 'island',
    agencies: [school('Chi bộ Trường THPT Vân Đồn'), health('Chi bộ Trung tâm Y tế huyện Vân Đồn')],
    communes: [
      { name: 'đặc khu Vân Đồn', formedFrom: ['thị trấn Cái Rồng', 'xã Đông Xá', 'xã Hạ Long', 'xã Quan Lạn', 'xã Minh Châu', 'xã Bản Sen'] },
    ],
  },
  {
    key: 'co_to', name: 'huyện Cô Tô', issuer: 'HU', profile: 'island',
    agencies: [health('Chi bộ Trung tâm Y tế huyện Cô Tô')],
    communes: [{ name: 'đặc khu Cô Tô', formedFrom: ['thị trấn Cô Tô', 'xã Đồng Tiến', 'xã Thanh Lân'] }],
  },
  {
    key: 'tien_yen', name: 'huyện Tiên Yên', issuer: 'HU', profile: 'tien_yen',
    agencies: [school('Chi bộ Trường THPT Tiên Yên'), health('Chi bộ Trung tâm Y tế huyện Tiên Yên')],
    communes: [
      { name: 'xã Tiên Yên', formedFrom: ['thị trấn Tiên Yên', 'xã Phong Dụ', 'xã Yên Than'] },
      { name: 'xã Điền Xá', formedFrom: ['xã Điền Xá', 'xã Hà Lâu'] },
      { name: 'xã Đông Ngũ', formedFrom: ['xã Đông Ngũ', 'xã Đông Hải'] },
      { name: 'xã Hải Lạng', formedFrom: ['xã Hải Lạng', 'xã Đồng Rui'] },
    ],
  },
  {
    key: 'binh_lieu', name: 'huyện Bình Liêu', issuer: 'HU', profile: 'binh_lieu',
    agencies: [school('Chi bộ Trường THPT Bình Liêu'), school('Chi bộ Trường PTDT Nội trú THCS và THPT Bình Liêu'),
      health('Chi bộ Trung tâm Y tế huyện Bình Liêu'), agency('Chi bộ Kho bạc Nhà nước Bình Liêu'),
      agency('Chi bộ Bảo hiểm xã hội huyện Bình Liêu')],
    communes: [
      { name: 'xã Bình Liêu', formedFrom: ['thị trấn Bình Liêu', 'xã Vô Ngại', 'xã Húc Động'] },
      { name: 'xã Hoành Mô', formedFrom: ['xã Hoành Mô', 'xã Đồng Văn'] },
      { name: 'xã Lục Hồn', formedFrom: ['xã Lục Hồn', 'xã Tình Húc', 'xã Đồng Tâm'] },
    ],
  },
  {
    key: 'dam_ha', name: 'huyện Đầm Hà', issuer: 'HU', profile: 'coast_highland',
    agencies: [school('Chi bộ Trường THPT Đầm Hà'), health('Chi bộ Trung tâm Y tế huyện Đầm Hà')],
    communes: [
      { name: 'xã Đầm Hà', formedFrom: ['thị trấn Đầm Hà', 'xã Tân Bình', 'xã Đại Bình'] },
      { name: 'xã Quảng Tân', formedFrom: ['xã Quảng Tân', 'xã Quảng Lâm', 'xã Quảng An'] },
    ],
  },
  {
    key: 'hai_ha', name: 'huyện Hải Hà', issuer: 'HU', profile: 'coast_highland',
    agencies: [school('Chi bộ Trường THPT Quảng Hà'), health('Chi bộ Trung tâm Y tế huyện Hải Hà')],
    communes: [
      { name: 'xã Quảng Hà', formedFrom: ['thị trấn Quảng Hà', 'xã Quảng Minh', 'xã Quảng Chính'] },
      { name: 'xã Đường Hoa', formedFrom: ['xã Đường Hoa', 'xã Quảng Sơn'], profile: 'tien_yen' },
      { name: 'xã Quảng Đức', formedFrom: ['xã Quảng Đức', 'xã Quảng Thành'] },
      { name: 'xã Cái Chiên', formedFrom: ['xã Cái Chiên'] },
    ],
  },
  {
    key: 'ba_che', name: 'huyện Ba Chẽ', issuer: 'HU', profile: 'ba_che',
    agencies: [school('Chi bộ Trường THPT Ba Chẽ'), health('Chi bộ Trung tâm Y tế huyện Ba Chẽ')],
    communes: [
      { name: 'xã Ba Chẽ', formedFrom: ['thị trấn Ba Chẽ', 'xã Nam Sơn', 'xã Đồn Đạc', 'xã Thanh Sơn'] },
      { name: 'xã Lương Minh', formedFrom: ['xã Lương Minh', 'xã Minh Cầm', 'xã Đạp Thanh'] },
    ],
  },
];

/**
 * Order in which districts get their communes when a small demo cannot hold them all: each
 * round takes the next commune of every district, so even 1,000 members show the highland
 * communes, a merged district (Hoành Bồ into Hạ Long) and the 2025 reform. Hạ Long comes
 * before Hoành Bồ so that the district Hoành Bồ merges into is always there.
 */
export const DISTRICT_PRIORITY = [
  'binh_lieu', 'ha_long', 'hoanh_bo', 'mong_cai', 'tien_yen', 'cam_pha', 'uong_bi', 'ba_che', 'dong_trieu',
  'quang_yen', 'dam_ha', 'hai_ha', 'van_don', 'co_to',
] as const;

/** A real merger within the ten years: huyện Hoành Bồ joined thành phố Hạ Long on 1 Jan 2020. */
export const DISTRICT_MERGERS = [
  { from: 'hoanh_bo', into: 'ha_long', on: '2020-01-01', renames: { 'thị trấn Trới': 'phường Hoành Bồ' } },
] as const;

export type BlocItem =
  | { type: 'cell'; name: string; kind: CellKind; from?: string }
  | { type: 'committee'; name: string; kind: CellKind; cells: readonly string[] };

export type BlocData = { name: string; share: number; items: readonly BlocItem[] };

const cell = (name: string, kind: CellKind = 'agency', from?: string): BlocItem =>
  from ? { type: 'cell', name, kind, from } : { type: 'cell', name, kind };
const committee = (name: string, kind: CellKind, cells: readonly string[]): BlocItem => ({ type: 'committee', name, kind, cells });

/** Blocs directly under the province, unaffected by the 2025 reform; items in order of inclusion. */
export const BLOCS: readonly BlocData[] = [
  {
    name: 'Đảng bộ các cơ quan Đảng tỉnh', share: 0.4,
    items: [
      committee('Đảng bộ Văn phòng Tỉnh ủy', 'agency', ['Phòng Tổng hợp', 'Phòng Hành chính - Lưu trữ', 'Phòng Quản trị - Tài vụ', 'Phòng Công nghệ thông tin', 'Nhà khách Tỉnh ủy']),
      cell('Chi bộ Ban Tổ chức Tỉnh ủy'),
      cell('Chi bộ Ủy ban Kiểm tra Tỉnh ủy'),
      committee('Đảng bộ Trường Chính trị Nguyễn Văn Cừ', 'school', ['Khoa Lý luận cơ sở', 'Khoa Xây dựng Đảng', 'Khoa Nhà nước và Pháp luật', 'Khoa Dân vận', 'Phòng Tổ chức - Hành chính', 'Phòng Quản lý đào tạo']),
      cell('Chi bộ Ban Tuyên giáo và Dân vận Tỉnh ủy'),
      committee('Đảng bộ Trung tâm Truyền thông tỉnh', 'agency', ['Ban Thời sự', 'Ban Biên tập Báo in', 'Ban Chuyên đề', 'Ban Điện tử', 'Phòng Kỹ thuật - Công nghệ']),
      cell('Chi bộ Ban Nội chính Tỉnh ủy'),
      cell('Chi bộ Cơ quan Ủy ban Mặt trận Tổ quốc tỉnh'),
      cell('Chi bộ Tỉnh đoàn'),
      cell('Chi bộ Hội Liên hiệp Phụ nữ tỉnh'),
      cell('Chi bộ Hội Nông dân tỉnh'),
      cell('Chi bộ Hội Cựu chiến binh tỉnh'),
      cell('Chi bộ Liên đoàn Lao động tỉnh'),
      cell('Chi bộ Văn phòng Đoàn đại biểu Quốc hội và Hội đồng nhân dân tỉnh'),
    ],
  },
  {
    name: 'Đảng bộ Ủy ban nhân dân tỉnh', share: 0.6,
    items: [
      committee('Đảng bộ Sở Y tế', 'health', ['Văn phòng Sở', 'Phòng Nghiệp vụ Y', 'Phòng Kế hoạch - Tài chính', 'Trung tâm Kiểm soát bệnh tật', 'Chi cục Dân số', 'Trung tâm Giám định y khoa', 'Bệnh viện Phổi', 'Bệnh viện Y dược cổ truyền']),
      cell('Chi bộ Sở Tư pháp'),
      committee('Đảng bộ Bệnh viện Đa khoa tỉnh', 'health', ['Khoa Nội', 'Khoa Ngoại', 'Khoa Sản', 'Khoa Nhi', 'Khoa Hồi sức tích cực', 'Khoa Khám bệnh', 'Khoa Xét nghiệm', 'Khoa Chẩn đoán hình ảnh', 'Phòng Kế hoạch tổng hợp', 'Phòng Điều dưỡng']),
      cell('Chi bộ Trung tâm Phục vụ hành chính công tỉnh', 'agency', '2016-07-01'),
      committee('Đảng bộ Sở Giáo dục và Đào tạo', 'school', ['Văn phòng Sở', 'Phòng Giáo dục phổ thông', 'Phòng Khảo thí và Quản lý chất lượng', 'Trường THPT Chuyên Hạ Long', 'Trường THPT Ngô Quyền', 'Trường THPT Lê Quý Đôn', 'Trường THPT Vũ Văn Hiếu']),
      cell('Chi bộ Sở Khoa học và Công nghệ'),
      committee('Đảng bộ Trường Đại học Hạ Long', 'school', ['Khoa Du lịch', 'Khoa Ngoại ngữ', 'Khoa Công nghệ thông tin', 'Khoa Văn hóa', 'Khoa Nuôi trồng thủy sản', 'Khoa Sư phạm', 'Phòng Tổ chức - Hành chính']),
      cell('Chi bộ Thanh tra tỉnh'),
      cell('Chi bộ Ban Xúc tiến và Hỗ trợ đầu tư tỉnh', 'agency', '2018-04-01'),
      committee('Đảng bộ Công ty Điện lực Quảng Ninh', 'enterprise', ['Điện lực Hạ Long', 'Điện lực Cẩm Phả', 'Điện lực Uông Bí', 'Điện lực Móng Cái', 'Điện lực Đông Triều', 'Phòng Kỹ thuật']),
      committee('Đảng bộ Bệnh viện Bãi Cháy', 'health', ['Khoa Nội', 'Khoa Ngoại', 'Khoa Cấp cứu', 'Khoa Sản', 'Khoa Dược', 'Phòng Kế hoạch tổng hợp']),
      cell('Chi bộ Sở Công Thương'),
      cell('Chi bộ Sở Dân tộc và Tôn giáo', 'agency', '2025-03-01'),
      committee('Đảng bộ Sở Tài chính', 'agency', ['Văn phòng Sở', 'Phòng Quản lý ngân sách', 'Phòng Quản lý đầu tư', 'Phòng Quản lý giá và công sản', 'Phòng Tài chính doanh nghiệp']),
      committee('Đảng bộ Sở Nông nghiệp và Môi trường', 'agency', ['Văn phòng Sở', 'Chi cục Kiểm lâm', 'Chi cục Thủy sản', 'Chi cục Thủy lợi', 'Phòng Quản lý đất đai', 'Trung tâm Khuyến nông']),
      committee('Đảng bộ Công ty Cổ phần Nước sạch Quảng Ninh', 'enterprise', ['Xí nghiệp Nước Hạ Long', 'Xí nghiệp Nước Cẩm Phả', 'Xí nghiệp Nước Uông Bí', 'Xí nghiệp Nước Móng Cái', 'Phòng Kế hoạch - Kỹ thuật']),
      cell('Chi bộ Sở Ngoại vụ'),
      cell('Chi bộ Sở Xây dựng'),
      committee('Đảng bộ Văn phòng Ủy ban nhân dân tỉnh', 'agency', ['Phòng Tổng hợp', 'Phòng Kinh tế', 'Phòng Khoa giáo - Văn xã', 'Phòng Hành chính - Tổ chức', 'Trung tâm Thông tin']),
      cell('Chi bộ Sở Văn hóa, Thể thao và Du lịch'),
      cell('Chi bộ Sở Nội vụ'),
      cell('Chi bộ Ban Quản lý Khu kinh tế tỉnh'),
      cell('Chi bộ Quỹ Đầu tư phát triển tỉnh'),
    ],
  },
];

/** Village names in the highland communes (Tày, Dao, Sán Chay areas). */
export const HIGHLAND_VILLAGES = [
  'Khe Lánh', 'Nà Làng', 'Pắc Pẳng', 'Nà Phai', 'Bản Chuồng', 'Khe Mò', 'Nà Choòng', 'Phai Làu', 'Nà Ếch',
  'Khe Tiền', 'Cao Sơn', 'Bắc Cáp', 'Sông Moóc', 'Pò Hèn', 'Thán Phún', 'Khe Vằn', 'Nà Sa', 'Ngàn Vàng',
  'Bản Pạt', 'Khe Liềng', 'Nà Áng', 'Cốc Lồng', 'Nà Nhái', 'Lục Nà', 'Tầm Làng', 'Khe Mằn', 'Nà Dạn',
  'Pắc Liềng', 'Khe Và', 'Lòng Vài', 'Nà Hắc', 'Khe Cát', 'Đồng Mạ', 'Khe Giữa', 'Bản Lải', 'Pắc Cáy',
  'Ngàn Mèo', 'Ngàn Chi', 'Phiêng Chiểng', 'Nà Pá',
] as const;

/** Village names in the lowland and coastal communes. */
export const LOWLAND_VILLAGES = [
  'Đông', 'Tây', 'Nam', 'Bắc', 'Trung', 'Đồng Tâm', 'Tân Tiến', 'Đoàn Kết', 'Thống Nhất', 'Tân Hợp',
  'Đồng Thắng', 'Bình Minh', 'Quang Trung', 'Trại Mới', 'Xóm Giữa', 'Đông Sơn', 'Tây Sơn', 'Nam Hải',
  'Bắc Hải', 'Cái Tăn', 'Vạn Hoa', 'Xóm Bãi', 'Hà Tràng', 'Yên Hợp', 'Phú Thanh', 'Hải Yến', 'Cẩm La',
  'Hòa Bình', 'An Thái', 'Phong Thịnh', 'Đồng Bái', 'Bến Giang', 'Cống Mương', 'Trại Thông', 'Xuân Quang',
  'Hưng Học',
] as const;

/** Birth places and home towns of members who came from other provinces (names before 2025). */
export const OTHER_PROVINCE_PLACES = [
  'xã Vũ Hội, huyện Vũ Thư, tỉnh Thái Bình', 'xã Thụy Hải, huyện Thái Thụy, tỉnh Thái Bình',
  'xã Hải Anh, huyện Hải Hậu, tỉnh Nam Định', 'xã Nam Hồng, huyện Nam Trực, tỉnh Nam Định',
  'xã Thanh Hải, huyện Thanh Hà, tỉnh Hải Dương', 'xã Kiến Quốc, huyện Kiến Thụy, thành phố Hải Phòng',
  'xã Tân Dân, huyện Khoái Châu, tỉnh Hưng Yên', 'xã Hoằng Đạo, huyện Hoằng Hóa, tỉnh Thanh Hóa',
  'xã Diễn Kim, huyện Diễn Châu, tỉnh Nghệ An', 'xã Yên Mỹ, huyện Yên Mô, tỉnh Ninh Bình',
  'xã Mai Đình, huyện Sóc Sơn, thành phố Hà Nội', 'xã Hồng Phong, huyện Ninh Giang, tỉnh Hải Dương',
  'xã Đông Hưng, huyện Tiên Lãng, thành phố Hải Phòng', 'xã Yên Lư, huyện Yên Dũng, tỉnh Bắc Giang',
] as const;

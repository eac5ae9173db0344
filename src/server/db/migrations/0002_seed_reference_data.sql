-- Up Migration
-- Reference data every installation starts with; all of it can be edited through the API.

INSERT INTO rules (key, valid_from, value, source) VALUES
  ('probation.months',             '1930-02-03', '12',  'Party Charter, art. 5'),
  ('admission.min_age_months',     '1930-02-03', '216', 'Party Charter, art. 1 (18 years)'),
  ('admission.max_age_months',     '1930-02-03', '720', 'Guidance 01-HD/TW: over 60 needs provincial approval');

INSERT INTO unit_types (code, rank, has_committee, holds_members, root_allowed, allowed_child_types, valid_from, valid_to, names) VALUES
  ('central', 0, true, false, true, '{province,bloc}', '1930-02-03', 'infinity',
   '{"vi":"Ban Chấp hành Trung ương","en":"Central Committee","ru":"Центральный комитет","ar":"اللجنة المركزية","fa":"کمیته مرکزی"}'),
  ('province', 1, true, false, true, '{district,commune,bloc,grassroots_committee,grassroots_cell}', '1930-02-03', 'infinity',
   '{"vi":"Đảng bộ tỉnh, thành phố","en":"Provincial party organization","ru":"Провинциальная партийная организация","ar":"منظمة الحزب في المقاطعة","fa":"سازمان حزبی استان"}'),
  ('district', 2, true, false, false, '{grassroots_committee,grassroots_cell}', '1930-02-03', '2025-07-01',
   '{"vi":"Đảng bộ huyện, quận, thị xã","en":"District party organization","ru":"Районная партийная организация","ar":"منظمة الحزب في المنطقة","fa":"سازمان حزبی شهرستان"}'),
  ('commune', 2, true, false, false, '{grassroots_committee,grassroots_cell,partial_committee,subordinate_cell}', '2025-07-01', 'infinity',
   '{"vi":"Đảng bộ xã, phường, đặc khu","en":"Commune, ward or special-zone party organization","ru":"Партийная организация общины, квартала или особой зоны","ar":"منظمة الحزب في البلدية أو الحي أو المنطقة الخاصة","fa":"سازمان حزبی کمون، بخش یا منطقه ویژه"}'),
  ('bloc', 2, true, false, false, '{grassroots_committee,grassroots_cell}', '1930-02-03', 'infinity',
   '{"vi":"Đảng bộ khối","en":"Bloc party organization","ru":"Партийная организация блока","ar":"منظمة الحزب في الكتلة","fa":"سازمان حزبی بلوک"}'),
  ('grassroots_committee', 3, true, false, false, '{partial_committee,subordinate_cell}', '1930-02-03', 'infinity',
   '{"vi":"Đảng bộ cơ sở","en":"Grassroots party committee","ru":"Первичная партийная организация","ar":"منظمة حزبية قاعدية","fa":"سازمان حزبی پایه"}'),
  ('grassroots_cell', 3, false, true, false, '{party_group}', '1930-02-03', 'infinity',
   '{"vi":"Chi bộ cơ sở","en":"Grassroots cell","ru":"Первичная партийная ячейка","ar":"خلية حزبية قاعدية","fa":"حوزه حزبی پایه"}'),
  ('partial_committee', 4, true, false, false, '{subordinate_cell}', '1930-02-03', 'infinity',
   '{"vi":"Đảng bộ bộ phận","en":"Partial party committee","ru":"Цеховая партийная организация","ar":"منظمة حزبية فرعية","fa":"سازمان حزبی بخشی"}'),
  ('subordinate_cell', 5, false, true, false, '{party_group}', '1930-02-03', 'infinity',
   '{"vi":"Chi bộ trực thuộc","en":"Subordinate cell","ru":"Подчинённая партийная ячейка","ar":"خلية حزبية تابعة","fa":"حوزه حزبی تابعه"}'),
  ('party_group', 6, false, false, false, '{}', '1930-02-03', 'infinity',
   '{"vi":"Tổ đảng","en":"Party group","ru":"Партийная группа","ar":"مجموعة حزبية","fa":"گروه حزبی"}');

-- Down Migration
DELETE FROM unit_types;
DELETE FROM rules;

-- Up Migration
-- Counts kept as the data changes, so that the figures of the nation and of a province are read,
-- not recounted: a recount reads every active span of the subtree and its member (seconds for a
-- province, most of a minute for the nation), every event of ten years, every unit.
--
-- Every membership span contributes, to each counted unit above it, +1 on the day it opens and
-- -1 on the day it closes, under each breakdown of DOMAIN.md §9 (status, gender, age band,
-- ethnicity, religion, education, qualification, theory level); the age band also moves on the
-- member's 31st, 41st, 51st, 61st and 71st birthdays while the span lasts. Every unit version
-- does the same under its unit's type (dimension 'unit_type'). The count of a unit as of a date
-- is the sum of its contributions up to that date: whole years from kept_count_years, the
-- months of the date's year from kept_count_months, the days of its month from kept_count_days
-- (kept_counts_as_of). Events (admissions, recognitions, deaths)
-- are counted per day and kind in event_count_days; a period's count is a sum over its days.
--
-- The counted units are those at depth 1 and 2 of the tree (the nation and the provinces),
-- named by their path: spans, versions and events keep the path of their place, so a
-- contribution stays where it was made, exactly as a recount by path finds it. Deeper units are
-- recounted; they hold thousands of members, not millions.
--
-- Statement triggers on membership_spans, members, unit_versions, units and member_events keep
-- the tables equal to the sum of the contributions of the rows as they are; kept_counts_rebuild
-- recomputes them, and `partywork stats verify` compares them with a recount.

-- The member's age band on a day: whole years as age() counts them (a birthday of 29 February
-- comes on 1 March in other years), by the arithmetic of yyyymmdd numbers, several times cheaper
-- than age() on the millions of rows a rebuild reads. The recount uses the same function.
CREATE FUNCTION member_age_band(birth date, on_day date) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT CASE WHEN y <= 30 THEN 'up_to_30' WHEN y <= 40 THEN '31_40' WHEN y <= 50 THEN '41_50'
              WHEN y <= 60 THEN '51_60' WHEN y <= 70 THEN '61_70' ELSE 'over_70' END
  FROM (SELECT ((date_part('year', on_day) - date_part('year', birth)) * 10000
               + (date_part('month', on_day) - date_part('month', birth)) * 100
               + date_part('day', on_day) - date_part('day', birth))::int / 10000 AS y) a
$$;

-- The first day the member is `years` old: the same month and day, or 1 March for 29 February
-- in a year without it.
CREATE FUNCTION member_birthday(birth date, years int) RETURNS date
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT make_date(date_part('year', birth)::int + years, date_part('month', birth)::int, 1) + (date_part('day', birth)::int - 1)
$$;

-- The counted units above (or at) a path: its first one and two ids.
CREATE FUNCTION member_count_nodes(path text) RETURNS SETOF text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT n FROM (VALUES (split_part(path, '.', 1) || '.'),
                        (CASE WHEN split_part(path, '.', 2) <> '' THEN split_part(path, '.', 1) || '.' || split_part(path, '.', 2) || '.' END)) v(n)
  WHERE n IS NOT NULL
$$;

-- What one span of a member adds to the counts (or takes away, times -1). Across a birthday of
-- 31, 41, 51, 61 or 71 the member leaves the band before it for the next.
CREATE FUNCTION member_count_contributions(
  path text, status text, valid_from date, valid_to date,
  gender text, birth date, ethnicity text, religion text, education text, qualification text, theory_level text
) RETURNS TABLE (node text, day date, dimension text, key text, delta int)
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
  SELECT n.node, x.day, x.dimension, x.key, x.delta
  FROM member_count_nodes(path) AS n(node)
  CROSS JOIN (
    SELECT e.day, d.dimension, d.key, e.delta
    FROM (VALUES (valid_from, 1), (valid_to, -1)) AS e(day, delta)
    CROSS JOIN (VALUES ('status', status), ('gender', gender), ('ethnicity', ethnicity), ('religion', religion),
                       ('education', coalesce(education, 'unknown')), ('qualification', coalesce(qualification, 'unknown')),
                       ('theory_level', coalesce(theory_level, 'unknown'))) AS d(dimension, key)
    WHERE e.day <> 'infinity'
    UNION ALL
    SELECT valid_from, 'age_band', member_age_band(birth, valid_from), 1
    UNION ALL
    SELECT valid_to, 'age_band', member_age_band(birth, CASE WHEN valid_to = 'infinity' THEN valid_from ELSE valid_to - 1 END), -1
    WHERE valid_to <> 'infinity'
    UNION ALL
    SELECT c.day, 'age_band', b.key, b.delta
    FROM (VALUES (31, 'up_to_30', '31_40'), (41, '31_40', '41_50'), (51, '41_50', '51_60'), (61, '51_60', '61_70'),
                 (71, '61_70', 'over_70')) AS t(years, before, after)
    CROSS JOIN LATERAL (SELECT member_birthday(birth, t.years) AS day) c
    CROSS JOIN LATERAL (VALUES (t.before, -1), (t.after, 1)) AS b(key, delta)
    WHERE c.day > valid_from AND c.day < valid_to
  ) x
$$;

CREATE TABLE kept_count_days (
  node      text COLLATE "C" NOT NULL,
  day       date NOT NULL,
  dimension text NOT NULL,
  key       text NOT NULL,
  delta     integer NOT NULL,
  PRIMARY KEY (node, day, dimension, key)
);
CREATE TABLE kept_count_months (
  node      text COLLATE "C" NOT NULL,
  month     date NOT NULL,
  dimension text NOT NULL,
  key       text NOT NULL,
  delta     integer NOT NULL,
  PRIMARY KEY (node, month, dimension, key)
);

CREATE TABLE kept_count_years (
  node      text COLLATE "C" NOT NULL,
  year      date NOT NULL,
  dimension text NOT NULL,
  key       text NOT NULL,
  delta     integer NOT NULL,
  PRIMARY KEY (node, year, dimension, key)
);

-- Only the triggers' owner writes them; a reader sees the units in their scope.
REVOKE INSERT, UPDATE, DELETE ON kept_count_days, kept_count_months, kept_count_years FROM partywork_scoped;
ALTER TABLE kept_count_years ENABLE ROW LEVEL SECURITY;
CREATE POLICY kept_count_years_in_scope ON kept_count_years TO partywork_scoped USING (partywork_scope_allows(node));
ALTER TABLE kept_count_days ENABLE ROW LEVEL SECURITY;
ALTER TABLE kept_count_months ENABLE ROW LEVEL SECURITY;
CREATE POLICY kept_count_days_in_scope ON kept_count_days TO partywork_scoped USING (partywork_scope_allows(node));
CREATE POLICY kept_count_months_in_scope ON kept_count_months TO partywork_scoped USING (partywork_scope_allows(node));

-- A counted unit's counts as of a date: the years before the date's year, the months of its year
-- before its month, the days of its month up to it. Some 100 years, 11 months and 31 days of
-- rows per key, whatever the number of members. Read as the caller (under the tables' policies).
CREATE FUNCTION kept_counts_as_of(p_node text, p_date date) RETURNS TABLE (dimension text, key text, count integer)
LANGUAGE sql STABLE AS $$
  SELECT dimension, key, sum(delta)::int FROM (
    SELECT dimension, key, delta FROM kept_count_years WHERE node = p_node AND year < date_trunc('year', p_date)::date
    UNION ALL
    SELECT dimension, key, delta FROM kept_count_months
    WHERE node = p_node AND month >= date_trunc('year', p_date)::date AND month < date_trunc('month', p_date)::date
    UNION ALL
    SELECT dimension, key, delta FROM kept_count_days
    WHERE node = p_node AND day >= date_trunc('month', p_date)::date AND day <= p_date) x
  GROUP BY 1, 2 HAVING sum(delta) <> 0
$$;

-- The statement that adds `contributions` (rows of node, day, dimension, key, delta) to the three
-- tables: one upsert per table, the rows in key order so that concurrent writers lock them in the
-- same order. The trigger functions run it themselves: a transition table is visible only to the
-- function of its trigger.
CREATE FUNCTION kept_counts_add(contributions text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH c AS (
      SELECT node, day, dimension, key, sum(delta)::int AS delta FROM (%s) x (node, day, dimension, key, delta)
      GROUP BY 1, 2, 3, 4 HAVING sum(delta) <> 0),
    days AS (
      INSERT INTO kept_count_days AS t SELECT * FROM c ORDER BY 1, 2, 3, 4
      ON CONFLICT (node, day, dimension, key) DO UPDATE SET delta = t.delta + excluded.delta),
    months AS (
      INSERT INTO kept_count_months AS t
      SELECT node, date_trunc('month', day)::date, dimension, key, sum(delta) FROM c GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
      ON CONFLICT (node, month, dimension, key) DO UPDATE SET delta = t.delta + excluded.delta)
    INSERT INTO kept_count_years AS t
    SELECT node, date_trunc('year', day)::date, dimension, key, sum(delta) FROM c GROUP BY 1, 2, 3, 4 ORDER BY 1, 2, 3, 4
    ON CONFLICT (node, year, dimension, key) DO UPDATE SET delta = t.delta + excluded.delta
  $q$, contributions)
$$;

-- ... of `changed`: spans with their member's fields and a sign.
CREATE FUNCTION member_counts_add(changed text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT kept_counts_add(format($q$
    SELECT x.node, x.day, x.dimension, x.key, x.delta * ch.sign
    FROM (%s) ch
    CROSS JOIN LATERAL member_count_contributions(ch.unit_path, ch.status, ch.valid_from, ch.valid_to, ch.gender,
      ch.birth_date, ch.ethnicity, ch.religion, ch.education, ch.qualification, ch.theory_level) x
  $q$, changed))
$$;

-- ... of `changed`: unit versions with their unit's type and a sign. Units open on a day are
-- counted by type (dimension 'unit_type') as members are: +1 when a version opens, -1 when it closes.
CREATE FUNCTION unit_counts_add(changed text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT kept_counts_add(format($q$
    SELECT n.node, e.day, 'unit_type', ch.type_code, e.delta * ch.sign
    FROM (%s) ch
    CROSS JOIN LATERAL member_count_nodes(ch.path) AS n(node)
    CROSS JOIN LATERAL (VALUES (ch.valid_from, 1), (ch.valid_to, -1)) AS e(day, delta)
    WHERE e.day <> 'infinity'
  $q$, changed))
$$;

-- Events the same way: how many of each kind happened on a day under each counted unit, as the
-- report's admissions, recognitions and deaths count them (by the path of the event's unit on
-- its day, not voided by a correction). A period's count is a sum over its days: some 3,650 rows
-- per kind for ten years of the nation.
CREATE TABLE event_count_days (
  node  text COLLATE "C" NOT NULL,
  day   date NOT NULL,
  kind  text NOT NULL,
  count integer NOT NULL,
  PRIMARY KEY (node, day, kind)
);
REVOKE INSERT, UPDATE, DELETE ON event_count_days FROM partywork_scoped;
ALTER TABLE event_count_days ENABLE ROW LEVEL SECURITY;
CREATE POLICY event_count_days_in_scope ON event_count_days TO partywork_scoped USING (partywork_scope_allows(node));

-- The statement that adds `changed` (events' unit_path, effective_on, kind, voided_by and a sign).
CREATE FUNCTION event_counts_add(changed text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
  SELECT format($q$
    WITH changed AS (%s)
    INSERT INTO event_count_days AS t
    SELECT n.node, ch.effective_on, ch.kind, sum(ch.sign)::int
    FROM changed ch CROSS JOIN LATERAL member_count_nodes(ch.unit_path) AS n(node)
    WHERE ch.unit_path IS NOT NULL AND ch.voided_by IS NULL
    GROUP BY 1, 2, 3 HAVING sum(ch.sign) <> 0 ORDER BY 1, 2, 3
    ON CONFLICT (node, day, kind) DO UPDATE SET count = t.count + excluded.count
  $q$, changed)
$$;

-- One trigger function for the three tables whose rows contribute: it hands the changed rows,
-- with the fields the table's statement builder takes and a sign, to that builder. The
-- transition tables are old_rows and new_rows in every trigger.
CREATE FUNCTION kept_counts_rows_changed() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  -- %1$s: old_rows or new_rows; %2$s: the sign.
  source constant text := CASE TG_TABLE_NAME
    WHEN 'membership_spans' THEN 'SELECT r.unit_path, r.status, r.valid_from, r.valid_to, m.gender, m.birth_date, m.ethnicity,
      m.religion, m.education, m.qualification, m.theory_level, %2$s AS sign FROM %1$s r JOIN members m ON m.id = r.member_id'
    WHEN 'unit_versions' THEN 'SELECT r.path, r.valid_from, r.valid_to, u.type_code, %2$s AS sign FROM %1$s r JOIN units u ON u.id = r.unit_id'
    WHEN 'member_events' THEN 'SELECT r.unit_path, r.effective_on, r.kind, r.voided_by, %2$s AS sign FROM %1$s r' END;
  builder constant text := CASE TG_TABLE_NAME
    WHEN 'membership_spans' THEN 'member_counts_add' WHEN 'unit_versions' THEN 'unit_counts_add' WHEN 'member_events' THEN 'event_counts_add' END;
  changed text[] := '{}';
  statement text;
BEGIN
  IF TG_OP <> 'INSERT' THEN changed := changed || format(source, 'old_rows', -1); END IF;
  IF TG_OP <> 'DELETE' THEN changed := changed || format(source, 'new_rows', 1); END IF;
  EXECUTE format('SELECT %I($1)', builder) INTO statement USING array_to_string(changed, ' UNION ALL ');
  EXECUTE statement;
  RETURN NULL;
END $$;

-- A member's changed fields move every span of theirs from the old keys to the new.
CREATE FUNCTION member_counts_members() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  EXECUTE member_counts_add($q$
    WITH moved AS (
      SELECT n.id FROM old_members o JOIN new_members n ON n.id = o.id
      WHERE (o.gender, o.birth_date, o.ethnicity, o.religion, o.education, o.qualification, o.theory_level)
            IS DISTINCT FROM (n.gender, n.birth_date, n.ethnicity, n.religion, n.education, n.qualification, n.theory_level))
    SELECT s.unit_path, s.status, s.valid_from, s.valid_to, m.gender, m.birth_date, m.ethnicity,
           m.religion, m.education, m.qualification, m.theory_level, -1 AS sign
    FROM moved JOIN old_members m ON m.id = moved.id JOIN membership_spans s ON s.member_id = m.id
    UNION ALL
    SELECT s.unit_path, s.status, s.valid_from, s.valid_to, m.gender, m.birth_date, m.ethnicity,
           m.religion, m.education, m.qualification, m.theory_level, 1
    FROM moved JOIN new_members m ON m.id = moved.id JOIN membership_spans s ON s.member_id = m.id
  $q$);
  RETURN NULL;
END $$;

-- A unit whose type changed moves every version of it to the new key.
CREATE FUNCTION unit_counts_units() RETURNS trigger
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
BEGIN
  EXECUTE unit_counts_add($q$
    SELECT v.path, v.valid_from, v.valid_to, o.type_code, -1 AS sign
    FROM old_units o JOIN new_units n ON n.id = o.id JOIN unit_versions v ON v.unit_id = n.id WHERE o.type_code <> n.type_code
    UNION ALL
    SELECT v.path, v.valid_from, v.valid_to, n.type_code, 1
    FROM old_units o JOIN new_units n ON n.id = o.id JOIN unit_versions v ON v.unit_id = n.id WHERE o.type_code <> n.type_code
  $q$);
  RETURN NULL;
END $$;

-- Statement triggers: a restructure that moves a million spans adds their contributions in one
-- pass. (A trigger with transition tables serves one event only.)
CREATE TRIGGER member_counts_insert AFTER INSERT ON membership_spans
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER member_counts_update AFTER UPDATE ON membership_spans
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER member_counts_delete AFTER DELETE ON membership_spans
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER unit_counts_insert AFTER INSERT ON unit_versions
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER unit_counts_update AFTER UPDATE ON unit_versions
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER unit_counts_delete AFTER DELETE ON unit_versions
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER event_counts_insert AFTER INSERT ON member_events
  REFERENCING NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER event_counts_update AFTER UPDATE ON member_events
  REFERENCING OLD TABLE AS old_rows NEW TABLE AS new_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER event_counts_delete AFTER DELETE ON member_events
  REFERENCING OLD TABLE AS old_rows FOR EACH STATEMENT EXECUTE FUNCTION kept_counts_rows_changed();
CREATE TRIGGER member_counts_members AFTER UPDATE ON members
  REFERENCING OLD TABLE AS old_members NEW TABLE AS new_members FOR EACH STATEMENT EXECUTE FUNCTION member_counts_members();
CREATE TRIGGER unit_counts_units AFTER UPDATE ON units
  REFERENCING OLD TABLE AS old_units NEW TABLE AS new_units FOR EACH STATEMENT EXECUTE FUNCTION unit_counts_units();

-- Recomputes the kept counts from the spans, unit versions and events (after a bulk load that bypassed the
-- triggers, or to repair what `partywork stats verify` found).
CREATE FUNCTION kept_counts_rebuild() RETURNS void
LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  DELETE FROM kept_count_days;
  DELETE FROM kept_count_months;
  DELETE FROM kept_count_years;
  DELETE FROM event_count_days;
  EXECUTE member_counts_add('SELECT s.unit_path, s.status, s.valid_from, s.valid_to, m.gender, m.birth_date, m.ethnicity,
    m.religion, m.education, m.qualification, m.theory_level, 1 AS sign FROM membership_spans s JOIN members m ON m.id = s.member_id');
  EXECUTE event_counts_add('SELECT unit_path, effective_on, kind, voided_by, 1 AS sign FROM member_events');
  EXECUTE unit_counts_add('SELECT v.path, v.valid_from, v.valid_to, u.type_code, 1 AS sign FROM unit_versions v JOIN units u ON u.id = v.unit_id');
END $$;
REVOKE ALL ON FUNCTION kept_counts_rebuild() FROM PUBLIC;

SELECT kept_counts_rebuild();

-- Down Migration
DROP TRIGGER unit_counts_units ON units;
DROP TRIGGER member_counts_members ON members;
DROP TRIGGER event_counts_delete ON member_events;
DROP TRIGGER event_counts_update ON member_events;
DROP TRIGGER event_counts_insert ON member_events;
DROP TRIGGER unit_counts_delete ON unit_versions;
DROP TRIGGER unit_counts_update ON unit_versions;
DROP TRIGGER unit_counts_insert ON unit_versions;
DROP TRIGGER member_counts_delete ON membership_spans;
DROP TRIGGER member_counts_update ON membership_spans;
DROP TRIGGER member_counts_insert ON membership_spans;
DROP FUNCTION kept_counts_rebuild();
DROP FUNCTION unit_counts_units();
DROP FUNCTION member_counts_members();
DROP FUNCTION kept_counts_rows_changed();
DROP FUNCTION event_counts_add(text);
DROP TABLE event_count_days;
DROP FUNCTION member_counts_add(text);
DROP FUNCTION unit_counts_add(text);
DROP FUNCTION kept_counts_add(text);
DROP FUNCTION kept_counts_as_of(text, date);
DROP TABLE kept_count_years;
DROP TABLE kept_count_months;
DROP TABLE kept_count_days;
DROP FUNCTION member_count_contributions(text, text, date, date, text, date, text, text, text, text, text);
DROP FUNCTION member_count_nodes(text);
DROP FUNCTION member_birthday(date, int);
DROP FUNCTION member_age_band(date, date);

-- Up Migration
-- Party badges (Huy hiệu Đảng) for 30, 40, 45, ... 90 years of party age, awarded on the four
-- award days of the year; up to 12 months early (30-65 years) or 24 months early (70-90) for a
-- member who is seriously ill. The numbers are rules with an effective date, not constants.
INSERT INTO rules (key, valid_from, value, source) VALUES
  ('badge.years',       '1930-02-03', '[30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90]', 'Regulation on party badges'),
  ('badge.award_days',  '1930-02-03', '["02-03", "05-19", "09-02", "11-07"]', 'Regulation on party badges: 3/2, 19/5, 2/9, 7/11'),
  ('badge.early_months','1930-02-03', '[{"upTo": 65, "months": 12}, {"upTo": 90, "months": 24}]', 'Regulation on party badges: early award for the seriously ill');

-- One row per badge awarded; a badge is never edited or removed by a request (a wrong record is
-- corrected by the audit-kept procedure of the future, not by an UPDATE).
CREATE TABLE party_badges (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id    bigint      NOT NULL REFERENCES members (id),
  years        integer     NOT NULL CHECK (years BETWEEN 1 AND 120),
  awarded_on   date        NOT NULL,
  -- The member's unit and its path on the award day, so that counts per unit need no join to spans.
  unit_id      bigint      NOT NULL REFERENCES units (id),
  unit_path    text        COLLATE "C" NOT NULL,
  decision_no  text        NOT NULL,
  early        boolean     NOT NULL DEFAULT false,
  early_reason text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  recorded_by  bigint      REFERENCES users (id),
  UNIQUE (member_id, years),
  CHECK (early = (early_reason IS NOT NULL))
);
CREATE INDEX party_badges_path ON party_badges (unit_path, awarded_on);

GRANT SELECT, INSERT ON party_badges TO partywork_scoped;
REVOKE UPDATE, DELETE ON party_badges FROM partywork_scoped;
GRANT USAGE, SELECT ON SEQUENCE party_badges_id_seq TO partywork_scoped;

ALTER TABLE party_badges ENABLE ROW LEVEL SECURITY;
-- A member's badges are read wherever the member is readable (a badge from an earlier unit must
-- not look missing where the member is now); one is awarded only where the caller reaches.
CREATE POLICY party_badges_in_scope ON party_badges TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = party_badges.member_id))
  WITH CHECK (partywork_scope_allows(unit_path));

-- Down Migration
DROP TABLE party_badges;
DELETE FROM rules WHERE key IN ('badge.years', 'badge.award_days', 'badge.early_months');

-- Up Migration
-- Exemption from party work and meetings, for age or health, by a resolution of the member's
-- cell. The member stays a member (counted, in the same span); the exemption is a period of its
-- own. Ending one records its last day; nothing is deleted.
CREATE TABLE member_exemptions (
  id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id     bigint      NOT NULL REFERENCES members (id),
  reason        text        NOT NULL CHECK (reason IN ('age', 'health')),
  resolution_no text        NOT NULL,
  valid_from    date        NOT NULL,
  valid_to      date        NOT NULL DEFAULT 'infinity',
  -- The member's unit and its path when the exemption began.
  unit_id       bigint      NOT NULL REFERENCES units (id),
  unit_path     text        COLLATE "C" NOT NULL,
  note          text,
  ended_by_resolution text,
  recorded_at   timestamptz NOT NULL DEFAULT now(),
  recorded_by   bigint      REFERENCES users (id),
  CHECK (valid_from < valid_to)
);
CREATE INDEX member_exemptions_member ON member_exemptions (member_id, valid_from);
CREATE INDEX member_exemptions_path ON member_exemptions (unit_path, valid_from);

GRANT SELECT, INSERT, UPDATE ON member_exemptions TO partywork_scoped;
REVOKE DELETE ON member_exemptions FROM partywork_scoped;
GRANT USAGE, SELECT ON SEQUENCE member_exemptions_id_seq TO partywork_scoped;

-- Read wherever the member is readable; written only where the caller reaches.
ALTER TABLE member_exemptions ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_exemptions_in_scope ON member_exemptions TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_exemptions.member_id))
  WITH CHECK (partywork_scope_allows(unit_path));

-- Down Migration
DROP TABLE member_exemptions;

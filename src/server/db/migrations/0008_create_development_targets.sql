-- Up Migration
-- Member development targets: how many new members a unit is to admit in a calendar year, set
-- by the unit above or by the unit itself, and revised during the year. Every revision is a new
-- row, never an edit, so that any earlier report can be produced again with the target it had.
--
-- A revision is in force from the day it was recorded, not from an effective date the client
-- chooses. A target is what a committee knew and worked towards: an effective date typed in
-- afterwards would change the achievement of a report that was already read out at a review
-- conference, and "as of a past date" would no longer give the target then known. The decision
-- that set the target, with its own number and date, is named in decision_ref.
--
-- The legal day of recording (recorded_on, in Vietnam) is kept beside the instant (recorded_at)
-- because every "as of" in the platform is a legal day in Vietnam: a revision recorded at 06:30
-- on 1 January in Hà Nội is still 31 December in UTC, and comparing the instant with a date
-- would put it in the wrong year. The day is the server's, never the client's.
CREATE TABLE development_targets (
  id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id           bigint      NOT NULL REFERENCES units (id),
  year              integer     NOT NULL CHECK (year BETWEEN 1930 AND 2200),
  target            integer     NOT NULL CHECK (target >= 0),
  decision_ref      text,
  note              text,
  recorded_on       date        NOT NULL,
  recorded_at       timestamptz NOT NULL DEFAULT now(),
  recorded_by       bigint      REFERENCES users (id),
  recorded_by_label text        NOT NULL
);
-- The revision in force on a date is the latest recorded on or before it (the later id on a tie).
CREATE INDEX development_targets_unit_year ON development_targets (unit_id, year, recorded_on, id);

-- Requests may add revisions and read them, never change or remove one.
GRANT SELECT, INSERT ON development_targets TO partywork_scoped;
REVOKE UPDATE, DELETE ON development_targets FROM partywork_scoped;
GRANT USAGE, SELECT ON SEQUENCE development_targets_id_seq TO partywork_scoped;

-- Down Migration
DROP TABLE development_targets;

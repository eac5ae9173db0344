-- Up Migration
-- Imports of members and units from spreadsheets. A job holds one uploaded file, the column
-- mapping chosen for it and the outcome of its last run (a dry run or an apply). A run first
-- checks every row and keeps what it will write in import_rows, committed page by page, so
-- the rest of the platform keeps working while a large file is read; then it applies the kept
-- rows in one transaction. A cancel, a failure or a restart in between leaves nothing applied.

CREATE TABLE import_jobs (
  id            bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind          text        NOT NULL CHECK (kind IN ('members', 'units')),
  -- Where names in unit paths start, and the unit of rows that name none.
  unit_id       bigint      NOT NULL REFERENCES units (id),
  file_name     text        NOT NULL,
  file_key      text        NOT NULL,
  file_bytes    bigint      NOT NULL,
  format        text        NOT NULL CHECK (format IN ('csv', 'xlsx')),
  encoding      text,
  header        jsonb       NOT NULL,
  header_row    integer     NOT NULL,
  mapping       jsonb,
  mode          text        CHECK (mode IN ('all_or_nothing', 'valid_rows')),
  dry_run       boolean,
  state         text        NOT NULL CHECK (state IN
                  ('uploaded', 'checking', 'applying', 'checked', 'applied', 'rejected', 'cancelled', 'failed')),
  total_rows    integer     NOT NULL DEFAULT 0,
  new_rows      integer     NOT NULL DEFAULT 0,
  updated_rows  integer     NOT NULL DEFAULT 0,
  unchanged_rows integer    NOT NULL DEFAULT 0,
  rejected_rows integer     NOT NULL DEFAULT 0,
  failure       text,
  created_by    bigint      REFERENCES users (id),
  created_at    timestamptz NOT NULL DEFAULT now(),
  started_at    timestamptz,
  finished_at   timestamptz
);
CREATE INDEX import_jobs_creator ON import_jobs (created_by, id DESC);

-- Rows of the latest run that will be written (new, updated) or that were refused (rejected,
-- with the input cells and the issues, for the error file). Unchanged rows are only counted.
CREATE UNLOGGED TABLE import_rows (
  job_id      bigint  NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
  row_number  integer NOT NULL,
  action      text    NOT NULL CHECK (action IN ('new', 'updated', 'rejected')),
  -- The record the row matched (updated) or created (new, once applied).
  target_id   bigint,
  -- Citizen ID or card number (members) or code (units): how a created record is found again.
  match_key   text,
  data        jsonb,
  cells       jsonb,
  issues      jsonb,
  PRIMARY KEY (job_id, row_number)
);
CREATE INDEX import_rows_action ON import_rows (job_id, action, row_number);
CREATE INDEX import_rows_key ON import_rows (job_id, match_key);
CREATE INDEX import_rows_target ON import_rows (job_id, target_id);

-- Column mappings saved for reuse, per user.
CREATE TABLE import_mappings (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  kind        text        NOT NULL CHECK (kind IN ('members', 'units')),
  name        text        NOT NULL,
  mapping     jsonb       NOT NULL,
  created_by  bigint      REFERENCES users (id),
  created_at  timestamptz NOT NULL DEFAULT now(),
  UNIQUE (created_by, kind, name)
);

-- Importing is the organization board's work (and the administrator's). The import runs every
-- row through the rules of the member and unit forms within the reach of this one permission.
UPDATE roles SET permissions = array_append(permissions, 'imports.run') WHERE code IN ('system_admin', 'organization_board');

GRANT SELECT, INSERT, UPDATE ON import_jobs TO partywork_scoped;
GRANT SELECT, INSERT, UPDATE, DELETE ON import_rows TO partywork_scoped;
GRANT SELECT, INSERT, UPDATE, DELETE ON import_mappings TO partywork_scoped;

-- Down Migration
UPDATE roles SET permissions = array_remove(permissions, 'imports.run');
DROP TABLE import_mappings;
DROP TABLE import_rows;
DROP TABLE import_jobs;

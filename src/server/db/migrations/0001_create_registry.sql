-- Up Migration
-- The organization tree and the member registry. Conventions:
--   * history is spans [valid_from, valid_to) of legal dates; an open span ends at 'infinity',
--     so "as of D" is always `valid_from <= D AND valid_to > D`, one shape that indexes serve;
--   * a unit's place in the tree is a materialized path of unit ids, each followed by '.', in the
--     "C" collation, so "this unit and below" is one index range `path >= P AND path < P'`.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

-- Values set by regulations (probation months, admission ages, ...) with the date they took effect.
CREATE TABLE rules (
  key        text  NOT NULL,
  valid_from date  NOT NULL,
  value      jsonb NOT NULL,
  source     text,
  PRIMARY KEY (key, valid_from)
);

CREATE TABLE unit_types (
  code                text    PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  names               jsonb   NOT NULL,
  allowed_child_types text[]  NOT NULL DEFAULT '{}',
  has_committee       boolean NOT NULL,
  holds_members       boolean NOT NULL,
  root_allowed        boolean NOT NULL DEFAULT false,
  rank                integer NOT NULL,
  valid_from          date    NOT NULL DEFAULT '1930-02-03',
  valid_to            date    NOT NULL DEFAULT 'infinity',
  version             integer NOT NULL DEFAULT 1,
  CHECK (valid_from < valid_to)
);

-- A unit's identity and life span; what changes over its life lives in unit_versions.
CREATE TABLE units (
  id         bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  code       text        NOT NULL UNIQUE,
  type_code  text        NOT NULL REFERENCES unit_types (code),
  valid_from date        NOT NULL,
  valid_to   date        NOT NULL DEFAULT 'infinity',
  version    integer     NOT NULL DEFAULT 1,
  created_at timestamptz NOT NULL DEFAULT now(),
  CHECK (valid_from < valid_to)
);

-- Name and place in the tree over time. A rename or move closes one version and opens the next.
CREATE TABLE unit_versions (
  id         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id    bigint  NOT NULL REFERENCES units (id),
  name       text    NOT NULL,
  names      jsonb   NOT NULL DEFAULT '{}',
  name_key   text    NOT NULL,
  parent_id  bigint  REFERENCES units (id),
  path       text    COLLATE "C" NOT NULL,
  depth      integer NOT NULL,
  valid_from date    NOT NULL,
  valid_to   date    NOT NULL DEFAULT 'infinity',
  reason     text    NOT NULL CHECK (reason IN ('created', 'renamed', 'moved', 'restructured')),
  CHECK (valid_from < valid_to),
  CHECK (path ~ '^([0-9]+\.)+$')
);
CREATE UNIQUE INDEX unit_versions_unit_from ON unit_versions (unit_id, valid_from);
CREATE UNIQUE INDEX unit_versions_current ON unit_versions (unit_id) WHERE valid_to = 'infinity';
CREATE INDEX unit_versions_path ON unit_versions (path, valid_from);
CREATE INDEX unit_versions_parent ON unit_versions (parent_id, valid_from);
CREATE INDEX unit_versions_name_trgm ON unit_versions USING gin (name_key gin_trgm_ops);

CREATE TABLE members (
  id                      bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  full_name               text        NOT NULL,
  other_names             text,
  gender                  text        NOT NULL CHECK (gender IN ('male', 'female')),
  birth_date              date        NOT NULL,
  birth_place             text,
  hometown                text,
  residence               text,
  ethnicity               text        NOT NULL,
  religion                text        NOT NULL,
  citizen_id              text        UNIQUE CHECK (citizen_id ~ '^[0-9]{12}$'),
  phone                   text,
  education               text,
  qualification           text,
  academic_title          text,
  theory_level            text,
  occupation              text,
  position                text,
  admission_decision_date date        NOT NULL,
  admission_decision_no   text,
  ceremony_date           date,
  official_date           date,
  card_number             text        UNIQUE,
  age_approval_ref        text,
  -- Path of the unit of the member's newest span (kept by every membership change): what
  -- row-level security checks, one cheap comparison per row.
  unit_path               text        COLLATE "C",
  -- Derived from full_name: lowercase, marks stripped, đ→d (search); given name first (sort).
  search_key              text        NOT NULL,
  sort_key                text        COLLATE "C" NOT NULL,
  version                 integer     NOT NULL DEFAULT 1,
  created_at              timestamptz NOT NULL DEFAULT now(),
  updated_at              timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX members_search_trgm ON members USING gin (search_key gin_trgm_ops);
CREATE INDEX members_sort ON members (sort_key, id);

-- What happened to a member, on which legal date. Events are appended, never edited.
CREATE TABLE member_events (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id    bigint      NOT NULL REFERENCES members (id),
  kind         text        NOT NULL CHECK (kind IN
                 ('admitted', 'recognized_official', 'transferred', 'died', 'profile_updated')),
  effective_on date        NOT NULL,
  unit_id      bigint      REFERENCES units (id),
  details      jsonb       NOT NULL DEFAULT '{}',
  recorded_at  timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_events_member ON member_events (member_id, effective_on, id);
CREATE INDEX member_events_kind ON member_events (kind, effective_on);

-- Active membership: in which unit, with which status, over which dates. An exit (death, ...)
-- closes the last span and opens none. unit_path repeats the unit's path on that date so that
-- scope and subtree counts are one index range without a join.
CREATE TABLE membership_spans (
  id         bigint  GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id  bigint  NOT NULL REFERENCES members (id),
  unit_id    bigint  NOT NULL REFERENCES units (id),
  unit_path  text    COLLATE "C" NOT NULL,
  status     text    NOT NULL CHECK (status IN ('probationary', 'official')),
  valid_from date    NOT NULL,
  valid_to   date    NOT NULL DEFAULT 'infinity',
  reason     text    NOT NULL CHECK (reason IN ('admitted', 'recognized_official', 'transferred', 'restructured')),
  opened_by  bigint  REFERENCES member_events (id),
  closed_by  bigint  REFERENCES member_events (id),
  CHECK (valid_from < valid_to)
);
CREATE UNIQUE INDEX membership_spans_member_from ON membership_spans (member_id, valid_from);
CREATE UNIQUE INDEX membership_spans_current ON membership_spans (member_id) WHERE valid_to = 'infinity';
CREATE INDEX membership_spans_path ON membership_spans (unit_path, valid_from);
CREATE INDEX membership_spans_unit ON membership_spans (unit_id, valid_from);

-- Down Migration
DROP TABLE membership_spans;
DROP TABLE member_events;
DROP TABLE members;
DROP TABLE unit_versions;
DROP TABLE units;
DROP TABLE unit_types;
DROP TABLE rules;

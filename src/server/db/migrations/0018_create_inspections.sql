-- Up Migration
-- Inspection, supervision and discipline: the annual programs of a committee or its inspection
-- commission, the cases they open (decision, plan, team, dated steps, conclusion), the findings
-- and remedies per subject, discipline decisions with their appeals, asset and income
-- declarations, and the files attached to them. Every table carries the path of the unit that
-- decides who may read it, so row-level security needs no join for the common case.

-- The forms of discipline a subject may receive (69-QĐ/TW 2022, amended 264-QĐ/TW 2025) and
-- the posts whose holders declare assets and income each year: rules with an effective date.
INSERT INTO rules (key, valid_from, value, source) VALUES
  ('discipline.forms', '1930-02-03',
   '{"official": ["reprimand", "warning", "removal_from_post", "expulsion"], "probationary": ["reprimand", "warning"], "unit": ["reprimand", "warning", "dissolution"]}',
   'Regulation 69-QĐ/TW (2022) on party discipline, amended by 264-QĐ/TW (2025)'),
  ('declaration.posts', '1930-02-03',
   '["committee_secretary", "committee_deputy_secretary", "standing_committee_member", "committee_member", "inspection_commission_member", "department_head", "deputy_department_head", "state_leader", "finance_officer"]',
   'Decree 130/2020 on asset and income declarations; the posts are configurable');

-- A program of a unit's committee or of its inspection commission for one year.
CREATE TABLE inspection_programs (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id      bigint      NOT NULL REFERENCES units (id),
  unit_path    text        COLLATE "C" NOT NULL,
  body         text        NOT NULL CHECK (body IN ('committee', 'inspection_commission')),
  year         integer     NOT NULL CHECK (year BETWEEN 1930 AND 2200),
  title        text        NOT NULL,
  approval_no  text,
  approved_on  date,
  created_at   timestamptz NOT NULL DEFAULT now(),
  created_by   bigint      REFERENCES users (id),
  UNIQUE (unit_id, body, year)
);
CREATE INDEX inspection_programs_path ON inspection_programs (unit_path, year);

-- One planned inspection or supervision: its kind, its subject (a unit or a member), when and by whom.
CREATE TABLE inspection_program_items (
  id                bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  program_id        bigint      NOT NULL REFERENCES inspection_programs (id),
  kind              text        NOT NULL,
  subject_type      text        NOT NULL CHECK (subject_type IN ('unit', 'member')),
  subject_unit_id   bigint      REFERENCES units (id),
  subject_member_id bigint      REFERENCES members (id),
  subject_name      text        NOT NULL,
  planned_from      date        NOT NULL,
  planned_to        date        NOT NULL,
  lead              text        NOT NULL,
  team              text[]      NOT NULL DEFAULT '{}',
  note              text,
  created_at        timestamptz NOT NULL DEFAULT now(),
  CHECK (planned_from <= planned_to),
  CHECK ((subject_type = 'unit') = (subject_unit_id IS NOT NULL) AND (subject_type = 'member') = (subject_member_id IS NOT NULL))
);
CREATE INDEX inspection_program_items_program ON inspection_program_items (program_id, planned_from);

-- A case: opened by a decision of the unit's committee or commission, conducted by a team to a
-- plan, closed by its conclusion notice. The path is the conducting unit's: its staff and the
-- levels above read it; the subjects below do not.
CREATE TABLE inspection_cases (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  unit_id         bigint      NOT NULL REFERENCES units (id),
  unit_path       text        COLLATE "C" NOT NULL,
  body            text        NOT NULL CHECK (body IN ('committee', 'inspection_commission')),
  kind            text        NOT NULL,
  program_item_id bigint      UNIQUE REFERENCES inspection_program_items (id),
  title           text        NOT NULL,
  decision_no     text        NOT NULL,
  opened_on       date        NOT NULL,
  plan            text,
  lead            text        NOT NULL,
  team            text[]      NOT NULL DEFAULT '{}',
  due_on          date        NOT NULL,
  status          text        NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'concluded')),
  concluded_on    date,
  conclusion_no   text,
  created_at      timestamptz NOT NULL DEFAULT now(),
  created_by      bigint      REFERENCES users (id),
  CHECK (opened_on <= due_on),
  CHECK ((status = 'concluded') = (concluded_on IS NOT NULL) AND (concluded_on IS NULL OR concluded_on >= opened_on))
);
CREATE INDEX inspection_cases_path ON inspection_cases (unit_path, opened_on);

-- The organizations and members a case covers, with the path each had when the case opened.
CREATE TABLE inspection_subjects (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id         bigint      NOT NULL REFERENCES inspection_cases (id),
  subject_type    text        NOT NULL CHECK (subject_type IN ('unit', 'member')),
  unit_id         bigint      REFERENCES units (id),
  member_id       bigint      REFERENCES members (id),
  subject_path    text        COLLATE "C" NOT NULL,
  subject_name    text        NOT NULL,
  recommendations text,
  -- The day the subject joined the case: figures as of an earlier day do not count it.
  added_on        date        NOT NULL,
  UNIQUE (case_id, id),
  UNIQUE (case_id, unit_id),
  UNIQUE (case_id, member_id),
  CHECK ((subject_type = 'unit') = (unit_id IS NOT NULL) AND (subject_type = 'member') = (member_id IS NOT NULL))
);
CREATE INDEX inspection_subjects_unit ON inspection_subjects (unit_id);
CREATE INDEX inspection_subjects_member ON inspection_subjects (member_id);

-- The dated records of a case: explanatory report, verification minutes, result report,
-- conclusion notice (the last also concludes the case).
CREATE TABLE inspection_steps (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint      NOT NULL REFERENCES inspection_cases (id),
  kind        text        NOT NULL CHECK (kind IN ('explanatory_report', 'verification_minutes', 'result_report', 'conclusion_notice')),
  done_on     date        NOT NULL,
  document_no text,
  note        text,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by bigint      REFERENCES users (id)
);
CREATE INDEX inspection_steps_case ON inspection_steps (case_id, done_on);

-- A violation found in a subject, by category.
CREATE TABLE inspection_findings (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id     bigint      NOT NULL REFERENCES inspection_cases (id),
  subject_id  bigint      NOT NULL,
  category    text        NOT NULL,
  description text        NOT NULL,
  -- The day the violation was established: figures as of an earlier day do not count it.
  found_on    date        NOT NULL,
  recorded_at timestamptz NOT NULL DEFAULT now(),
  recorded_by bigint      REFERENCES users (id),
  FOREIGN KEY (case_id, subject_id) REFERENCES inspection_subjects (case_id, id)
);
CREATE INDEX inspection_findings_case ON inspection_findings (case_id, subject_id);

-- What a subject must put right after the conclusion, by when, and the evidence it did.
CREATE TABLE inspection_remedies (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  case_id      bigint      NOT NULL REFERENCES inspection_cases (id),
  subject_id   bigint      NOT NULL,
  description  text        NOT NULL,
  owner        text        NOT NULL,
  deadline     date        NOT NULL,
  completed_on date,
  evidence     text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  recorded_by  bigint      REFERENCES users (id),
  FOREIGN KEY (case_id, subject_id) REFERENCES inspection_subjects (case_id, id),
  CHECK ((completed_on IS NULL) = (evidence IS NULL))
);
CREATE INDEX inspection_remedies_case ON inspection_remedies (case_id, subject_id);
CREATE INDEX inspection_remedies_deadline ON inspection_remedies (deadline);

-- A discipline decision on a member or an organization. The path is the subject's (the member's
-- cell, or the unit) on the decision's effective date; an expulsion also names the lifecycle
-- event that closed the membership.
CREATE TABLE discipline_decisions (
  id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  subject_type     text        NOT NULL CHECK (subject_type IN ('unit', 'member')),
  unit_id          bigint      REFERENCES units (id),
  member_id        bigint      REFERENCES members (id),
  member_status    text        CHECK (member_status IN ('probationary', 'official')),
  subject_path     text        COLLATE "C" NOT NULL,
  subject_name     text        NOT NULL,
  case_id          bigint      REFERENCES inspection_cases (id),
  form             text        NOT NULL,
  deciding_unit_id bigint      NOT NULL REFERENCES units (id),
  deciding_body    text        NOT NULL CHECK (deciding_body IN ('cell', 'committee', 'standing_committee', 'inspection_commission')),
  decision_no      text        NOT NULL,
  decided_on       date        NOT NULL,
  effective_on     date        NOT NULL,
  content          text        NOT NULL,
  member_event_id  bigint      REFERENCES member_events (id),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  recorded_by      bigint      REFERENCES users (id),
  CHECK (decided_on <= effective_on),
  CHECK ((subject_type = 'unit') = (unit_id IS NOT NULL) AND (subject_type = 'member') = (member_id IS NOT NULL)),
  CHECK ((subject_type = 'member') = (member_status IS NOT NULL))
);
CREATE INDEX discipline_decisions_path ON discipline_decisions (subject_path, decided_on);
CREATE INDEX discipline_decisions_member ON discipline_decisions (member_id);

-- An appeal against a decision and, once decided, its outcome.
CREATE TABLE discipline_appeals (
  id                  bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  decision_id         bigint      NOT NULL REFERENCES discipline_decisions (id),
  filed_on            date        NOT NULL,
  grounds             text        NOT NULL,
  outcome             text        NOT NULL DEFAULT 'pending' CHECK (outcome IN ('pending', 'upheld', 'reduced', 'annulled')),
  outcome_on          date,
  outcome_decision_no text,
  note                text,
  recorded_at         timestamptz NOT NULL DEFAULT now(),
  recorded_by         bigint      REFERENCES users (id),
  CHECK ((outcome = 'pending') = (outcome_on IS NULL) AND (outcome_on IS NULL OR outcome_on >= filed_on))
);
CREATE INDEX discipline_appeals_decision ON discipline_appeals (decision_id);

-- Who must declare assets and income for a year (by post), and when it was submitted and verified.
CREATE TABLE asset_declarations (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  year         integer     NOT NULL CHECK (year BETWEEN 1930 AND 2200),
  member_id    bigint      NOT NULL REFERENCES members (id),
  post         text        NOT NULL,
  unit_id      bigint      NOT NULL REFERENCES units (id),
  unit_path    text        COLLATE "C" NOT NULL,
  submitted_on date,
  verified_on  date,
  verified_by  text,
  note         text,
  recorded_at  timestamptz NOT NULL DEFAULT now(),
  recorded_by  bigint      REFERENCES users (id),
  UNIQUE (year, member_id),
  CHECK (verified_on IS NULL OR (submitted_on IS NOT NULL AND verified_on >= submitted_on AND verified_by IS NOT NULL))
);
CREATE INDEX asset_declarations_path ON asset_declarations (unit_path, year);

-- A file attached to a case or a discipline decision: the bytes live in the attachment store
-- (local disk or S3-compatible), the record here. Kept, never replaced.
CREATE TABLE attachments (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  owner_type   text        NOT NULL CHECK (owner_type IN ('inspection_case', 'discipline_decision')),
  owner_id     bigint      NOT NULL,
  unit_path    text        COLLATE "C" NOT NULL,
  file_name    text        NOT NULL,
  content_type text        NOT NULL,
  byte_size    bigint      NOT NULL CHECK (byte_size > 0),
  sha256       text        NOT NULL,
  store        text        NOT NULL CHECK (store IN ('local', 's3')),
  storage_key  text        NOT NULL UNIQUE,
  note         text,
  uploaded_at  timestamptz NOT NULL DEFAULT now(),
  uploaded_by  bigint      REFERENCES users (id)
);
CREATE INDEX attachments_owner ON attachments (owner_type, owner_id);

-- Requests insert records and complete a few of their columns; nothing is deleted or rewritten
-- by them (the schema's default privileges would grant UPDATE on every column: taken back here).
GRANT SELECT, INSERT ON inspection_programs, inspection_program_items, inspection_cases, inspection_subjects, inspection_steps,
  inspection_findings, inspection_remedies, discipline_decisions, discipline_appeals, asset_declarations, attachments TO partywork_scoped;
REVOKE UPDATE, DELETE ON inspection_programs, inspection_program_items, inspection_cases, inspection_subjects, inspection_steps,
  inspection_findings, inspection_remedies, discipline_decisions, discipline_appeals, asset_declarations, attachments FROM partywork_scoped;
GRANT UPDATE (status, concluded_on, conclusion_no) ON inspection_cases TO partywork_scoped;
GRANT UPDATE (recommendations) ON inspection_subjects TO partywork_scoped;
GRANT UPDATE (completed_on, evidence) ON inspection_remedies TO partywork_scoped;
GRANT UPDATE (outcome, outcome_on, outcome_decision_no, note) ON discipline_appeals TO partywork_scoped;
GRANT UPDATE (submitted_on, verified_on, verified_by, note) ON asset_declarations TO partywork_scoped;
GRANT USAGE, SELECT ON SEQUENCE inspection_programs_id_seq, inspection_program_items_id_seq, inspection_cases_id_seq,
  inspection_subjects_id_seq, inspection_steps_id_seq, inspection_findings_id_seq, inspection_remedies_id_seq,
  discipline_decisions_id_seq, discipline_appeals_id_seq, asset_declarations_id_seq, attachments_id_seq TO partywork_scoped;
-- One appeal pending at a time, whoever records it.
CREATE UNIQUE INDEX discipline_appeals_one_pending ON discipline_appeals (decision_id) WHERE outcome = 'pending';

ALTER TABLE inspection_programs ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_program_items ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_cases ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_subjects ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_steps ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_findings ENABLE ROW LEVEL SECURITY;
ALTER TABLE inspection_remedies ENABLE ROW LEVEL SECURITY;
ALTER TABLE discipline_decisions ENABLE ROW LEVEL SECURITY;
ALTER TABLE discipline_appeals ENABLE ROW LEVEL SECURITY;
ALTER TABLE asset_declarations ENABLE ROW LEVEL SECURITY;
ALTER TABLE attachments ENABLE ROW LEVEL SECURITY;

-- A program or a case is read where its unit stood when it was made, or where the unit stands
-- now (a restructure moves a unit, and its commission's records go with it); written only where
-- the unit stands now.
CREATE POLICY inspection_programs_in_scope ON inspection_programs TO partywork_scoped
  USING (partywork_scope_allows(unit_path) OR partywork_unit_in_scope(unit_id)) WITH CHECK (partywork_unit_in_scope(unit_id));
CREATE POLICY inspection_cases_in_scope ON inspection_cases TO partywork_scoped
  USING (partywork_scope_allows(unit_path) OR partywork_unit_in_scope(unit_id)) WITH CHECK (partywork_unit_in_scope(unit_id));
-- A decision or a declaration about a member is read wherever the member is readable, and where
-- it was made; one about an organization where the organization stood or stands.
CREATE POLICY discipline_decisions_in_scope ON discipline_decisions TO partywork_scoped
  USING (partywork_scope_allows(subject_path) OR partywork_unit_in_scope(unit_id)
         OR EXISTS (SELECT 1 FROM members m WHERE m.id = discipline_decisions.member_id))
  WITH CHECK (partywork_scope_allows(subject_path)
              AND (case_id IS NULL OR EXISTS (SELECT 1 FROM inspection_cases c WHERE c.id = case_id)));
CREATE POLICY asset_declarations_in_scope ON asset_declarations TO partywork_scoped
  USING (partywork_scope_allows(unit_path) OR EXISTS (SELECT 1 FROM members m WHERE m.id = asset_declarations.member_id))
  WITH CHECK (partywork_scope_allows(unit_path));
-- A file is read and attached wherever its case or decision is.
CREATE POLICY attachments_in_scope ON attachments TO partywork_scoped
  USING (CASE owner_type
           WHEN 'inspection_case' THEN EXISTS (SELECT 1 FROM inspection_cases c WHERE c.id = owner_id)
           ELSE EXISTS (SELECT 1 FROM discipline_decisions d WHERE d.id = owner_id) END);
-- The parts of a program or a case are read and written wherever their parent is; a subject
-- only where the caller reaches it.
CREATE POLICY inspection_program_items_in_scope ON inspection_program_items TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM inspection_programs p WHERE p.id = program_id));
CREATE POLICY inspection_subjects_in_scope ON inspection_subjects TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM inspection_cases c WHERE c.id = case_id))
  WITH CHECK (EXISTS (SELECT 1 FROM inspection_cases c WHERE c.id = case_id) AND partywork_scope_allows(subject_path));
CREATE POLICY inspection_steps_in_scope ON inspection_steps TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM inspection_cases c WHERE c.id = case_id));
CREATE POLICY inspection_findings_in_scope ON inspection_findings TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM inspection_cases c WHERE c.id = case_id));
CREATE POLICY inspection_remedies_in_scope ON inspection_remedies TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM inspection_cases c WHERE c.id = case_id));
CREATE POLICY discipline_appeals_in_scope ON discipline_appeals TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM discipline_decisions d WHERE d.id = decision_id));

-- Down Migration
DROP TABLE attachments, asset_declarations, discipline_appeals, discipline_decisions, inspection_remedies,
  inspection_findings, inspection_steps, inspection_subjects, inspection_cases, inspection_program_items, inspection_programs;
DELETE FROM rules WHERE key IN ('discipline.forms', 'declaration.posts');

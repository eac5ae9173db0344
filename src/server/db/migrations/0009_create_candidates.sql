-- Up Migration
-- Candidates for admission: people a cell is developing towards membership (outstanding mass
-- member → sympathizer → awareness course passed → application → admission, or withdrawn).
--
-- A candidate has no path of its own. Its place in the tree is its unit's latest version
-- (the open one, or the last one of a closed unit), joined when needed: a move of the unit
-- (2025 restructure) is then followed at once, with nothing to re-path and nothing that can
-- go stale. "As of a date" uses the unit's version in force that day, as spans do for members.

CREATE TABLE candidates (
  id             bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The developing unit: a cell (a unit type that holds members).
  unit_id        bigint      NOT NULL REFERENCES units (id),
  full_name      text        NOT NULL,
  other_names    text,
  gender         text        NOT NULL CHECK (gender IN ('male', 'female')),
  birth_date     date        NOT NULL,
  birth_place    text,
  hometown       text,
  residence      text,
  ethnicity      text        NOT NULL,
  religion       text        NOT NULL,
  citizen_id     text        CHECK (citizen_id ~ '^[0-9]{12}$'),
  phone          text,
  education      text,
  qualification  text,
  academic_title text,
  theory_level   text,
  occupation     text,
  position       text,
  -- The member record created by the admission.
  member_id      bigint      UNIQUE REFERENCES members (id),
  -- Derived from full_name as for members: folded search key, given name first sort key.
  search_key     text        NOT NULL,
  sort_key       text        COLLATE "C" NOT NULL,
  version        integer     NOT NULL DEFAULT 1,
  created_at     timestamptz NOT NULL DEFAULT now(),
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX candidates_unit ON candidates (unit_id);
CREATE INDEX candidates_search_trgm ON candidates USING gin (search_key gin_trgm_ops);
CREATE INDEX candidates_sort ON candidates (sort_key, id);
-- Not unique: a person withdrawn years ago may be developed again under a new record.
CREATE INDEX candidates_citizen_id ON candidates (citizen_id) WHERE citizen_id IS NOT NULL;

-- The stages a candidate went through, appended in order and never edited: the current stage
-- is the latest row. Details belong to the stage that needs them.
CREATE TABLE candidate_stages (
  id               bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  candidate_id     bigint      NOT NULL REFERENCES candidates (id),
  stage            text        NOT NULL CHECK (stage IN
                     ('outstanding_mass', 'sympathizer', 'course_passed', 'applied', 'admitted', 'withdrawn')),
  -- The legal date the stage began: recognized, course passed, application signed, admission decision, dropped.
  since            date        NOT NULL,
  course_name      text,
  certificate_no   text,
  age_approval_ref text,
  decision_no      text,
  ceremony_date    date,
  reason           text,
  note             text,
  recorded_by      bigint      REFERENCES users (id),
  recorded_at      timestamptz NOT NULL DEFAULT now(),
  CHECK (stage <> 'course_passed' OR (course_name IS NOT NULL AND certificate_no IS NOT NULL)),
  CHECK (stage <> 'withdrawn' OR reason IS NOT NULL),
  CHECK (stage <> 'admitted' OR decision_no IS NOT NULL),
  CHECK (ceremony_date IS NULL OR ceremony_date >= since)
);
CREATE INDEX candidate_stages_candidate ON candidate_stages (candidate_id, id);
CREATE UNIQUE INDEX candidate_stages_once ON candidate_stages (candidate_id, stage);

-- The second lock, as on members: a scoped request reads a candidate whose unit lies in the
-- caller's scope now or did on some day (a count as of a past date must not shrink when the
-- cell later moves out of reach; the service shows a single record only where the cell is
-- now), and writes only where the cell is now. Stage rows are never updated, not even by a
-- request.
GRANT SELECT, INSERT, UPDATE ON candidates TO partywork_scoped;
GRANT SELECT, INSERT ON candidate_stages TO partywork_scoped;
REVOKE UPDATE, DELETE ON candidate_stages FROM partywork_scoped;

ALTER TABLE candidates ENABLE ROW LEVEL SECURITY;
CREATE POLICY candidates_in_scope ON candidates TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM unit_versions v WHERE v.unit_id = candidates.unit_id AND partywork_scope_allows(v.path)))
  WITH CHECK (partywork_scope_allows((SELECT v.path FROM unit_versions v WHERE v.unit_id = candidates.unit_id
                                      ORDER BY v.valid_from DESC LIMIT 1)));

ALTER TABLE candidate_stages ENABLE ROW LEVEL SECURITY;
CREATE POLICY candidate_stages_in_scope ON candidate_stages TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM candidates c WHERE c.id = candidate_stages.candidate_id))
  WITH CHECK (EXISTS (SELECT 1 FROM candidates c WHERE c.id = candidate_stages.candidate_id));

-- A citizen ID may be developed once at a time, across scopes: the candidate still in
-- development holding it, whoever may see it (the service decides what the caller learns).
CREATE FUNCTION candidate_id_by_citizen_id(value text, except_id bigint) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT c.id FROM candidates c
  WHERE c.citizen_id = value AND c.id <> coalesce(except_id, 0)
    AND (SELECT s.stage FROM candidate_stages s WHERE s.candidate_id = c.id ORDER BY s.id DESC LIMIT 1)
        NOT IN ('admitted', 'withdrawn')
  LIMIT 1
$$;

-- Down Migration
DROP FUNCTION candidate_id_by_citizen_id(text, bigint);
DROP TABLE candidate_stages;
DROP TABLE candidates;

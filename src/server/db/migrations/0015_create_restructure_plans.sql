-- Up Migration
-- Restructuring the organization tree: a plan is a list of operations (merge, split, move,
-- abolish a level, rename, close) with one effective date, drafted and previewed before it is
-- applied in one transaction. Applying closes old unit versions and opens new ones on the
-- date, as single moves and closures already do, so the tree and the figures of any earlier
-- date stay exactly as they were. The successor map says which unit carries on the work and
-- the records of a unit that closed: what a merged or split unit's staff and reports follow.

CREATE TABLE restructure_plans (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  -- The unit the plan is for: every unit it touches lies at or below it.
  unit_id      bigint      NOT NULL REFERENCES units (id),
  title        text        NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
  effective_on date        NOT NULL,
  operations   jsonb       NOT NULL DEFAULT '[]',
  state        text        NOT NULL DEFAULT 'draft' CHECK (state IN ('draft', 'applied', 'cancelled')),
  -- Figures of the apply: units created, closed and moved, spans moved, grants carried over.
  outcome      jsonb,
  version      integer     NOT NULL DEFAULT 1,
  created_by   bigint      REFERENCES users (id),
  created_at   timestamptz NOT NULL DEFAULT now(),
  updated_at   timestamptz NOT NULL DEFAULT now(),
  applied_by   bigint      REFERENCES users (id),
  applied_at   timestamptz
);
CREATE INDEX restructure_plans_unit ON restructure_plans (unit_id, id DESC);

-- Who carries on for a unit that a restructure closed. A merge has one successor, a split one
-- per part (the main one takes the members not named and the earlier figures when they are
-- regrouped under today's units), an abolished level the named successor or the parent.
CREATE TABLE unit_successors (
  predecessor_id bigint  NOT NULL REFERENCES units (id),
  successor_id   bigint  NOT NULL REFERENCES units (id),
  effective_on   date    NOT NULL,
  kind           text    NOT NULL CHECK (kind IN ('merged', 'split', 'abolished')),
  main           boolean NOT NULL,
  plan_id        bigint  REFERENCES restructure_plans (id),
  PRIMARY KEY (predecessor_id, successor_id),
  CHECK (predecessor_id <> successor_id)
);
CREATE UNIQUE INDEX unit_successors_main ON unit_successors (predecessor_id) WHERE main;
CREATE INDEX unit_successors_successor ON unit_successors (successor_id);

-- Grants moved to a successor keep a trace of the one they replace.
ALTER TABLE grants ADD COLUMN carried_from bigint REFERENCES grants (id);

-- Restructuring is the organization board's work (and the administrator's).
UPDATE roles SET permissions = array_append(permissions, 'units.restructure') WHERE code IN ('system_admin', 'organization_board');

GRANT SELECT, INSERT, UPDATE ON restructure_plans TO partywork_scoped;
GRANT SELECT, INSERT ON unit_successors TO partywork_scoped;
-- A unit closed on the day an earlier operation of the same plan moved it loses that day's version.
GRANT DELETE ON unit_versions TO partywork_scoped;

-- Down Migration
REVOKE DELETE ON unit_versions FROM partywork_scoped;
UPDATE roles SET permissions = array_remove(permissions, 'units.restructure');
ALTER TABLE grants DROP COLUMN carried_from;
DROP TABLE unit_successors;
DROP TABLE restructure_plans;

-- Up Migration
-- A member asks for a correction of their own record; staff of their unit approve or reject it.
CREATE TABLE member_change_requests (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id    bigint      NOT NULL REFERENCES members (id),
  requested_by bigint      NOT NULL REFERENCES users (id),
  changes      jsonb       NOT NULL,
  note         text,
  status       text        NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected')),
  decided_by   bigint      REFERENCES users (id),
  decided_at   timestamptz,
  decision_note text,
  created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX member_change_requests_member ON member_change_requests (member_id, id);
CREATE INDEX member_change_requests_pending ON member_change_requests (id) WHERE status = 'pending';
GRANT SELECT, INSERT, UPDATE ON member_change_requests TO partywork_scoped;

-- Down Migration
DROP TABLE member_change_requests;

-- Up Migration
-- One append-only audit trail. Each row carries the hash of the row before it, so editing or
-- removing a row breaks the chain; `partywork audit verify` finds the first break. The head
-- row remembers the newest hash, so removing the newest rows is detected as well.

CREATE TABLE audit_log (
  id          bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  at          timestamptz NOT NULL,
  actor_id    bigint,
  actor_label text        NOT NULL,
  ip          text,
  request_id  text,
  action      text        NOT NULL,
  target_type text        NOT NULL,
  target_id   text,
  unit_path   text        COLLATE "C",
  details     jsonb       NOT NULL DEFAULT '{}',
  prev_hash   text        NOT NULL,
  hash        text        NOT NULL
);
CREATE INDEX audit_log_target ON audit_log (target_type, target_id, id);
CREATE INDEX audit_log_actor ON audit_log (actor_id, id);
CREATE INDEX audit_log_unit_path ON audit_log (unit_path, id);

CREATE TABLE audit_head (
  singleton boolean PRIMARY KEY DEFAULT true CHECK (singleton),
  last_id   bigint  NOT NULL,
  last_hash text    NOT NULL
);

-- The application only ever appends; a change or removal must come from outside it.
CREATE FUNCTION audit_log_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
  RAISE EXCEPTION 'audit_log is append-only';
END;
$$;
CREATE TRIGGER audit_log_no_update BEFORE UPDATE OR DELETE ON audit_log
  FOR EACH ROW EXECUTE FUNCTION audit_log_append_only();

-- Down Migration
DROP TRIGGER audit_log_no_update ON audit_log;
DROP FUNCTION audit_log_append_only();
DROP TABLE audit_head;
DROP TABLE audit_log;

-- Up Migration
-- Row-level security on members and their history: the second lock behind the scope filters in
-- every query. Requests of signed-in users run as the role partywork_scoped with their scope in
-- the transaction setting `partywork.scope`: LIKE patterns separated by spaces, `1.12.%` for a
-- unit and below, `1.12.` for a unit alone, `%` for the whole tree. The schema owner
-- (migrations, command-line tools) is not subject to it.

DO $$
BEGIN
  CREATE ROLE partywork_scoped NOLOGIN;
EXCEPTION WHEN duplicate_object OR unique_violation THEN
  NULL; -- roles belong to the cluster; another database of it created it already
END;
$$;

DO $$
BEGIN
  EXECUTE format('GRANT partywork_scoped TO %I', current_user);
EXCEPTION WHEN others THEN
  NULL; -- a superuser may SET ROLE without membership
END;
$$;

GRANT USAGE ON SCHEMA public TO partywork_scoped;
GRANT SELECT, INSERT, UPDATE ON ALL TABLES IN SCHEMA public TO partywork_scoped;
GRANT USAGE, SELECT ON ALL SEQUENCES IN SCHEMA public TO partywork_scoped;
REVOKE UPDATE ON audit_log FROM partywork_scoped;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT SELECT, INSERT, UPDATE ON TABLES TO partywork_scoped;
ALTER DEFAULT PRIVILEGES IN SCHEMA public GRANT USAGE, SELECT ON SEQUENCES TO partywork_scoped;

-- Whether a unit path lies in the caller's scope. A single expression, so that the planner
-- inlines it into each policy instead of calling a function per row.
CREATE FUNCTION partywork_scope_allows(p text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT coalesce(p LIKE ANY (string_to_array(current_setting('partywork.scope', true), ' ')), false)
$$;

ALTER TABLE membership_spans ENABLE ROW LEVEL SECURITY;
CREATE POLICY membership_spans_in_scope ON membership_spans TO partywork_scoped
  USING (partywork_scope_allows(unit_path)) WITH CHECK (partywork_scope_allows(unit_path));

-- A member is reachable through the unit of their newest span. A record being registered has
-- no span yet (unit_path null) until the end of the same transaction, invisible to others.
ALTER TABLE members ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_in_scope ON members TO partywork_scoped
  USING (unit_path IS NULL OR partywork_scope_allows(unit_path))
  WITH CHECK (unit_path IS NULL OR partywork_scope_allows(unit_path));

ALTER TABLE member_events ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_events_in_scope ON member_events TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_events.member_id))
  WITH CHECK (true);

-- Uniqueness must be checked against every record, including those the caller cannot see;
-- these answer only the id, and the service decides what the caller may learn of it.
CREATE FUNCTION member_id_by_citizen_id(value text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id FROM members WHERE citizen_id = value
$$;
CREATE FUNCTION member_id_by_card_number(value text) RETURNS bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT id FROM members WHERE card_number = value
$$;

-- Down Migration
DROP POLICY member_events_in_scope ON member_events;
ALTER TABLE member_events DISABLE ROW LEVEL SECURITY;
DROP POLICY members_in_scope ON members;
ALTER TABLE members DISABLE ROW LEVEL SECURITY;
DROP POLICY membership_spans_in_scope ON membership_spans;
ALTER TABLE membership_spans DISABLE ROW LEVEL SECURITY;
DROP FUNCTION member_id_by_card_number(text);
DROP FUNCTION member_id_by_citizen_id(text);
DROP FUNCTION partywork_scope_allows(text);

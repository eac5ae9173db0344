-- Up Migration
-- Row-level security on members and their history: the second lock behind the scope filters in
-- every query. Requests of signed-in users run as the role partywork_scoped with their scope in
-- the transaction setting `partywork.scope`: a JSON array of [path, subtree] pairs, or '*' for
-- the whole tree. The schema owner (migrations, command-line tools) is not subject to it.

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

-- Whether a unit path lies in the caller's scope.
CREATE FUNCTION partywork_scope_allows(p text) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT CASE coalesce(current_setting('partywork.scope', true), '')
    WHEN '*' THEN true
    WHEN '' THEN false
    ELSE EXISTS (
      SELECT 1 FROM jsonb_array_elements(current_setting('partywork.scope', true)::jsonb) e
      WHERE CASE WHEN (e->>1)::boolean THEN starts_with(p, e->>0) ELSE p = e->>0 END)
  END
$$;

ALTER TABLE membership_spans ENABLE ROW LEVEL SECURITY;
CREATE POLICY membership_spans_in_scope ON membership_spans TO partywork_scoped
  USING (partywork_scope_allows(unit_path)) WITH CHECK (partywork_scope_allows(unit_path));

-- Whether a member has any span at all, seen past row security: a record being registered has
-- none until its first span is written in the same transaction.
CREATE FUNCTION member_has_spans(member bigint) RETURNS boolean
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public AS $$
  SELECT EXISTS (SELECT 1 FROM membership_spans WHERE member_id = member)
$$;

-- A member is reachable through any of their spans in scope: a transfer's sender and receiver
-- both see the record.
ALTER TABLE members ENABLE ROW LEVEL SECURITY;
CREATE POLICY members_in_scope ON members TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = members.id) OR NOT member_has_spans(id))
  WITH CHECK (true);

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
DROP FUNCTION member_has_spans(bigint);
DROP FUNCTION partywork_scope_allows(text);

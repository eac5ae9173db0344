-- Up Migration
-- Two ways to the rows a report or a search needs without reading everything in reach.
--
-- An event keeps the path its unit had on the day it happened, as a membership span does, so
-- that the events of a subtree over a period are one index range: the figures of a cell no
-- longer cost as much as the nation's (each event used to be joined to its unit's version of
-- the day before the subtree could be told). A restructure re-paths the events it moves, from
-- its effective date on, as it does spans.

ALTER TABLE member_events ADD COLUMN unit_path text COLLATE "C";

UPDATE member_events e SET unit_path = v.path
FROM unit_versions v
WHERE v.unit_id = e.unit_id AND v.valid_from <= e.effective_on AND v.valid_to > e.effective_on;

CREATE INDEX member_events_place ON member_events (unit_path, kind, effective_on);

-- Every writer gets the path filled in: the services, imports and the demo and bench loaders
-- (which may give it themselves, as the bench's bulk load does). An event whose unit had no
-- version on its day has no path, and no subtree counts it.
CREATE FUNCTION member_events_place() RETURNS trigger LANGUAGE plpgsql SET search_path = public AS $$
BEGIN
  IF TG_OP = 'UPDATE' OR NEW.unit_path IS NULL THEN
    NEW.unit_path := (SELECT path FROM unit_versions
                      WHERE unit_id = NEW.unit_id AND valid_from <= NEW.effective_on AND valid_to > NEW.effective_on);
  END IF;
  RETURN NEW;
END $$;
CREATE TRIGGER member_events_place BEFORE INSERT OR UPDATE OF unit_id, effective_on ON member_events
  FOR EACH ROW EXECUTE FUNCTION member_events_place();

-- An event recorded at a unit in the caller's scope is theirs to read; only the others need the
-- member's own reach, which costs a lookup of the member (and of their spans) per event.
DROP POLICY member_events_in_scope ON member_events;
CREATE POLICY member_events_in_scope ON member_events TO partywork_scoped
  USING (partywork_scope_allows(unit_path)
         OR EXISTS (SELECT 1 FROM members m WHERE m.id = member_events.member_id))
  WITH CHECK (true);

-- A name search answered by the trigram index. Under row-level security the planner may not
-- test LIKE (not leakproof) before the members policy, so the index went unused and every
-- member in reach was read and tested. This answers only ids; the list that joins them still
-- sees the members through the policy.
CREATE FUNCTION member_ids_named_like(pattern text) RETURNS SETOF bigint
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = public ROWS 1000 AS $$
  SELECT id FROM members WHERE search_key LIKE pattern
$$;
REVOKE ALL ON FUNCTION member_ids_named_like(text) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION member_ids_named_like(text) TO partywork_scoped;

-- Down Migration
DROP FUNCTION member_ids_named_like(text);
DROP POLICY member_events_in_scope ON member_events;
CREATE POLICY member_events_in_scope ON member_events TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM members m WHERE m.id = member_events.member_id))
  WITH CHECK (true);
DROP TRIGGER member_events_place ON member_events;
DROP FUNCTION member_events_place();
DROP INDEX member_events_place;
ALTER TABLE member_events DROP COLUMN unit_path;

-- Up Migration
-- Exits besides death: deletion from the list (xóa tên, not a discipline, with a reason code),
-- expulsion (a discipline, referencing its decision) and the removal of a probationary member
-- found unfit. Each closes the member's last span, as death does.
ALTER TABLE member_events DROP CONSTRAINT member_events_kind_check;
ALTER TABLE member_events ADD CONSTRAINT member_events_kind_check CHECK (kind IN
  ('admitted', 'recognized_official', 'transferred', 'died', 'profile_updated',
   'deleted', 'expelled', 'probation_removed'));

-- A member stays reachable for the units they belonged to: counts and lists as of a past date
-- must not shrink when someone later moves out of the caller's scope. The services still show
-- a member's present record only where the member is now (the first lock); this is the second.
DROP POLICY members_in_scope ON members;
CREATE POLICY members_in_scope ON members TO partywork_scoped
  USING (unit_path IS NULL OR partywork_scope_allows(unit_path)
         OR EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = members.id))
  WITH CHECK (unit_path IS NULL OR partywork_scope_allows(unit_path));

-- Down Migration
DROP POLICY members_in_scope ON members;
CREATE POLICY members_in_scope ON members TO partywork_scoped
  USING (unit_path IS NULL OR partywork_scope_allows(unit_path))
  WITH CHECK (unit_path IS NULL OR partywork_scope_allows(unit_path));
ALTER TABLE member_events DROP CONSTRAINT member_events_kind_check;
ALTER TABLE member_events ADD CONSTRAINT member_events_kind_check CHECK (kind IN
  ('admitted', 'recognized_official', 'transferred', 'died', 'profile_updated'));

-- Up Migration
-- Transfers of party activity (chuyển sinh hoạt đảng) as a process between two units, the
-- reinstatement of a member whose exit was annulled, and corrections of a member's latest event.

-- The deadlines of a transfer, as rules with effective dates.
INSERT INTO rules (key, valid_from, value, source) VALUES
  ('transfer.hand_in_days',        '2011-01-01', '30', 'Guidance on party activity transfers: the letter is handed in within 30 days'),
  ('transfer.start_working_days',  '2011-01-01', '60', 'Guidance on party activity transfers: official transfer within 60 working days of the change'),
  ('transfer.temporary_min_months','2011-01-01', '3',  'Guidance on party activity transfers: temporary from 3 months'),
  ('transfer.temporary_max_months','2011-01-01', '{"work": 12, "study": 24}',
   'Guidance on party activity transfers: temporary work under 1 year, study up to 2 years');

-- One row per transfer letter. An official transfer moves the member on receipt (a
-- 'transferred' event closes the span at home and opens one at the receiving cell); a temporary
-- one leaves the member at home and attaches them to the host cell until they return. A
-- destination outside this installation (another province's system, abroad) has no unit: the
-- letter itself ends the member's activity here ('departed'). Rows are never deleted; the state moves forward only.
CREATE TABLE member_transfers (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  member_id       bigint      NOT NULL REFERENCES members (id),
  kind            text        NOT NULL CHECK (kind IN ('official', 'temporary')),
  purpose         text        NOT NULL CHECK (purpose IN ('work', 'study', 'retirement', 'residence', 'other')),
  -- The member's status and cell when the letter was issued.
  member_status   text        NOT NULL CHECK (member_status IN ('probationary', 'official')),
  from_unit_id    bigint      NOT NULL REFERENCES units (id),
  to_unit_id      bigint      REFERENCES units (id),
  destination     text,
  -- Nearest unit above both ends: where a letter between two branches is forwarded.
  via_unit_id     bigint      REFERENCES units (id),
  letter_no       text        NOT NULL,
  letter_date     date        NOT NULL,
  -- The change that calls for the transfer (new job, retirement, move of residence).
  change_date     date,
  expected_return date,
  state           text        NOT NULL CHECK (state IN ('awaiting_forward', 'in_transit', 'received', 'departed', 'ended', 'cancelled')),
  forward_letter_no text,
  forwarded_on    date,
  received_on     date,
  ended_on        date,
  cancelled_on    date,
  cancel_reason   text,
  note            text,
  -- The event that moved the member (official transfers, on receipt or departure).
  event_id        bigint      REFERENCES member_events (id),
  recorded_at     timestamptz NOT NULL DEFAULT now(),
  recorded_by     bigint      REFERENCES users (id),
  CHECK ((to_unit_id IS NULL) <> (destination IS NULL)),
  CHECK (kind = 'official' OR expected_return IS NOT NULL),
  CHECK (to_unit_id IS NOT NULL OR kind = 'official')
);
CREATE INDEX member_transfers_member ON member_transfers (member_id, letter_date);
CREATE INDEX member_transfers_to ON member_transfers (to_unit_id, state);
CREATE INDEX member_transfers_from ON member_transfers (from_unit_id, state);
CREATE INDEX member_transfers_via ON member_transfers (via_unit_id) WHERE state = 'awaiting_forward';
-- A member has at most one transfer under way (sent, or temporarily away).
CREATE UNIQUE INDEX member_transfers_open ON member_transfers (member_id)
  WHERE state IN ('awaiting_forward', 'in_transit') OR (state = 'received' AND kind = 'temporary');

GRANT SELECT, INSERT, UPDATE ON member_transfers TO partywork_scoped;
REVOKE DELETE ON member_transfers FROM partywork_scoped;
GRANT USAGE, SELECT ON SEQUENCE member_transfers_id_seq TO partywork_scoped;

-- Whether a unit's present place lies in the caller's scope.
CREATE FUNCTION partywork_unit_in_scope(p_unit bigint) RETURNS boolean
LANGUAGE sql STABLE PARALLEL SAFE AS $$
  SELECT EXISTS (SELECT 1 FROM unit_versions v
                 WHERE v.unit_id = p_unit AND v.valid_to = 'infinity' AND partywork_scope_allows(v.path))
$$;

-- A transfer is seen by the sending side (the member's spans it reaches), by the receiving
-- unit and by the unit it is forwarded through.
ALTER TABLE member_transfers ENABLE ROW LEVEL SECURITY;
CREATE POLICY member_transfers_in_scope ON member_transfers TO partywork_scoped
  USING (EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = member_transfers.member_id)
         OR partywork_unit_in_scope(to_unit_id) OR partywork_unit_in_scope(via_unit_id))
  WITH CHECK (EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = member_transfers.member_id)
         OR partywork_unit_in_scope(to_unit_id) OR partywork_unit_in_scope(via_unit_id));

-- The receiving side, the host of a temporary stay and the unit forwarding a letter read the
-- member's record (name, birth, status) with the transfer they handle, also once it is over,
-- as a unit the member passed through reads them. The services still show the present record
-- only where the member is now (the first lock).
DROP POLICY members_in_scope ON members;
CREATE POLICY members_in_scope ON members TO partywork_scoped
  USING (unit_path IS NULL OR partywork_scope_allows(unit_path)
         OR EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = members.id)
         OR EXISTS (SELECT 1 FROM member_transfers t WHERE t.member_id = members.id))
  WITH CHECK (unit_path IS NULL OR partywork_scope_allows(unit_path));

-- Reinstatement (an exit annulled by a decision) and corrections are events of their own. A
-- correction voids the member's latest event: the event stays, marked, and the spans it
-- shaped move to membership_spans_voided, so what was recorded remains readable.
ALTER TABLE member_events DROP CONSTRAINT member_events_kind_check;
ALTER TABLE member_events ADD CONSTRAINT member_events_kind_check CHECK (kind IN
  ('admitted', 'recognized_official', 'transferred', 'died', 'profile_updated',
   'deleted', 'expelled', 'probation_removed', 'reinstated', 'corrected'));
ALTER TABLE member_events ADD COLUMN voided_by bigint REFERENCES member_events (id);

ALTER TABLE membership_spans DROP CONSTRAINT membership_spans_reason_check;
ALTER TABLE membership_spans ADD CONSTRAINT membership_spans_reason_check CHECK (reason IN
  ('admitted', 'recognized_official', 'transferred', 'restructured', 'reinstated'));

CREATE TABLE membership_spans_voided (
  LIKE membership_spans,
  voided_by bigint NOT NULL REFERENCES member_events (id)
);
CREATE INDEX membership_spans_voided_member ON membership_spans_voided (member_id);
GRANT SELECT ON membership_spans_voided TO partywork_scoped;
REVOKE INSERT, UPDATE ON membership_spans_voided FROM partywork_scoped;
ALTER TABLE membership_spans_voided ENABLE ROW LEVEL SECURITY;
CREATE POLICY membership_spans_voided_in_scope ON membership_spans_voided TO partywork_scoped
  USING (partywork_scope_allows(unit_path));

-- Moves the spans a voided event shaped out of the live table: those it opened or that began
-- after it, and the one it closed. Requests may not delete spans; this does, and only when every
-- one of them lies in the caller's scope (answers -1 otherwise, touching nothing).
CREATE FUNCTION void_membership_spans(p_member bigint, p_from date, p_event bigint, p_correction bigint) RETURNS integer
LANGUAGE plpgsql SECURITY DEFINER SET search_path = public AS $$
DECLARE
  moved integer;
BEGIN
  IF EXISTS (SELECT 1 FROM membership_spans
             WHERE member_id = p_member AND (valid_from >= p_from OR closed_by = p_event)
               AND NOT partywork_scope_allows(unit_path)) THEN
    RETURN -1;
  END IF;
  WITH gone AS (DELETE FROM membership_spans
                WHERE member_id = p_member AND (valid_from >= p_from OR closed_by = p_event) RETURNING *)
  INSERT INTO membership_spans_voided (id, member_id, unit_id, unit_path, status, valid_from, valid_to, reason,
                                       opened_by, closed_by, voided_by)
  SELECT id, member_id, unit_id, unit_path, status, valid_from, valid_to, reason, opened_by, closed_by, p_correction FROM gone;
  GET DIAGNOSTICS moved = ROW_COUNT;
  RETURN moved;
END;
$$;
REVOKE ALL ON FUNCTION void_membership_spans(bigint, date, bigint, bigint) FROM PUBLIC;
GRANT EXECUTE ON FUNCTION void_membership_spans(bigint, date, bigint, bigint) TO partywork_scoped;

-- Down Migration
DROP FUNCTION void_membership_spans(bigint, date, bigint, bigint);
DROP TABLE membership_spans_voided;
ALTER TABLE membership_spans DROP CONSTRAINT membership_spans_reason_check;
ALTER TABLE membership_spans ADD CONSTRAINT membership_spans_reason_check CHECK (reason IN
  ('admitted', 'recognized_official', 'transferred', 'restructured'));
ALTER TABLE member_events DROP COLUMN voided_by;
ALTER TABLE member_events DROP CONSTRAINT member_events_kind_check;
ALTER TABLE member_events ADD CONSTRAINT member_events_kind_check CHECK (kind IN
  ('admitted', 'recognized_official', 'transferred', 'died', 'profile_updated',
   'deleted', 'expelled', 'probation_removed'));
DROP POLICY members_in_scope ON members;
CREATE POLICY members_in_scope ON members TO partywork_scoped
  USING (unit_path IS NULL OR partywork_scope_allows(unit_path)
         OR EXISTS (SELECT 1 FROM membership_spans s WHERE s.member_id = members.id))
  WITH CHECK (unit_path IS NULL OR partywork_scope_allows(unit_path));
DROP TABLE member_transfers;
DROP FUNCTION partywork_unit_in_scope(bigint);
DELETE FROM rules WHERE key LIKE 'transfer.%';

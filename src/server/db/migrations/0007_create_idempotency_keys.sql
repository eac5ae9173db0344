-- Up Migration
-- A creating POST sent with an Idempotency-Key header is carried out once per caller and key;
-- a retry with the same key and body gets the first answer again.
CREATE TABLE idempotency_keys (
  principal    text        NOT NULL,
  key          text        NOT NULL,
  request_hash text        NOT NULL,
  status       integer,
  response     text,
  created_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (principal, key)
);
CREATE INDEX idempotency_keys_created ON idempotency_keys (created_at);

-- Down Migration
DROP TABLE idempotency_keys;

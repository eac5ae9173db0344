-- Up Migration
-- Accounts, roles scoped to a unit and below, sessions and API tokens.

-- A role is a named set of permissions; reference data, editable.
CREATE TABLE roles (
  code          text    PRIMARY KEY CHECK (code ~ '^[a-z][a-z0-9_]{1,39}$'),
  names         jsonb   NOT NULL,
  permissions   text[]  NOT NULL,
  -- Whether holders must sign in with a second factor (TOTP).
  requires_totp boolean NOT NULL DEFAULT false,
  rank          integer NOT NULL,
  version       integer NOT NULL DEFAULT 1
);

CREATE TABLE users (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  username        text        NOT NULL UNIQUE CHECK (username ~ '^[a-z0-9][a-z0-9._-]{2,63}$'),
  display_name    text        NOT NULL,
  password_hash   text,
  locale          text        NOT NULL DEFAULT 'vi' CHECK (locale IN ('vi', 'en', 'ru', 'ar', 'fa')),
  -- The member record of a user who is a party member (self-service).
  member_id       bigint      REFERENCES members (id),
  oidc_subject    text        UNIQUE,
  totp_secret     text,
  totp_enabled    boolean     NOT NULL DEFAULT false,
  must_change_password boolean NOT NULL DEFAULT false,
  failed_attempts integer     NOT NULL DEFAULT 0,
  locked_until    timestamptz,
  disabled_at     timestamptz,
  version         integer     NOT NULL DEFAULT 1,
  created_at      timestamptz NOT NULL DEFAULT now()
);

-- A role held at a unit: that unit only, or that unit and everything below it. A grant at no
-- unit reaches the whole installation (its system administrators).
CREATE TABLE grants (
  id              bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id         bigint      NOT NULL REFERENCES users (id),
  role_code       text        NOT NULL REFERENCES roles (code),
  unit_id         bigint      REFERENCES units (id),
  include_subtree boolean     NOT NULL DEFAULT true,
  granted_by      bigint      REFERENCES users (id),
  created_at      timestamptz NOT NULL DEFAULT now(),
  revoked_at      timestamptz,
  revoked_by      bigint      REFERENCES users (id)
);
CREATE INDEX grants_user ON grants (user_id) WHERE revoked_at IS NULL;

-- Server-side sessions behind an httpOnly cookie; only a hash of the cookie value is kept.
CREATE TABLE sessions (
  id           text        PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id),
  csrf_token   text        NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  last_seen_at timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  -- 'totp_setup': signed in with the password, but a role requires a second factor not yet set up.
  stage        text        NOT NULL DEFAULT 'full' CHECK (stage IN ('full', 'totp_setup')),
  ip           text,
  user_agent   text,
  revoked_at   timestamptz
);
CREATE INDEX sessions_user ON sessions (user_id) WHERE revoked_at IS NULL;

-- Tokens for other systems: a subset of their creator's rights, shown once, stored hashed.
CREATE TABLE api_tokens (
  id           bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
  user_id      bigint      NOT NULL REFERENCES users (id),
  name         text        NOT NULL,
  token_hash   text        NOT NULL UNIQUE,
  permissions  text[]      NOT NULL,
  created_at   timestamptz NOT NULL DEFAULT now(),
  expires_at   timestamptz NOT NULL,
  last_used_at timestamptz,
  revoked_at   timestamptz
);
CREATE INDEX api_tokens_user ON api_tokens (user_id);

INSERT INTO roles (code, rank, requires_totp, permissions, names) VALUES
  ('system_admin', 0, false,
   '{units.read,units.write,unit_types.write,members.read,members.read_sensitive,members.write,statistics.read,audit.read,users.admin,inspections.read,inspections.write}',
   '{"vi":"Quản trị hệ thống","en":"System administrator","ru":"Системный администратор","ar":"مدير النظام","fa":"مدیر سامانه"}'),
  ('organization_board', 1, false,
   '{units.read,units.write,members.read,members.read_sensitive,members.write,statistics.read,audit.read,users.admin}',
   '{"vi":"Cán bộ Ban Tổ chức","en":"Organization board staff","ru":"Сотрудник организационного отдела","ar":"موظف دائرة التنظيم","fa":"کارمند اداره سازمان"}'),
  ('inspection_commission', 2, false,
   '{units.read,members.read,members.read_sensitive,statistics.read,audit.read,inspections.read,inspections.write}',
   '{"vi":"Cán bộ Ủy ban Kiểm tra","en":"Inspection commission staff","ru":"Сотрудник контрольной комиссии","ar":"موظف لجنة التفتيش","fa":"کارمند کمیسیون بازرسی"}'),
  ('cell_secretary', 3, false,
   '{units.read,members.read,members.read_sensitive,members.write,statistics.read}',
   '{"vi":"Bí thư chi bộ","en":"Cell secretary","ru":"Секретарь ячейки","ar":"أمين الخلية","fa":"دبیر حوزه"}'),
  ('member', 4, false,
   '{self.read,self.request_change}',
   '{"vi":"Đảng viên","en":"Member","ru":"Член партии","ar":"عضو الحزب","fa":"عضو حزب"}'),
  ('observer', 5, false,
   '{units.read,members.read,statistics.read}',
   '{"vi":"Người theo dõi (chỉ xem)","en":"Read-only observer","ru":"Наблюдатель (только чтение)","ar":"مراقب (قراءة فقط)","fa":"ناظر (فقط خواندنی)"}');

-- Down Migration
DROP TABLE api_tokens;
DROP TABLE sessions;
DROP TABLE grants;
DROP TABLE users;
DROP TABLE roles;

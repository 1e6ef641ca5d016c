-- A counter that moves on every write to the tables a request's identity is read from (users,
-- their sessions, password accounts, two-factor secrets, API tokens). The session and token
-- caches (lib/auth/identity-cache.ts) compare it before trusting what they hold, so a sign-out,
-- a revoked session or token, or a role change on any instance is seen at the next request.
-- Same mechanism as data_version, but per row: better-auth's lifetime hook issues a DELETE that
-- matches nothing on every session check, and a statement trigger would fire for it too.
-- See docs/decisions/0011-versioned-read-cache.md.
CREATE SEQUENCE "auth_version";

CREATE FUNCTION auth_version_bump() RETURNS trigger AS $$
BEGIN
  PERFORM nextval('auth_version');
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

CREATE TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "user" FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump_truncate AFTER TRUNCATE ON "user" FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "session" FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump_truncate AFTER TRUNCATE ON "session" FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "account" FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump_truncate AFTER TRUNCATE ON "account" FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "two_factor" FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump_truncate AFTER TRUNCATE ON "two_factor" FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "api_token" FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
CREATE TRIGGER auth_version_bump_truncate AFTER TRUNCATE ON "api_token" FOR EACH STATEMENT EXECUTE FUNCTION auth_version_bump();

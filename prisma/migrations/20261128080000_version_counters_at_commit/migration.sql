-- The change counters move when the writing transaction commits, not when its statement runs:
-- deferred constraint triggers, one event per written row. A request that read the counter
-- between a statement and its commit used to cache the old data under the new counter, for up
-- to the cache's maximum age (30 s); the window is now the commit itself. Per row also means a
-- write that matches nothing moves nothing. TRUNCATE keeps a statement trigger (it cannot be
-- deferred). See docs/decisions/0011-versioned-read-cache.md.
DROP TRIGGER data_version_bump ON "gateway";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "gateway" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "gateway" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "environment";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "environment" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "environment" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "certificate";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "certificate" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "certificate" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "csr";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "csr" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "csr" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "trust_store_entry";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "trust_store_entry" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "trust_store_entry" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "client_ca_change";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "client_ca_change" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "client_ca_change" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "server_chain_change";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "server_chain_change" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "server_chain_change" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "checklist_tick";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "checklist_tick" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "checklist_tick" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "probe_target";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "probe_target" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "probe_target" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "probe_result";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "probe_result" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "probe_result" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "signing_key";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "signing_key" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "signing_key" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "reminder_delivery";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "reminder_delivery" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "reminder_delivery" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER data_version_bump ON "reminder_state";
CREATE CONSTRAINT TRIGGER data_version_bump AFTER INSERT OR UPDATE OR DELETE ON "reminder_state" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION data_version_bump();
CREATE TRIGGER data_version_bump_truncate AFTER TRUNCATE ON "reminder_state" FOR EACH STATEMENT EXECUTE FUNCTION data_version_bump();
DROP TRIGGER auth_version_bump ON "user";
CREATE CONSTRAINT TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "user" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
DROP TRIGGER auth_version_bump ON "session";
CREATE CONSTRAINT TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "session" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
DROP TRIGGER auth_version_bump ON "account";
CREATE CONSTRAINT TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "account" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
DROP TRIGGER auth_version_bump ON "two_factor";
CREATE CONSTRAINT TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "two_factor" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();
DROP TRIGGER auth_version_bump ON "api_token";
CREATE CONSTRAINT TRIGGER auth_version_bump AFTER INSERT OR UPDATE OR DELETE ON "api_token" DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION auth_version_bump();

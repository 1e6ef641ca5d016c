-- One change counter per table besides data_version: version_<table>, moved by the same
-- deferred trigger (at commit, once per written row). A cached part of a page that reads only a
-- few tables (the overview's reminders, its checklist evidence, the navigation's gateways) is
-- kept until one of *its* tables changes, instead of being recomputed after any write; the
-- overview after a change then recomputes only what that change can have moved. A table that
-- gets the data_version_bump trigger later needs its version_<table> sequence too:
-- lib/cache/versioned.test.ts checks that every such table has one and that the code knows it.
-- See docs/decisions/0011-versioned-read-cache.md.
DO $$
DECLARE t text;
BEGIN
  FOR t IN SELECT DISTINCT c.relname FROM pg_trigger g JOIN pg_class c ON c.oid = g.tgrelid
           WHERE g.tgname IN ('data_version_bump', 'data_version_bump_truncate') LOOP
    EXECUTE format('CREATE SEQUENCE %I', 'version_' || t);
  END LOOP;
END $$;

CREATE OR REPLACE FUNCTION data_version_bump() RETURNS trigger AS $$
BEGIN
  PERFORM nextval('data_version');
  PERFORM nextval(('version_' || TG_TABLE_NAME)::regclass);
  RETURN NULL;
END;
$$ LANGUAGE plpgsql;

-- Every counter called once, so that its last_value alone moves with each bump from now on (a
-- sequence never called and one called once both show last_value 1): readVersions reads
-- last_value only, cheaper than last_value and is_called for eighteen sequences on every request.
DO $$
DECLARE s text;
BEGIN
  FOR s IN SELECT c.relname FROM pg_class c
           WHERE c.relkind = 'S' AND (c.relname IN ('data_version', 'auth_version') OR c.relname LIKE 'version\_%') LOOP
    PERFORM nextval(s::regclass);
  END LOOP;
END $$;

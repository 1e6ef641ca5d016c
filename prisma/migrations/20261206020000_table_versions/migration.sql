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

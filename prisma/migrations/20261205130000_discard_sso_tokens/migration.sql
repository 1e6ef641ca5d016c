-- Single sign-on tokens are no longer kept (lib/auth/provider-tokens.ts): empty the ones stored
-- in plain text before. Data only; the columns stay (better-auth's schema has them).
UPDATE "account" SET "accessToken" = NULL, "refreshToken" = NULL, "idToken" = NULL
WHERE "accessToken" IS NOT NULL OR "refreshToken" IS NOT NULL OR "idToken" IS NOT NULL;

// `npm run admin -- <command>`: user and token administration and audit verification, on the
// same database as the app (DATA_DIR or DATABASE_URL). See `npm run admin -- help`.
import { parseArgs } from "node:util";
import { openDatabase } from "@/lib/db/client";
import { cliActor } from "@/lib/auth/actor";
import { createUser, newUserSchema, passwordSchema, resetPassword } from "@/lib/auth/users";
import { createApiToken, DEFAULT_TOKEN_DAYS, newTokenSchema } from "@/lib/auth/tokens";
import {
  disableUser,
  enableUser,
  listUsers,
  setUserRole,
  type LifecycleResult,
} from "@/lib/auth/lifecycle";
import { ROLES, type Role } from "@/lib/auth/actor";
import { resetTwoFactor } from "@/lib/auth/two-factor";
import { createEmergencyAdmin, setEmergencyAdmin } from "@/lib/auth/local-sign-in";
import { verifyAuditChain } from "@/lib/audit/verify";
import { formatAnchor, parseAnchor, takeAnchor, verifyAgainstAnchors } from "@/lib/audit/anchor";
import { fieldErrors } from "@/lib/validation/field-errors";
import { runSweepNow } from "@/lib/reminder/manual";
import { neverGiveWay } from "@/lib/db/give-way";
import { describeSweep } from "@/lib/reminder/sweep";
import { backupExportCommand, backupImportCommand } from "@/lib/backup/cli";

const HELP = `Usage: npm run admin -- <command> [options]

  user create --email E --password P --role viewer|operator|admin [--name N]
  user create --emergency --email E --password P [--name N]
                                                 (an emergency admin: may still sign in with
                                                 its password when LOCAL_SIGN_IN=off)
  user emergency --email E [--off]               (flags an existing admin as emergency admin,
                                                 or with --off removes the flag)
  user reset-password --email E --password P     (ends that user's sessions)
  user reset-password --email E --reset-2fa [--password P]
                                                 (turns two-factor sign-in off for a user
                                                 locked out of it; ends their sessions)
  user list                                      (every user: role, status, last sign-in)
  user role --email E --role viewer|operator|admin
                                                 (refused for the last active admin)
  user disable --email E                         (ends their sessions, revokes their API
                                                 tokens for good; refused for the last
                                                 active admin)
  user enable --email E                          (they can sign in again; revoked tokens
                                                 stay revoked)
  token create --name N --role viewer|operator|admin [--expires-in-days D | --no-expiry]
                                                 (expires after ${DEFAULT_TOKEN_DAYS} days unless told;
                                                 prints the token once, on the last line)
  audit verify                                   (checks the audit hash chain)
  audit verify --anchor SEQ:HASH [--anchor …]    (…and that it still reaches each anchor taken
                                                 earlier: fails, naming where, when records
                                                 were rewritten or removed since)
  audit anchor                                   (prints the chain's head SEQ:HASH, on the last
                                                 line: store it outside the database)
  reminders run --now                            (one reminder sweep now: prints what it
                                                 created, sent and failed)
  backup export --out FILE                       (the whole database as one JSON document;
                                                 sessions and rate limits are left out)
  backup import --in FILE                        (into an EMPTY database only, in one
                                                 transaction; then checks the audit chain)
`;

class UsageError extends Error {}

function invalid(error: Parameters<typeof fieldErrors>[0]): never {
  const lines = Object.entries(fieldErrors(error)).map(
    ([field, message]) => `  --${field}: ${message}`,
  );
  throw new UsageError(`invalid options:\n${lines.join("\n")}`);
}

async function main(argv: string[]): Promise<number> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      email: { type: "string" },
      password: { type: "string" },
      role: { type: "string" },
      name: { type: "string" },
      "expires-in-days": { type: "string" },
      "no-expiry": { type: "boolean" },
      now: { type: "boolean" },
      "reset-2fa": { type: "boolean" },
      emergency: { type: "boolean" },
      off: { type: "boolean" },
      out: { type: "string" },
      in: { type: "string" },
      anchor: { type: "string", multiple: true },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals.join(" ");
  if (values.help || !command || command === "help") {
    console.log(HELP);
    return 0;
  }
  const known = [
    "user create",
    "user emergency",
    "user reset-password",
    "user list",
    "user role",
    "user disable",
    "user enable",
    "token create",
    "audit verify",
    "audit anchor",
    "reminders run",
    "backup export",
    "backup import",
  ];
  if (!known.includes(command)) throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  const anchors = (values.anchor ?? []).map((text) => {
    const parsed = parseAnchor(text);
    if (!parsed.ok) throw new UsageError(parsed.message);
    return parsed.anchor;
  });
  if (anchors.length > 0 && command !== "audit verify")
    throw new UsageError("--anchor goes with audit verify");
  if (command === "reminders run" && !values.now)
    throw new UsageError("reminders run needs --now (it runs one sweep immediately)");
  if (command === "backup export" && !values.out)
    throw new UsageError("backup export needs --out FILE");
  if (command === "backup import" && !values.in)
    throw new UsageError("backup import needs --in FILE (a file made by backup export)");

  const opened = await openDatabase(`admin CLI (${command}), pid ${process.pid}`);
  try {
    const db = opened.prisma;
    const actor = cliActor();
    if (command === "user create" && values.emergency) {
      if (values.role && values.role !== "admin")
        throw new UsageError("--emergency makes an admin: leave out --role or use --role admin");
      const parsed = newUserSchema.safeParse({ ...values, role: "admin" });
      if (!parsed.success) invalid(parsed.error);
      const result = await createEmergencyAdmin(db, actor, parsed.data);
      if (!result.ok) throw new UsageError(result.message);
      console.log(
        `Created ${result.user.email} with role admin, as an emergency admin (password sign-in stays allowed when LOCAL_SIGN_IN=off).`,
      );
    } else if (command === "user emergency") {
      if (!values.email) throw new UsageError("--email is required");
      const result = await setEmergencyAdmin(db, actor, values.email, !values.off);
      if (!result.ok) throw new UsageError(result.message);
      const state = values.off ? "is no longer an emergency admin" : "is an emergency admin";
      console.log(`${result.email} ${state}${result.changed ? "." : " (unchanged)."}`);
    } else if (command === "user create") {
      const parsed = newUserSchema.safeParse(values);
      if (!parsed.success) invalid(parsed.error);
      const result = await createUser(db, actor, parsed.data);
      if (!result.ok) throw new UsageError(result.message);
      console.log(`Created ${result.user.email} with role ${result.user.role}.`);
    } else if (command === "user reset-password") {
      const reset2fa = values["reset-2fa"] === true;
      if (!values.email) throw new UsageError("--email is required");
      if (!reset2fa && values.password === undefined)
        throw new UsageError(
          "--password is required (or --reset-2fa to turn off two-factor sign-in)",
        );
      if (values.password !== undefined) {
        const password = passwordSchema.safeParse(values.password);
        if (!password.success) invalid(password.error);
        const result = await resetPassword(db, actor, values.email, password.data);
        if (!result.ok) throw new UsageError(result.message);
        console.log(`Password reset for ${result.user.email}; their sessions were ended.`);
      }
      if (reset2fa) {
        const result = await resetTwoFactor(db, actor, values.email);
        if (!result.ok) throw new UsageError(result.message);
        console.log(
          result.wasEnabled
            ? `Two-factor sign-in turned off for ${result.user.email}; their sessions were ended. They sign in with their password and can set it up again.`
            : `${result.user.email} had no two-factor sign-in; any unfinished setup was removed and their sessions were ended.`,
        );
      }
    } else if (command === "user list") {
      for (const u of await listUsers(db)) {
        const status = u.disabledAt
          ? `disabled${u.disabledReason === "inactive" ? " (inactive)" : ""} ${u.disabledAt.toISOString().slice(0, 10)}`
          : "active";
        console.log(
          `${u.email.padEnd(40)} ${u.role.padEnd(8)} ${status.padEnd(30)} last sign-in ${u.lastSeenAt?.toISOString().slice(0, 10) ?? "never"}`,
        );
      }
    } else if (command === "user role" || command === "user disable" || command === "user enable") {
      if (!values.email) throw new UsageError("--email is required");
      let result: LifecycleResult;
      if (command === "user role") {
        if (!values.role || !(ROLES as readonly string[]).includes(values.role))
          throw new UsageError("--role must be viewer, operator or admin");
        result = await setUserRole(db, actor, values.email, values.role as Role);
      } else {
        result =
          command === "user disable"
            ? await disableUser(db, actor, values.email)
            : await enableUser(db, actor, values.email);
      }
      if (!result.ok) throw new UsageError(result.message);
      if (!result.changed) console.log(`${result.email}: nothing to change.`);
      else if (command === "user role")
        console.log(
          `${result.email} is now ${values.role}.${result.tokensRevoked ? ` ${result.tokensRevoked} of their API tokens above that role were revoked.` : ""}`,
        );
      else if (command === "user disable")
        console.log(
          `${result.email} is disabled: ${result.sessionsEnded} session(s) ended, ${result.tokensRevoked} API token(s) revoked.`,
        );
      else console.log(`${result.email} can sign in again. Their revoked API tokens stay revoked.`);
    } else if (command === "token create") {
      const parsed = newTokenSchema.safeParse({
        name: values.name,
        role: values.role,
        expiresInDays: values["expires-in-days"],
        noExpiry: values["no-expiry"],
      });
      if (!parsed.success) invalid(parsed.error);
      const created = await createApiToken(db, actor, parsed.data);
      if (!created.ok) throw new UsageError(created.message);
      const until = created.expiresAt
        ? `expires ${created.expiresAt.toISOString()}`
        : "never expires";
      console.log(
        `Created API token ${created.id} (${parsed.data.name}, role ${parsed.data.role}, ${until}). It is shown once:`,
      );
      console.log(created.token);
    } else if (command === "reminders run") {
      // Alone on its database (PGlite is locked to one process): no requests to give way to.
      const summary = await runSweepNow(db, actor, { giveWay: neverGiveWay });
      for (const o of summary.outcomes)
        console.log(
          `${o.status.padEnd(5)} ${o.channel.padEnd(7)} ${o.subject} ${o.threshold} ${o.targetKind} ${o.targetKey}: ${o.detail}`,
        );
      console.log(describeSweep(summary));
    } else if (command === "backup export") {
      for (const line of await backupExportCommand(db, actor, values.out!)) console.log(line);
    } else if (command === "backup import") {
      const { lines, chainOk } = await backupImportCommand(db, actor, values.in!);
      for (const line of lines) console.log(line);
      if (!chainOk) return 3;
    } else if (command === "audit anchor") {
      const report = await takeAnchor(db);
      if (!report.ok) {
        console.error(
          `Audit chain BROKEN at record ${report.brokenSeq}: ${report.reason}. No anchor taken.`,
        );
        return 3;
      }
      console.log(
        `Audit chain intact: ${report.count} records. Store this anchor outside the database; later, \`audit verify --anchor\` checks that the chain still reaches it:`,
      );
      console.log(formatAnchor(report.head));
    } else if (anchors.length > 0) {
      const report = await verifyAgainstAnchors(db, anchors);
      if (report.ok) {
        console.log(
          `Audit chain intact: ${report.count} records verified; it reaches ${anchors.length === 1 ? "the anchor" : `all ${anchors.length} anchors`}. Head now ${formatAnchor(report.head)}.`,
        );
      } else {
        console.error(`Audit chain BROKEN at record ${report.brokenSeq}: ${report.reason}.`);
        return 3;
      }
    } else {
      const report = await verifyAuditChain(db);
      if (report.ok) {
        console.log(`Audit chain intact: ${report.count} records verified.`);
      } else {
        console.error(
          `Audit chain BROKEN at record ${report.brokenSeq}: ${report.reason}. ${report.count} records before it are intact.`,
        );
        return 3;
      }
    }
    return 0;
  } finally {
    await opened.close();
  }
}

main(process.argv.slice(2)).then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(`error: ${error.message}`);
    // A broken audit chain (a backup's) exits like `audit verify` does.
    process.exit(
      error instanceof UsageError
        ? 2
        : (error as { code?: string }).code === "audit_chain_broken"
          ? 3
          : 1,
    );
  },
);

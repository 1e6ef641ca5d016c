// `npm run admin -- <command>`: user and token administration and audit verification, on the
// same database as the app (DATA_DIR or DATABASE_URL). See `npm run admin -- help`.
import { parseArgs } from "node:util";
import { openDatabase } from "@/lib/db/client";
import { cliActor } from "@/lib/auth/actor";
import { createUser, newUserSchema, passwordSchema, resetPassword } from "@/lib/auth/users";
import { createApiToken, newTokenSchema } from "@/lib/auth/tokens";
import { verifyAuditChain } from "@/lib/audit/verify";
import { fieldErrors } from "@/lib/validation/field-errors";
import { runSweepNow } from "@/lib/reminder/manual";
import { describeSweep } from "@/lib/reminder/sweep";

const HELP = `Usage: npm run admin -- <command> [options]

  user create --email E --password P --role viewer|operator|admin [--name N]
  user reset-password --email E --password P     (ends that user's sessions)
  token create --name N --role viewer|operator|admin [--expires-in-days D]
                                                 (prints the token once, on the last line)
  audit verify                                   (checks the audit hash chain)
  reminders run --now                            (one reminder sweep now: prints what it
                                                 created, sent and failed)
`;

class UsageError extends Error {}

function invalid(error: Parameters<typeof fieldErrors>[0]): never {
  const lines = Object.entries(fieldErrors(error)).map(([field, message]) => `  --${field}: ${message}`);
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
      now: { type: "boolean" },
      help: { type: "boolean", short: "h" },
    },
  });
  const command = positionals.join(" ");
  if (values.help || !command || command === "help") {
    console.log(HELP);
    return 0;
  }
  const known = ["user create", "user reset-password", "token create", "audit verify", "reminders run"];
  if (!known.includes(command)) throw new UsageError(`unknown command "${command}"\n\n${HELP}`);
  if (command === "reminders run" && !values.now) throw new UsageError("reminders run needs --now (it runs one sweep immediately)");

  const opened = await openDatabase(`admin CLI (${command}), pid ${process.pid}`);
  try {
    const db = opened.prisma;
    const actor = cliActor();
    if (command === "user create") {
      const parsed = newUserSchema.safeParse(values);
      if (!parsed.success) invalid(parsed.error);
      const result = await createUser(db, actor, parsed.data);
      if (!result.ok) throw new UsageError(result.message);
      console.log(`Created ${result.user.email} with role ${result.user.role}.`);
    } else if (command === "user reset-password") {
      const password = passwordSchema.safeParse(values.password);
      if (!password.success) invalid(password.error);
      if (!values.email) throw new UsageError("--email is required");
      const result = await resetPassword(db, actor, values.email, password.data);
      if (!result.ok) throw new UsageError(result.message);
      console.log(`Password reset for ${result.user.email}; their sessions were ended.`);
    } else if (command === "token create") {
      const parsed = newTokenSchema.safeParse({ name: values.name, role: values.role, expiresInDays: values["expires-in-days"] });
      if (!parsed.success) invalid(parsed.error);
      const { token, id } = await createApiToken(db, actor, parsed.data);
      console.log(`Created API token ${id} (${parsed.data.name}, role ${parsed.data.role}). It is shown once:`);
      console.log(token);
    } else if (command === "reminders run") {
      const summary = await runSweepNow(db, actor);
      for (const o of summary.outcomes) console.log(`${o.status.padEnd(5)} ${o.channel.padEnd(7)} ${o.subject} ${o.threshold} certificate ${o.certificateId}: ${o.detail}`);
      console.log(describeSweep(summary));
    } else {
      const report = await verifyAuditChain(db);
      if (report.ok) {
        console.log(`Audit chain intact: ${report.count} records verified.`);
      } else {
        console.error(`Audit chain BROKEN at record ${report.brokenSeq}: ${report.reason}. ${report.count} records before it are intact.`);
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
    process.exit(error instanceof UsageError ? 2 : 1);
  },
);

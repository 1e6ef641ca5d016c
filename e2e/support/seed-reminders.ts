// Run by e2e/shutdown.spec.ts before the server holds the database (like the admin CLI):
//   node --conditions=react-server --import tsx e2e/support/seed-reminders.ts seed <count> <emails>
//   node --conditions=react-server --import tsx e2e/support/seed-reminders.ts count
// seed: a gateway whose <count> certificates expire in 5 days (two email reminders each);
// count: prints the email deliveries by status as JSON.
import { openDatabase } from "../../lib/db/client";
import {
  insertCertificate,
  insertUser,
  plusDays,
  seedGateway,
} from "../../lib/reminder/test-support";

const [mode, count, emails] = process.argv.slice(2);
const opened = await openDatabase(`e2e seed (${mode}), pid ${process.pid}`);
try {
  if (mode === "seed") {
    const gateway = await seedGateway(opened.prisma, {
      merchantGatewayId: "MGW_SHUTDN",
      reminderEmails: emails!.split(","),
    });
    // A custodian for both environments: without one, each raises a "no custodian" finding whose
    // email the spec would count beside the certificates' (the custodian is a copy on each message).
    const keeper = await insertUser(opened.prisma, "keeper@example.com", "operator");
    for (const environmentId of [gateway.ppr, gateway.prd])
      await opened.prisma.environmentCustodian.create({
        data: { environmentId, userId: keeper.id, assignedBy: "e2e seed" },
      });
    for (let i = 1; i <= Number(count); i++) {
      await insertCertificate(opened.prisma, gateway.ppr, plusDays(new Date(), 5), {
        commonName: `TLSMA-EC/MGW_SHUTDN/${String(i).padStart(3, "0")}`,
      });
    }
  } else {
    const rows = await opened.prisma.reminderDelivery.groupBy({
      by: ["status"],
      where: { channel: "email" },
      _count: true,
    });
    console.log(JSON.stringify(Object.fromEntries(rows.map((r) => [r.status, r._count]))));
  }
} finally {
  await opened.close();
}

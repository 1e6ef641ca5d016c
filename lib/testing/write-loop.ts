// A writer for the crash test: creates gateways through the real mutation, one transaction
// each, until it is killed. Prints one line per committed gateway.
import { openDatabase } from "@/lib/db/client";
import { createGateway } from "@/lib/gateway/mutations";

const opened = await openDatabase(`crash-test writer, pid ${process.pid}`);
const actor = { type: "system" as const, id: null, label: "crash-test", role: "admin" as const };
for (let i = 0; ; i++) {
  const id = `W${String(i).padStart(6, "0")}${process.pid % 1000}`.slice(0, 10).padEnd(10, "0");
  const result = await createGateway(opened.prisma, actor, {
    merchantGatewayId: id,
    name: `gateway ${i}`,
  });
  if (result.ok) console.log(`committed ${id}`);
}

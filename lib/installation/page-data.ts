import "server-only";
import type { Db } from "@/lib/db/client";
import { custodianCandidates, listInstallations } from "./data";
import { toInstallationDto } from "./dto";
import type { InstallationOwner } from "./schema";

/** What a page needs to show and edit installations of one owner: the rows (as plain data) and the custodian choices. */
export async function installationsForPage(db: Db, environmentId: string, of: InstallationOwner) {
  const [rows, users] = await Promise.all([
    listInstallations(db, { environmentId, of }),
    custodianCandidates(db),
  ]);
  return {
    rows: rows.map(toInstallationDto),
    users: users.map((u) => ({
      id: u.id,
      label: u.name && u.name !== u.email ? `${u.name} <${u.email}>` : u.email,
    })),
  };
}

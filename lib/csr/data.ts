import "server-only";
import type { Db } from "@/lib/db/client";

export const CSR_PAGE_SIZE = 50;

export async function listCsrs(db: Db, environmentId: string, page = 1) {
  const [rows, total] = await Promise.all([
    db.csr.findMany({
      where: { environmentId },
      orderBy: [{ createdAt: "desc" }, { id: "desc" }],
      skip: (page - 1) * CSR_PAGE_SIZE,
      take: CSR_PAGE_SIZE,
      omit: { pem: true },
    }),
    db.csr.count({ where: { environmentId } }),
  ]);
  return { rows, total, pages: Math.max(1, Math.ceil(total / CSR_PAGE_SIZE)) };
}

export function findCsr(db: Db, environmentId: string, id: string) {
  return db.csr.findFirst({ where: { id, environmentId } });
}

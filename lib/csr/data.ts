import "server-only";
import { db as database, type Db } from "@/lib/db/client";

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

/** The environment's CSRs for the API, newest first, at most 1,000. */
export function listCsrsForApi(db: Db, environmentId: string) {
  return db.csr.findMany({ where: { environmentId }, orderBy: { createdAt: "desc" }, take: 1000 });
}

/** A CSR's id and environment by its id alone (the caller checks the environment), or null. */
export function csrEnvironment(db: Db, id: string) {
  return db.csr.findUnique({ where: { id }, select: { id: true, environmentId: true } });
}

/** A CSR by its id alone, for answering after a change. */
export function getCsr(db: Db, id: string) {
  return db.csr.findUniqueOrThrow({ where: { id } });
}

export function findCsr(db: Db, environmentId: string, id: string) {
  return db.csr.findFirst({ where: { id, environmentId } });
}

/** An environment's CSRs page. */
export async function csrsPageData(environmentId: string, page: number) {
  return listCsrs(await database(), environmentId, page);
}

/** A CSR of this environment, or null: its page. */
export async function csrOf(environmentId: string, id: string) {
  return findCsr(await database(), environmentId, id);
}

/** How many of the environment's CSRs are generated or submitted, waiting for Thales. */
export function countOpenCsrs(db: Db, environmentId: string) {
  return db.csr.count({ where: { environmentId, status: { in: ["generated", "submitted"] } } });
}

/** Prisma's "unique constraint failed" error, whichever adapter raised it. */
export function isUniqueViolation(error: unknown): boolean {
  const e = error as { code?: string; cause?: { code?: string }; message?: string };
  return (
    e?.code === "P2002" || e?.cause?.code === "23505" || /unique constraint/i.test(e?.message ?? "")
  );
}

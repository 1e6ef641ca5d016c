export type AuditQuery = { action?: string; actor?: string; before?: bigint };

export function parseAuditQuery(params: Record<string, string | undefined>): AuditQuery {
  const before =
    params.before && /^\d{1,18}$/.test(params.before) ? BigInt(params.before) : undefined;
  return {
    action: params.action || undefined,
    actor: params.actor?.slice(0, 100) || undefined,
    before,
  };
}

export function auditNextHref(
  path: string,
  query: AuditQuery,
  nextBefore: string | null,
): string | null {
  if (!nextBefore) return null;
  const params = new URLSearchParams();
  if (query.action) params.set("action", query.action);
  if (query.actor) params.set("actor", query.actor);
  params.set("before", nextBefore);
  return `${path}?${params}`;
}

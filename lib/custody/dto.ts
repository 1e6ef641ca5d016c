import type { CustodianDto } from "./contract";
import type { CustodianView } from "./data";

export function toCustodianDto(row: CustodianView): CustodianDto {
  return {
    id: row.id,
    environmentId: row.environmentId,
    user: {
      id: row.user.id,
      name: row.user.name,
      email: row.user.email,
      role: row.user.role,
      disabled: row.user.disabledAt !== null,
    },
    assignedAt: row.assignedAt.toISOString(),
    assignedBy: row.assignedBy,
    acknowledgedAt: row.acknowledgedAt?.toISOString() ?? null,
    removedAt: row.removedAt?.toISOString() ?? null,
    removedBy: row.removedBy,
  };
}

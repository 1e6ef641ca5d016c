import { env } from "@/lib/env";
export const ROLES = ["viewer", "operator", "admin"] as const;
export type Role = (typeof ROLES)[number];

/** Who does something: a signed-in person, an API token, the admin CLI or the app itself. */
export type Actor = {
  type: "user" | "token" | "cli" | "system";
  id: string | null;
  label: string;
  role: Role;
};

const RANK: Record<Role, number> = { viewer: 0, operator: 1, admin: 2 };

/** operator may do what viewer may; admin may do what operator may. */
export function hasRole(actual: Role, required: Role): boolean {
  return RANK[actual] >= RANK[required];
}

export const cliActor = (): Actor => ({
  type: "cli",
  id: null,
  label: `cli:${env.USER ?? "unknown"}`,
  role: "admin",
});

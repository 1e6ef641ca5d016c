import { requireUser } from "@/lib/auth/session";
import { inactiveDaysFromEnv } from "@/lib/auth/lifecycle";
import { usersPageData } from "@/lib/auth/data";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { CreateUserForm } from "@/components/admin/create-user-form";
import { UserActions } from "@/components/admin/user-actions";
import { isoDay } from "@/lib/dates";

export const metadata = { title: "Users" };
const day = (d: Date | null) => (d ? isoDay(d) : "never");

export default async function UsersPage() {
  const me = await requireUser("admin");
  const users = await usersPageData();
  const inactivity = inactiveDaysFromEnv();
  const sweep =
    inactivity.ok && inactivity.days > 0
      ? `Users not seen for ${inactivity.days} days are disabled automatically (USER_INACTIVE_DAYS).`
      : "Inactive users are not disabled automatically (USER_INACTIVE_DAYS=0).";
  return (
    <>
      <PageHeader
        title="Users"
        description={`Local and single sign-on accounts. ${sweep} The last active admin can be neither disabled nor demoted. Passwords can be reset with \`npm run admin -- user reset-password\`.`}
      />
      <div className="mb-6">
        <Card title="New user">
          <CreateUserForm />
        </Card>
      </div>
      <Card title={`${users.length} user${users.length === 1 ? "" : "s"}`}>
        <div className="overflow-x-auto">
          <table className="min-w-full text-sm">
            <thead className="text-left">
              <tr>
                <th scope="col" className="py-2">
                  Email
                </th>
                <th scope="col">Name</th>
                <th scope="col">Status</th>
                <th scope="col">Last sign-in</th>
                <th scope="col">Created</th>
                <th scope="col">Role and access</th>
              </tr>
            </thead>
            <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
              {users.map((u) => (
                <tr key={u.id} data-testid={`user-row-${u.email}`} className="align-top">
                  <td className="py-2 pr-3">
                    {u.email}
                    {u.id === me.id && <span className="text-slate-500"> (you)</span>}
                  </td>
                  <td className="pr-3">{u.name}</td>
                  <td className="pr-3">
                    {u.disabledAt ? (
                      <Badge tone="red">
                        {u.disabledReason === "inactive"
                          ? `disabled (inactive) ${day(u.disabledAt)}`
                          : `disabled ${day(u.disabledAt)}`}
                      </Badge>
                    ) : (
                      <Badge tone="green">active</Badge>
                    )}
                  </td>
                  <td className="pr-3">{day(u.lastSeenAt)}</td>
                  <td className="pr-3">{day(u.createdAt)}</td>
                  <td className="py-2">
                    <UserActions
                      id={u.id}
                      email={u.email}
                      role={u.role}
                      disabled={!!u.disabledAt}
                      liveTokens={u.liveTokens}
                    />
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </Card>
    </>
  );
}

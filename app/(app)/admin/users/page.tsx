import { requireUser } from "@/lib/auth/session";
import { db } from "@/lib/db/client";
import { Card, PageHeader } from "@/components/ui/card";
import { CreateUserForm } from "@/components/admin/create-user-form";

export const metadata = { title: "Users" };

export default async function UsersPage() {
  await requireUser("admin");
  const users = await (await db()).user.findMany({ orderBy: { email: "asc" }, select: { id: true, email: true, name: true, role: true, createdAt: true } });
  return (
    <>
      <PageHeader title="Users" description="Local accounts. Passwords can also be reset with `npm run admin -- user reset-password`." />
      <div className="mb-6"><Card title="New user"><CreateUserForm /></Card></div>
      <Card title={`${users.length} user${users.length === 1 ? "" : "s"}`}>
        <table className="min-w-full text-sm">
          <thead className="text-left"><tr><th scope="col" className="py-2">Email</th><th scope="col">Name</th><th scope="col">Role</th><th scope="col">Created</th></tr></thead>
          <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
            {users.map((u) => (
              <tr key={u.id}><td className="py-2">{u.email}</td><td>{u.name}</td><td>{u.role}</td><td>{u.createdAt.toISOString().slice(0, 10)}</td></tr>
            ))}
          </tbody>
        </table>
      </Card>
    </>
  );
}

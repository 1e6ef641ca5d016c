import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { gatewaysPageData } from "@/lib/gateway/data";
import { Card, EmptyState, PageHeader } from "@/components/ui/card";
import { CreateGatewayForm } from "@/components/gateway/create-gateway-form";
import { environmentPath } from "@/components/shell/nav-sections";

export const metadata = { title: "Gateways" };

export default async function GatewaysPage() {
  const user = await requireUser();
  const gateways = await gatewaysPageData();
  return (
    <>
      <PageHeader
        title="Gateways"
        description="Each merchant gateway has a PreProd (PPR) and a Production (PRD) environment."
      />
      {user.role === "admin" && (
        <div className="mb-6">
          <Card title="New gateway">
            <CreateGatewayForm />
          </Card>
        </div>
      )}
      {gateways.length === 0 ? (
        <EmptyState title="No gateway yet">
          {user.role === "admin"
            ? "Create the first one above with the id Thales gave you."
            : "An admin has to create the first gateway."}
        </EmptyState>
      ) : (
        <ul className="grid gap-4 md:grid-cols-2" aria-label="Gateways">
          {gateways.map((g) => (
            <li key={g.id}>
              <Card
                title={
                  <Link
                    href={`/gateways/${encodeURIComponent(g.merchantGatewayId)}`}
                    className="hover:underline"
                  >
                    {g.name}
                  </Link>
                }
              >
                <p className="font-mono text-sm">{g.merchantGatewayId}</p>
                <div className="mt-3 flex gap-2">
                  {g.environments.map((env) => (
                    <Link
                      key={env.id}
                      href={environmentPath(g.merchantGatewayId, env.code)}
                      className="rounded border border-slate-300 px-3 py-1 text-sm hover:bg-slate-100 dark:border-slate-600 dark:hover:bg-slate-800"
                    >
                      {env.code}
                    </Link>
                  ))}
                </div>
              </Card>
            </li>
          ))}
        </ul>
      )}
    </>
  );
}

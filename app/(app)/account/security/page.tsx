import { requireUser } from "@/lib/auth/session";
import { sessionPolicy } from "@/lib/auth/sessions";
import { adminTwoFactorRequired } from "@/lib/auth/two-factor";
import { securityPageData } from "@/lib/auth/data";
import { recoveryCodesLeft } from "@/lib/auth/two-factor-codes";
import { Badge, Card, PageHeader } from "@/components/ui/card";
import { TwoFactorPanel } from "@/components/account/two-factor-panel";
import { RevokeOtherSessionsForm, RevokeSessionForm } from "@/components/account/session-forms";
import { describeUserAgent } from "@/components/account/user-agent";
import { utcMinute } from "@/lib/dates";

export const dynamic = "force-dynamic";
export const metadata = { title: "Security" };

function duration(seconds: number): string {
  if (seconds % 86_400 === 0) return seconds === 86_400 ? "1 day" : `${seconds / 86_400} days`;
  if (seconds % 3600 === 0) return seconds === 3600 ? "1 hour" : `${seconds / 3600} hours`;
  if (seconds % 60 === 0) return seconds === 60 ? "1 minute" : `${seconds / 60} minutes`;
  return `${seconds} seconds`;
}

export default async function SecurityPage() {
  const user = await requireUser();
  const policy = sessionPolicy();
  const { status, local, sessions } = await securityPageData(user, policy);
  const codesLeft = status.enabled ? await recoveryCodesLeft(user.id) : null;
  const required = adminTwoFactorRequired() && user.role === "admin";
  const others = sessions.filter((s) => !s.current).length;

  return (
    <>
      <PageHeader
        title="Security"
        description="Two-factor sign-in, and where your account is signed in."
      />
      <div className="space-y-6">
        <Card title="Two-factor sign-in">
          {local ? (
            <TwoFactorPanel
              enabled={status.enabled}
              recoveryCodesLeft={codesLeft}
              email={user.email}
              cannotDisable={
                required
                  ? "Administrators must use two-factor sign-in on this server, so it cannot be turned off."
                  : undefined
              }
            />
          ) : (
            <p className="text-sm">
              Your account signs in through single sign-on: your identity provider asks for the
              second factor.
            </p>
          )}
        </Card>

        <Card title="Sessions" actions={<RevokeOtherSessionsForm others={others} />}>
          <p className="mb-4 text-sm text-slate-600 dark:text-slate-400">
            A session ends after {duration(policy.idleTimeoutSeconds)} without use, and in any case{" "}
            {duration(policy.absoluteLifetimeSeconds)} after it was signed in. “Last active” is
            updated at most every {duration(policy.updateAgeSeconds)}.
          </p>
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm" data-testid="sessions">
              <thead className="text-left">
                <tr>
                  <th scope="col" className="py-2 pr-4">
                    Device
                  </th>
                  <th scope="col" className="pr-4">
                    IP address
                  </th>
                  <th scope="col" className="pr-4">
                    Signed in
                  </th>
                  <th scope="col" className="pr-4">
                    Last active
                  </th>
                  <th scope="col" className="pr-4">
                    Ends by
                  </th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {sessions.map((s) => {
                  const device = describeUserAgent(s.userAgent);
                  return (
                    <tr key={s.id} data-testid={s.current ? "current-session" : "other-session"}>
                      <td className="py-2 pr-4">
                        <span title={s.userAgent ?? undefined}>{device}</span>
                        {s.current && (
                          <>
                            {" "}
                            <Badge tone="blue">This session</Badge>
                          </>
                        )}
                      </td>
                      <td className="whitespace-nowrap pr-4 font-mono text-xs">
                        {s.ipAddress ?? "—"}
                      </td>
                      <td className="whitespace-nowrap pr-4">{utcMinute(s.createdAt)}</td>
                      <td className="whitespace-nowrap pr-4">{utcMinute(s.lastActiveAt)}</td>
                      <td className="whitespace-nowrap pr-4">{utcMinute(s.endsBy)}</td>
                      <td className="py-2 text-right">
                        {!s.current && <RevokeSessionForm id={s.id} device={device} />}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        </Card>
      </div>
    </>
  );
}

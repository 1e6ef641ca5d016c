import Link from "next/link";
import { requireUser } from "@/lib/auth/session";
import { hasRole } from "@/lib/auth/actor";
import { requireEnvironment } from "@/lib/environment/data";
import { signingKeysPageData } from "@/lib/signing-key/data";
import { formatJwk, type SigningJwk } from "@/lib/signing-key/jwk";
import { rotateBy, rotationCountdown, signingKeyStatus } from "@/lib/signing-key/rotation";
import { Card, EmptyState } from "@/components/ui/card";
import { buttonClass } from "@/components/ui/button";
import { environmentPath } from "@/components/shell/nav-sections";
import { RotationBadge, SigningKeyStatusBadge } from "@/components/signing-key/badges";
import { SigningKeyMaterial } from "@/components/signing-key/key-material";
import { OnboardSigningKeyForm, RetireSigningKeyForm } from "@/components/signing-key/key-actions";
import { RegisterPublicKeyForm } from "@/components/signing-key/register-public-key-form";
import { SigningKeyInstallations } from "@/components/installation/signing-key-installations";
import { ClientAssertionSection } from "@/components/signing-key/client-assertion-section";
import { effectiveTokenEndpoint } from "@/lib/signing-key/token-endpoint";
import { isoDay, utcMinute } from "@/lib/dates";

export const metadata = { title: "OAuth signing key" };

const muted = "text-slate-600 dark:text-slate-400";

export default async function SigningKeysPage({
  params,
  searchParams,
}: {
  params: Promise<{ merchantGatewayId: string; env: string }>;
  searchParams: Promise<{ created?: string }>;
}) {
  const user = await requireUser();
  const { merchantGatewayId, env } = await params;
  const { gateway, environment } = await requireEnvironment(merchantGatewayId, env);
  const rotationDays = gateway.keyRotationDays;
  const now = new Date();
  const { keys, current, state } = await signingKeysPageData(environment.id, rotationDays, now);
  const canWrite = hasRole(user.role, "operator");
  const base = environmentPath(gateway.merchantGatewayId, environment.code, "signing-keys");
  const created = (await searchParams).created;
  const live = keys.filter((k) => !k.retiredAt);
  const retired = keys.filter((k) => k.retiredAt);
  const active = live.find((k) => k.onboardedAt && k.id === current?.id) ?? null;
  const countdown = current ? rotationCountdown(current, rotationDays, now) : null;
  const countdownText = !countdown
    ? ""
    : "daysLeft" in countdown
      ? `${countdown.daysLeft} ${countdown.daysLeft === 1 ? "day" : "days"} left`
      : countdown.daysOverdue === 0
        ? "due today"
        : `${countdown.daysOverdue} ${countdown.daysOverdue === 1 ? "day" : "days"} overdue`;

  return (
    <div className="space-y-6">
      <div className="flex flex-wrap items-center justify-between gap-3">
        <div>
          <h2 className="text-lg font-semibold">
            OAuth signing key <span className={`text-sm font-normal ${muted}`}>(ES256)</span>
          </h2>
          <p className={`max-w-3xl text-sm ${muted}`}>
            D1&apos;s token endpoint (<code>/oauth2/token</code>, JWT bearer grant) accepts JWTs
            signed with ES256 whose <code>iss</code> is <code>{gateway.merchantGatewayId}</code>,
            checked against the public key onboarded with Thales. One key per environment; PPR and
            PRD never share one.
          </p>
        </div>
        {canWrite && (
          <Link href={`${base}/new`} className={buttonClass("primary")}>
            {current ? "Generate a new key (rotate)" : "Generate a key"}
          </Link>
        )}
      </div>

      {created && keys.some((k) => k.id === created) && (
        <p
          role="status"
          className="rounded-md bg-green-50 p-3 text-sm text-green-900 dark:bg-green-950 dark:text-green-200"
        >
          The public key is registered. Give the PEM or JWK to your Thales representative, then mark
          it onboarded here.
        </p>
      )}

      <Card title="Rotation">
        <dl className="grid gap-x-6 gap-y-2 text-sm sm:grid-cols-[auto_1fr]">
          <dt className={muted}>State</dt>
          <dd>
            <RotationBadge state={state} />
          </dd>
          <dt className={muted}>Key in use</dt>
          <dd className="break-all font-mono text-xs">
            {current ? current.thumbprint : "—"}
            {current && !current.onboardedAt && (
              <span className={`ml-2 font-sans ${muted}`}>(not yet onboarded)</span>
            )}
          </dd>
          <dt className={muted}>Rotate by</dt>
          <dd data-testid="rotate-by">
            {current ? (
              <>
                <span className="font-medium">{isoDay(rotateBy(current, rotationDays))}</span>
                <span className={`ml-2 ${muted}`}>
                  ({current.onboardedAt ? "onboarded" : "created"}{" "}
                  {isoDay(current.onboardedAt ?? current.createdAt)} + {rotationDays} days;{" "}
                  {countdownText})
                </span>
              </>
            ) : (
              "—"
            )}
          </dd>
          <dt className={muted}>Interval</dt>
          <dd>
            {rotationDays} days{" "}
            <Link
              href={`/gateways/${encodeURIComponent(gateway.merchantGatewayId)}`}
              className="text-blue-700 hover:underline dark:text-blue-300"
            >
              (gateway settings)
            </Link>
          </dd>
        </dl>
        {state === "rotation-due" && (
          <p
            role="note"
            className="mt-4 rounded-md bg-amber-50 p-3 text-sm text-amber-900 dark:bg-amber-950 dark:text-amber-200"
          >
            This key is due for rotation. Generate a new key, give its public key to Thales, switch
            your backend to it, then mark it onboarded here: the old key is retired then.
          </p>
        )}
        {state === "none" && (
          <p
            role="note"
            className="mt-4 rounded-md bg-red-50 p-3 text-sm text-red-900 dark:bg-red-950 dark:text-red-200"
          >
            No OAuth signing key: calls to D1&apos;s token endpoint cannot be authenticated from
            this environment.
            {canWrite ? " Generate one, or register a public key made elsewhere below." : ""}
          </p>
        )}
      </Card>

      {live.length === 0 ? (
        <EmptyState title="No OAuth signing key for this environment yet">
          {canWrite
            ? "Generate one in your browser: the private key never leaves your machine."
            : "An operator can generate one."}
        </EmptyState>
      ) : (
        live.map((key) => {
          const status = signingKeyStatus(key);
          return (
            <Card
              key={key.id}
              title={
                <span className="flex flex-wrap items-center gap-2">
                  Key <code className="break-all text-xs font-normal">{key.thumbprint}</code>{" "}
                  <SigningKeyStatusBadge status={status} />
                </span>
              }
            >
              <dl className="mb-4 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
                <dt className={muted}>Algorithm</dt>
                <dd>{key.alg} (ECDSA P-256, SHA-256)</dd>
                <dt className={muted}>Registered</dt>
                <dd>
                  {utcMinute(key.createdAt)} by {key.createdByLabel}
                </dd>
                <dt className={muted}>Onboarded with Thales</dt>
                <dd data-testid="onboarded-at">
                  {key.onboardedAt
                    ? `${isoDay(key.onboardedAt)} (recorded by ${key.onboardedBy ?? "?"})`
                    : "not yet"}
                </dd>
                <dt className={muted}>Rotate by</dt>
                <dd>{isoDay(rotateBy(key, rotationDays))}</dd>
              </dl>
              <SigningKeyMaterial
                publicKeyPem={key.publicKeyPem}
                jwkText={formatJwk(key.jwk as SigningJwk)}
                thumbprint={key.thumbprint}
              />
              {canWrite && (
                <div className="mt-5 flex flex-wrap items-start gap-3 border-t border-slate-200 pt-4 dark:border-slate-800">
                  {status === "pending" && (
                    <OnboardSigningKeyForm
                      keyId={key.id}
                      replacesKid={active && active.id !== key.id ? active.thumbprint : null}
                    />
                  )}
                  <RetireSigningKeyForm keyId={key.id} active={status === "active"} />
                </div>
              )}
            </Card>
          );
        })
      )}

      <SigningKeyInstallations environmentId={environment.id} keys={live} canWrite={canWrite} />
      <ClientAssertionSection
        environmentId={environment.id}
        merchantGatewayId={gateway.merchantGatewayId}
        env={environment.code}
        tokenEndpoint={{
          ...effectiveTokenEndpoint(environment),
          stored: environment.oauthTokenEndpoint,
        }}
        keys={live.map((k) => ({
          thumbprint: k.thumbprint,
          publicKeyPem: k.publicKeyPem,
          onboarded: !!k.onboardedAt,
        }))}
        canAdmin={hasRole(user.role, "admin")}
      />

      {canWrite && (
        <Card title="Register a public key made elsewhere">
          <p className={`mb-4 text-sm ${muted}`}>
            For an ES256 key pair made with OpenSSL or an HSM:{" "}
            <code>
              openssl genpkey -algorithm EC -pkeyopt ec_paramgen_curve:P-256 -out es256.key.pem
            </code>
            , then register the output of <code>openssl pkey -in es256.key.pem -pubout</code>.
          </p>
          <RegisterPublicKeyForm environmentId={environment.id} listPath={base} />
        </Card>
      )}

      {retired.length > 0 && (
        <Card title={`Retired keys (${retired.length})`}>
          <div className="overflow-x-auto">
            <table className="min-w-full text-sm">
              <caption className="sr-only">
                Retired OAuth signing keys of {environment.code}, newest first
              </caption>
              <thead className="text-left">
                <tr>
                  {["Thumbprint (kid)", "Registered", "Onboarded", "Retired"].map((h) => (
                    <th key={h} scope="col" className="px-2 py-1 font-medium">
                      {h}
                    </th>
                  ))}
                </tr>
              </thead>
              <tbody className="divide-y divide-slate-200 dark:divide-slate-800">
                {retired.map((key) => (
                  <tr key={key.id}>
                    <td className="break-all px-2 py-1 font-mono text-xs">{key.thumbprint}</td>
                    <td className="px-2 py-1">
                      <span className="whitespace-nowrap">{isoDay(key.createdAt)}</span> by{" "}
                      {key.createdByLabel}
                    </td>
                    <td className="whitespace-nowrap px-2 py-1">
                      {key.onboardedAt ? isoDay(key.onboardedAt) : "never"}
                    </td>
                    <td className="px-2 py-1">
                      <span className="whitespace-nowrap">{utcMinute(key.retiredAt!)}</span> by{" "}
                      {key.retiredBy ?? "?"}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </Card>
      )}
    </div>
  );
}

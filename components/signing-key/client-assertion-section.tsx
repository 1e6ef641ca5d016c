import { Card } from "@/components/ui/card";
import { ClientAssertionBuilder, type AssertionKey } from "./client-assertion";
import { TokenEndpointForm } from "./token-endpoint-form";

const muted = "text-slate-600 dark:text-slate-400";

type Props = {
  environmentId: string;
  merchantGatewayId: string;
  env: "PPR" | "PRD";
  tokenEndpoint: {
    url: string;
    custom: boolean;
    default: string;
    partnerServer: string;
    stored: string | null;
  };
  keys: AssertionKey[];
  canAdmin: boolean;
};

/**
 * Issue 17 item 6: the environment's token endpoint (aud) and a client assertion built and
 * checked in the browser, to try the key before D1 does.
 */
export function ClientAssertionSection({
  environmentId,
  merchantGatewayId,
  env,
  tokenEndpoint,
  keys,
  canAdmin,
}: Props) {
  return (
    <Card title="Try a client assertion">
      <p className={`mb-4 max-w-3xl text-sm ${muted}`}>
        Build the JWT your backend sends to D1&apos;s JWT bearer grant (RFC 7523): <code>alg</code>{" "}
        ES256, <code>kid</code> = the key&apos;s thumbprint, <code>iss</code> and <code>sub</code> ={" "}
        <code>{merchantGatewayId}</code>, <code>aud</code> = the token endpoint below. The key file
        is opened, the JWT signed and its signature checked in this browser: nothing of the key
        leaves it.
      </p>
      <dl className="mb-4 grid gap-x-6 gap-y-1 text-sm sm:grid-cols-[auto_1fr]">
        <dt className={muted}>Token endpoint (aud)</dt>
        <dd className="break-all">
          <code data-testid="token-endpoint">{tokenEndpoint.url}</code>{" "}
          <span className={muted}>
            {tokenEndpoint.custom
              ? "(set for this environment)"
              : `(the partner's ${tokenEndpoint.partnerServer} server)`}
          </span>
        </dd>
      </dl>
      {env === "PPR" && !tokenEndpoint.custom && (
        <p role="note" className={`mb-4 max-w-3xl text-xs ${muted}`}>
          The partner lists a Production and a Staging OAuth server, and no &quot;PreProd&quot; one:
          PPR uses Staging here by assumption. If Thales named another server for your PPR tenant,
          an admin sets it below.
        </p>
      )}
      {canAdmin && (
        <details className="mb-5 rounded-md border border-slate-200 p-3 dark:border-slate-800">
          <summary className="cursor-pointer text-sm font-medium">
            Change the token endpoint
          </summary>
          <TokenEndpointForm
            environmentId={environmentId}
            value={tokenEndpoint.stored}
            partnerDefault={tokenEndpoint.default}
            partnerServer={tokenEndpoint.partnerServer}
          />
        </details>
      )}
      <ClientAssertionBuilder
        merchantGatewayId={merchantGatewayId}
        tokenEndpoint={tokenEndpoint.url}
        keys={keys}
      />
    </Card>
  );
}

import type { GatewayDto } from "./contract";

type GatewayRow = {
  id: string;
  merchantGatewayId: string;
  name: string;
  cnTemplate: string;
  createdAt: Date;
  environments: { id: string; code: "PPR" | "PRD" }[];
};

/** The gateway as the API shows it. */
export function toGatewayDto(gateway: GatewayRow): GatewayDto {
  return {
    id: gateway.id,
    merchantGatewayId: gateway.merchantGatewayId,
    name: gateway.name,
    cnTemplate: gateway.cnTemplate,
    createdAt: gateway.createdAt.toISOString(),
    environments: gateway.environments.map((env) => ({ id: env.id, code: env.code })),
  };
}

/** The URL of an environment's page, or of one of its sections (`section` is the URL segment). */
export const environmentPath = (merchantGatewayId: string, env: string, section = "") =>
  `/gateways/${encodeURIComponent(merchantGatewayId)}/${env}${section ? `/${section}` : ""}`;

/**
 * Fills the gateway's CN template. The full policy check (lib/policy) uses the same
 * placeholders; this is the display form for pages that only show the expected CN.
 */
export function renderCommonNameForDisplay(template: string, keyType: "RSA" | "ECDSA", merchantGatewayId: string, env: string) {
  return template.replaceAll("{keyType}", keyType).replaceAll("{merchantGatewayId}", merchantGatewayId).replaceAll("{env}", env);
}

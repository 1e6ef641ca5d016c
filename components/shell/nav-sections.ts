/** The sections of an environment, in navigation order; the slug is the URL segment. */
export const ENVIRONMENT_SECTIONS = [
  { slug: "", label: "Overview" },
  { slug: "csrs", label: "CSRs" },
  { slug: "certificates", label: "Certificates" },
  { slug: "trust-stores", label: "Trust stores" },
  { slug: "signing-keys", label: "OAuth key" },
  { slug: "ca-changes", label: "CA changes" },
  { slug: "probes", label: "Probes" },
  { slug: "custody", label: "Custody" },
  { slug: "checklist", label: "Checklist" },
  { slug: "audit", label: "Audit" },
] as const;

// Built in lib/ so that server code (findings, actions) links to sections without importing UI.
export { environmentPath } from "@/lib/environment/paths";

import { requireUser } from "@/lib/auth/session";
import { ComingSection } from "@/components/environment/coming-section";

export default async function Page() {
  await requireUser();
  return <ComingSection title="CSRs" what="Certificate signing requests generated in your browser for this environment will be listed here." />;
}

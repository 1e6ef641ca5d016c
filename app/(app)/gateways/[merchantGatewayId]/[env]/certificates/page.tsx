import { requireUser } from "@/lib/auth/session";
import { ComingSection } from "@/components/environment/coming-section";

export default async function Page() {
  await requireUser();
  return <ComingSection title="Certificates" what="Client certificates issued by Thales for this environment will be listed here, with their expiry." />;
}

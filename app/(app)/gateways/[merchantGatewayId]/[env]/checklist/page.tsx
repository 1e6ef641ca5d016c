import { requireUser } from "@/lib/auth/session";
import { ComingSection } from "@/components/environment/coming-section";

export default async function Page() {
  await requireUser();
  return <ComingSection title="Checklist" what="The onboarding checklist for this environment will be tracked here." />;
}

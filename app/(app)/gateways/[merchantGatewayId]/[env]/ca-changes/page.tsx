import { requireUser } from "@/lib/auth/session";
import { ComingSection } from "@/components/environment/coming-section";

export default async function Page() {
  await requireUser();
  return <ComingSection title="CA changes" what="Changes of the Thales Client CA, and of your own server CA, will be recorded here." />;
}

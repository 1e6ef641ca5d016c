import { requireUser } from "@/lib/auth/session";
import { ComingSection } from "@/components/environment/coming-section";

export default async function Page() {
  await requireUser();
  return <ComingSection title="Trust stores" what="The D1 server roots, the Thales Client CA and the server chain you hand to Thales will be kept here." />;
}

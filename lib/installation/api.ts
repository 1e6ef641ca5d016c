import "server-only";
import { apiError } from "@/lib/api/respond";
import type { InstallationFailure } from "./mutations";

export const installationFailure = (f: InstallationFailure) =>
  apiError(f.status, f.code, f.message, f.fields ? { fields: f.fields } : {});

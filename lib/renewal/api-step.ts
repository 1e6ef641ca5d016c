import "server-only";
import type { Db } from "@/lib/db/client";
import { apiError } from "@/lib/api/respond";
import { getRenewal } from "./data";
import { toRenewalDto } from "./dto";
import type { RenewalRefusalCode, StepResult } from "./workflow";

const STATUS: Record<RenewalRefusalCode, number> = {
  not_found: 404,
  "renewal.superseded": 409,
  "renewal.closed": 409,
  "renewal.out_of_order": 409,
  "renewal.stale": 409,
  "renewal.csr_not_in_environment": 422,
  "renewal.key_reused": 422,
  "renewal.installations_required": 422,
  "renewal.installation_not_on_old": 422,
  "renewal.installations_remaining": 409,
};

/** The API's answer to a renewal step: the renewal as it now is, or the workflow's refusal with its code. */
export async function renewalAnswer(db: Db, result: StepResult, status = 200): Promise<Response> {
  if (!result.ok) return apiError(STATUS[result.code], result.code, result.message);
  return Response.json(toRenewalDto(await getRenewal(db, result.id)), { status });
}

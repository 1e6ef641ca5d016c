import { z } from "zod";

/** POST …/custodians: the user who becomes a custodian of the environment. */
export const assignCustodianSchema = z.object({
  userId: z
    .string({ error: "userId is required: the user to name custodian." })
    .trim()
    .min(1, { error: "userId is required: the user to name custodian." })
    .max(64, { error: "userId is too long." }),
});
export type AssignCustodianInput = z.infer<typeof assignCustodianSchema>;

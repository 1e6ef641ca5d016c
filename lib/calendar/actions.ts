"use server";
import { revalidatePath } from "next/cache";
import { actionContext } from "@/lib/auth/action-context";
import { createCalendarFeed, revokeCalendarFeed } from "@/lib/calendar/tokens";
import { env } from "@/lib/env";

export type CalendarState = { url?: string; message?: string; revoked?: boolean };

/** Every signed-in user manages their own feed (viewers included: it only reads). */
export async function createFeedAction(): Promise<CalendarState> {
  const ctx = await actionContext("viewer");
  if (!ctx) return { message: "Sign in first." };
  const result = await createCalendarFeed(ctx.db, ctx.actor, ctx.user.id);
  revalidatePath("/calendar");
  if (!result.ok) return { message: result.message };
  return { url: `${env.APP_URL || ""}${result.path}` };
}

export async function revokeFeedAction(): Promise<CalendarState> {
  const ctx = await actionContext("viewer");
  if (!ctx) return { message: "Sign in first." };
  const result = await revokeCalendarFeed(ctx.db, ctx.actor, ctx.user.id);
  revalidatePath("/calendar");
  return result.ok ? { revoked: result.revoked } : { message: result.message };
}

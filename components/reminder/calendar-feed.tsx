"use client";
import { useActionState } from "react";
import { createFeedAction, revokeFeedAction, type CalendarState } from "@/lib/calendar/actions";
import { Button } from "@/components/ui/button";
import { CopyCommand } from "@/components/csr/pem-actions";

export function CalendarFeed({ hasFeed }: { hasFeed: boolean }) {
  const [created, create, creating] = useActionState<CalendarState>(createFeedAction, {});
  const [revoked, revoke, revoking] = useActionState<CalendarState>(revokeFeedAction, {});
  const url = created.url
    ? created.url.startsWith("http")
      ? created.url
      : `${window.location.origin}${created.url}`
    : null;
  return (
    <div className="space-y-4">
      {(created.message || revoked.message) && (
        <p role="alert" className="text-sm text-red-700">
          {created.message ?? revoked.message}
        </p>
      )}
      {url && (
        <div role="status" className="space-y-2">
          <p className="text-sm font-medium">
            Your calendar URL (shown once; anyone with it sees the dates, so keep it private):
          </p>
          <CopyCommand command={url} label="Calendar feed URL" />
        </div>
      )}
      {revoked.revoked && (
        <p role="status" className="text-sm">
          The old URL no longer works.
        </p>
      )}
      <div className="flex gap-2">
        <form action={create}>
          <Button disabled={creating}>
            {hasFeed ? "Replace the URL (the old one stops working)" : "Create my calendar URL"}
          </Button>
        </form>
        {hasFeed && (
          <form action={revoke}>
            <Button variant="secondary" disabled={revoking}>
              Revoke
            </Button>
          </form>
        )}
      </div>
    </div>
  );
}

-- The notifications page, newest first, page by page (lib/reminder/notifications.ts): a sweep over
-- a large fleet leaves a user thousands of notifications (5,263 for the bench's admin at 10,000
-- certificates), and each page sorted them all (16 ms on PGlite). Read backward, this index gives
-- a page in order.

CREATE INDEX "notification_userId_createdAt_id_idx" ON "notification"("userId", "createdAt", "id");

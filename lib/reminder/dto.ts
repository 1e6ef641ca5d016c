import type { NotificationDto, ReminderStateDto } from "./contract";

type State = {
  certificateId: string;
  subject: string;
  acknowledgedAt: Date | null;
  acknowledgedBy: string | null;
  snoozedUntil: Date | null;
  snoozeReason: string | null;
};

export function toReminderStateDto(s: State): ReminderStateDto {
  return {
    certificateId: s.certificateId,
    subject: s.subject as ReminderStateDto["subject"],
    acknowledgedAt: s.acknowledgedAt?.toISOString() ?? null,
    acknowledgedBy: s.acknowledgedBy,
    snoozedUntil: s.snoozedUntil?.toISOString() ?? null,
    snoozeReason: s.snoozeReason,
  };
}

type NotificationRow = {
  id: string;
  title: string;
  body: string;
  link: string | null;
  createdAt: Date;
  readAt: Date | null;
};

export function toNotificationDto(n: NotificationRow): NotificationDto {
  return {
    id: n.id,
    title: n.title,
    body: n.body,
    link: n.link,
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}

import type { ReminderContext, ReminderMessage } from "../message";

/** The outcome of one attempt; `detail` goes into the delivery log, so it never holds a secret. */
export type SendResult = {
  ok: boolean;
  detail: string;
  /** Retrying cannot help (the gateway no longer has this channel): give up at once. */
  final?: boolean;
};

export type Recipient = { reminderEmails: string[]; webhookUrl: string | null; webhookFormat?: string };

export type OutboundChannel = {
  send(ctx: ReminderContext, message: ReminderMessage, to: Recipient): Promise<SendResult>;
  close(): void;
};

import type { ReminderMessage } from "../message";

/** What a channel needs to know of the reminder beyond its message. */
export type DeliveryRef = { deliveryId: string };

/** The outcome of one attempt; `detail` goes into the delivery log, so it never holds a secret. */
export type SendResult = {
  ok: boolean;
  detail: string;
  /** Retrying cannot help (the gateway no longer has this channel): give up at once. */
  final?: boolean;
};

/** `reminderEmails`: the gateway's addresses and the environment's custodians, each once (lib/reminder/recipients.ts). */
export type Recipient = {
  reminderEmails: string[];
  webhookUrl: string | null;
  webhookFormat?: string;
};

export type OutboundChannel = {
  send(ctx: DeliveryRef, message: ReminderMessage, to: Recipient): Promise<SendResult>;
  close(): void;
};

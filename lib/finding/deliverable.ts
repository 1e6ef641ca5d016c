/**
 * A finding that goes out beside the bell: by email and by webhook, once per recipient and
 * channel. Each feature that raises findings (CA changes, custody, signing-key
 * rotation) maps its own into this shape; the reminder sweep delivers them.
 */
export type DeliverableFinding = {
  /**
   * Stable identity of this occurrence: the same condition gives the same key on every sweep and
   * instance (e.g. `custody.disabled-custodian:<environmentId>:<userId>`), so it is sent once.
   */
  key: string;
  environmentId: string;
  severity: "warning" | "critical";
  title: string;
  detail: string;
  /** A path in the app where the finding is dealt with, e.g. `/gateways/<id>/PRD/custody`. */
  link: string;
};

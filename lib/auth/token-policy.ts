/** A token expires after this many days unless an admin asks for none (no server imports: the form shows it). */
export const DEFAULT_TOKEN_DAYS = 90;

/**
 * A case-insensitive "contains" filter for what a person typed. Prisma passes `contains` to
 * ILIKE as is, so a pasted % or _ would be a wildcard ("%" matched every row): escaped here.
 */
export function containsText(text: string) {
  return { contains: escapeLike(text), mode: "insensitive" as const };
}

/** The same for raw SQL: an ILIKE pattern that matches `text` anywhere, taken literally. */
export const containsPattern = (text: string) => `%${escapeLike(text)}%`;

const escapeLike = (text: string) => text.replace(/[\\%_]/g, "\\$&");

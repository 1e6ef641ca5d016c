/**
 * A case-insensitive "contains" filter for what a person typed. Prisma passes `contains` to
 * ILIKE as is, so a pasted % or _ would be a wildcard ("%" matched every row): escaped here.
 */
export function containsText(text: string) {
  return { contains: text.replace(/[\\%_]/g, "\\$&"), mode: "insensitive" as const };
}

import "server-only";
import { db } from "@/lib/db/client";
import { search, type SearchQuery } from "./search";

/** The search page's results for a parsed query. */
export async function searchPageData(query: SearchQuery) {
  return search(await db(), query);
}

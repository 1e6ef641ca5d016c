// Moved to ./data.ts, where database reads live; kept for the pages that still import it here.
export { installationsForPage } from "./data";

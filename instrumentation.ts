// Runs once when a server instance starts: open the database (which applies pending
// migrations) and, while nobody can sign in yet, print a one-time setup code to this log.
export async function register() {
  if (process.env.NEXT_RUNTIME !== "nodejs") return;
  const { startServer } = await import("./lib/startup");
  await startServer();
}

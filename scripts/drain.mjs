// SIGTERM/SIGINT for the servers that `npm start` runs: stop listening, let the requests in flight
// finish (idle keep-alive sockets are closed as they become idle), then exit. The app's own
// handler (lib/shutdown, ADR 0019) holds that exit until the scheduler has stopped and the
// database is closed, and bounds the whole by SHUTDOWN_TIMEOUT_SECONDS; the fallback here only
// guards against that handler never having been installed.
export function drainOnSignal(servers) {
  const timeoutSeconds = Number(process.env.SHUTDOWN_TIMEOUT_SECONDS) || 25;
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    const open = servers.filter(Boolean);
    let left = open.length;
    for (const server of open) {
      server.close(() => {
        left -= 1;
        if (left === 0) process.exit(0);
      });
    }
    const idle = setInterval(() => {
      for (const server of open) server.closeIdleConnections?.();
    }, 200);
    idle.unref();
    setTimeout(() => process.exit(1), (timeoutSeconds + 10) * 1000).unref();
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
}

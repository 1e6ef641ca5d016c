#!/bin/sh
# The container image's command (the Dockerfile's CMD). glibc reads its allocator settings, and V8
# its young generation's size, only when a process starts, so they are set here, before node, as
# scripts/server-launch.mjs sets them for `npm start`: on the embedded database only, keeping a
# value the operator set (ADRs 0029, 0036; lib/deploy/launch.test.ts runs this script and that
# module on the same cases). exec: node becomes this process, so it receives the STOPSIGNAL itself.
if [ -z "$DATABASE_URL" ] && [ -z "$DATABASE_URL_FILE" ]; then
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
  # V8's young generation at 8 MB a half, unless NODE_OPTIONS already sizes it (ADR 0036).
  case "$NODE_OPTIONS" in
    *--max-semi-space-size*) ;;
    *) export NODE_OPTIONS="${NODE_OPTIONS:+$NODE_OPTIONS }--max-semi-space-size=8" ;;
  esac
fi
# The server of `npm start` (ADR 0037): HTTPS itself when TLS_CERT_FILE is set, as `npm start`
# chooses; on HOSTNAME (the image sets 0.0.0.0) and PORT.
server=scripts/http-server.mjs
if [ -n "$TLS_CERT_FILE" ]; then server=scripts/https-server.mjs; fi
exec node "$server" -H "${HOSTNAME:-0.0.0.0}" "$@"

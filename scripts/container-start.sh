#!/bin/sh
# The container image's command (the Dockerfile's CMD). glibc reads its allocator settings only
# when a process starts, so they are set here, before node, as scripts/server-launch.mjs sets them
# for `npm start`: on the embedded database only, keeping a value the operator set (ADR 0029;
# lib/deploy/launch.test.ts runs this script and that module on the same cases). exec: node
# becomes this process, so it receives the STOPSIGNAL itself.
if [ -z "$DATABASE_URL" ] && [ -z "$DATABASE_URL_FILE" ]; then
  export MALLOC_ARENA_MAX="${MALLOC_ARENA_MAX:-2}"
  export MALLOC_MMAP_THRESHOLD_="${MALLOC_MMAP_THRESHOLD_:-131072}"
fi
exec node server.js "$@"

# syntax=docker/dockerfile:1
# The dashboard as a container: Next.js standalone output on Debian slim Node 20, run as a
# non-root user with /data the only writable place (the embedded database). See
# docs/deployment.md; e2e/standalone.spec.ts runs exactly what CMD runs, with this ENV.
ARG NODE_IMAGE=node:20-bookworm-slim

# ---- dependencies (all of them: the build needs TypeScript, Prisma's generator, Tailwind) ----
FROM ${NODE_IMAGE} AS deps
WORKDIR /src
ENV NEXT_TELEMETRY_DISABLED=1
COPY package.json package-lock.json prisma.config.ts ./
COPY prisma ./prisma
COPY scripts/prisma.mjs ./scripts/prisma.mjs
# postinstall generates the Prisma client into lib/db/generated
RUN npm ci --no-audit --no-fund

# ---- build: `next build` with output "standalone" traces what the server needs at run time ----
FROM deps AS build
COPY . .
RUN BUILD_STANDALONE=1 npx next build \
 && cp -r .next/static .next/standalone/.next/static \
 && cp -r public .next/standalone/public \
 && mkdir -p .next/standalone/prisma/migrations \
 && cp -r prisma/migrations/. .next/standalone/prisma/migrations/

# ---- runtime: only the traced production files, no npm, no sources, no dev dependencies ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    NEXT_TELEMETRY_DISABLED=1 \
    PORT=3000 \
    HOSTNAME=0.0.0.0 \
    DATA_DIR=/data \
    SHUTDOWN_TIMEOUT_SECONDS=25
WORKDIR /app
RUN groupadd --system --gid 10001 d1 \
 && useradd --system --uid 10001 --gid d1 --home-dir /nonexistent --no-create-home --shell /usr/sbin/nologin d1 \
 && mkdir /data && chown d1:d1 /data && chmod 0700 /data
# Owned by root and not writable by the app: the code cannot be changed by the process running it.
COPY --from=build /src/.next/standalone ./
# The server `npm start` runs, on the standalone build (ADR 0037): forwarding headers believed
# only from TRUSTED_PROXIES, the admission limit, the count of requests the reminder sweep waits
# on, the drain on SIGTERM. Every module it imports, and nothing else of scripts/.
COPY scripts/http-server.mjs scripts/https-server.mjs scripts/next-handler.mjs scripts/forwarded.mjs scripts/admission.mjs scripts/drain.mjs scripts/request-activity.mjs ./scripts/
# Sets glibc's allocator and V8's young generation for the embedded database, then execs that
# server (ADRs 0029, 0036).
COPY scripts/container-start.sh ./container-start.sh
USER 10001:10001
VOLUME ["/data"]
EXPOSE 3000
# lib/shutdown: SIGTERM drains requests, ends the reminder sweep between deliveries, closes the
# database; give it SHUTDOWN_TIMEOUT_SECONDS plus a margin (docker stop -t 30, Kubernetes' 30 s default).
STOPSIGNAL SIGTERM
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/api/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["/bin/sh", "container-start.sh"]

# syntax=docker/dockerfile:1
# mwl-bridge: one image, every role. The role is the command:
#   docker run IMAGE start | migrate | writer | gateway | fetcher --source NAME
# Pin the base by digest for reproducible builds:
#   docker build --build-arg NODE_IMAGE=node:24-bookworm-slim@sha256:<digest> -t mwl-bridge:0.1.0 .
ARG NODE_IMAGE=node:24-bookworm-slim

# --- build: the whole workspace, compiled to one JavaScript bundle -------------------------------
FROM ${NODE_IMAGE} AS build
ENV CHECKPOINT_DISABLE=1 TURBO_TELEMETRY_DISABLED=1 NPM_CONFIG_UPDATE_NOTIFIER=false
WORKDIR /src
COPY . .
RUN npm ci --no-audit --no-fund && npm run build
# Production dependencies of the root package only (the bundle holds the workspace packages).
RUN mkdir /out && cp package.json package-lock.json .npmrc /out/ \
 && cd /out && npm ci --omit=dev --ignore-scripts --workspaces=false --include-workspace-root --no-audit --no-fund

# --- runtime: built JavaScript and production dependencies, nothing else --------------------------
FROM ${NODE_IMAGE} AS runtime
# tini as PID 1: forwards SIGTERM to node and reaps zombies.
RUN apt-get update \
 && apt-get install -y --no-install-recommends tini \
 && rm -rf /var/lib/apt/lists/*
# Memory: a small young generation and two malloc arenas (bench:footprint, docs/PERFORMANCE.md).
ENV NODE_ENV=production \
    NODE_OPTIONS=--max-semi-space-size=1 \
    MALLOC_ARENA_MAX=2 \
    MWL_CONFIG=/etc/mwl-bridge/mwl.json \
    MWL_DATA_DIR=/data \
    HEALTH_PORT=9464
WORKDIR /app
COPY --from=build /out/node_modules ./node_modules
COPY --from=build /src/package.json ./package.json
COPY --from=build /src/prisma/migrations ./prisma/migrations
COPY --from=build /src/services/cli/package.json ./services/cli/package.json
COPY --from=build /src/services/cli/bin ./services/cli/bin
COPY --from=build /src/services/cli/dist ./services/cli/dist
RUN ln -s /app/services/cli/bin/mwl-bridge.js /usr/local/bin/mwl-bridge \
 && mkdir -p /data /etc/mwl-bridge && chown 1000:1000 /data
# The node image's unprivileged user (uid 1000), numeric so Kubernetes can check runAsNonRoot.
USER 1000:1000
# The embedded database (`start` without DATABASE_URL) lives here.
VOLUME ["/data"]
# DICOM (gateway) and HTTP (/health/live, /health/ready, /metrics).
EXPOSE 4242 9464
HEALTHCHECK --interval=15s --timeout=5s --start-period=60s --retries=3 CMD ["mwl-bridge", "healthcheck"]
ENTRYPOINT ["/usr/bin/tini", "--", "mwl-bridge"]
CMD ["start"]

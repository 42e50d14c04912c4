# syntax=docker/dockerfile:1
# The bot as an image. Not built on the machine this was written on (no Docker engine there):
# scripts/container-check.sh runs the same steps (production install, index build, start, health
# probe, SIGTERM) on a clean checkout in CI instead. See docs/operations.md.

# --- build: the native modules (hnswlib-node, nodejieba) need a C++ toolchain and python --------
FROM node:20-bookworm AS build
WORKDIR /app
RUN apt-get update && apt-get install -y --no-install-recommends build-essential python3 \
    && rm -rf /var/lib/apt/lists/*
COPY package.json package-lock.json ./
# production dependencies only: tsx runs the TypeScript sources (no build step); nodejieba's install
# runs `npx @mapbox/node-pre-gyp`, which is a dependency so that it is already there
RUN npm ci --omit=dev --no-audit --no-fund
COPY src ./src
COPY data ./data
COPY seeds ./seeds

# --- runtime: no compilers, a non-root user, the index and sessions on volumes -------------------
FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    VECTOR_DIR=/var/lib/newsbot/index \
    SEEDS_DIR=/app/seeds \
    SESSION_DIR=/var/lib/newsbot/sessions \
    FEEDBACK_DIR=/var/lib/newsbot/feedback \
    SUBSCRIPTIONS_DIR=/var/lib/newsbot/subscriptions \
    HEALTH_PORT=8081
WORKDIR /app
COPY --from=build --chown=root:root /app /app
RUN mkdir -p /var/lib/newsbot/index /var/lib/newsbot/sessions /var/lib/newsbot/feedback /var/lib/newsbot/subscriptions \
    && chown -R node:node /var/lib/newsbot
USER node
VOLUME ["/var/lib/newsbot/index", "/var/lib/newsbot/sessions"]
EXPOSE 8081
# /healthz on HEALTH_PORT (src/ops/health.ts); node's fetch, so no curl in the image
HEALTHCHECK --interval=30s --timeout=5s --start-period=60s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.HEALTH_PORT||8081)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# node itself is PID 1 (no npm, no shell): SIGTERM reaches the bot, which drains and exits 0
# (exit codes: docs/operations.md); the index is built or brought up to date at start
CMD ["node", "--import", "tsx", "src/main.ts"]

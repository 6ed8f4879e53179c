# syntax=docker/dockerfile:1
# Stagehand: multi-stage build. The build stage compiles better-sqlite3's native module, checks the types
# and transpiles to dist/; the runtime stage carries production dependencies and dist/ only, and runs as an
# unprivileged user with its state in a volume.

FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
# The local stand-in for matrix-bot-sdk's native crypto package (see DEVELOPERS.md); npm links it.
COPY shims ./shims
RUN npm ci --no-audit --no-fund
COPY tsconfig.json ./
COPY scripts ./scripts
COPY src ./src
COPY commands ./commands
COPY config ./config
RUN npm run typecheck && npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system stagehand && useradd --system --gid stagehand --home /app stagehand \
 && mkdir -p /data && chown stagehand:stagehand /data
COPY --from=build /app/package.json ./package.json
COPY --from=build /app/shims ./shims
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
# scripts/start.mjs is what `npm start` runs; without src/ in the image it runs dist/ as built.
COPY --from=build /app/scripts/start.mjs /app/scripts/bundle.mjs ./scripts/
COPY --from=build /app/config ./config
USER stagehand
VOLUME ["/data"]
# Config by file (mount it at /config/stagehand.yaml, or point STAGEHAND_CONFIG elsewhere); secrets by env
# (the variables the config names) or by mounted files; state in /data.
ENV STAGEHAND_CONFIG=/config/stagehand.yaml
# The web server (status page, /healthz, /metrics) listens on `web.port` (8377 unless the config says
# otherwise; set STAGEHAND_HEALTH_PORT to match). The check runs inside the container, so the default
# loopback binding is enough for it; bind `web.host: 0.0.0.0` to publish the page with `-p 8377:8377`.
EXPOSE 8377
# The slim image has no curl: Node's own fetch asks /healthz (200 only when the store and every network are up).
HEALTHCHECK --interval=30s --timeout=5s --start-period=30s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.STAGEHAND_HEALTH_PORT||8377)+'/healthz').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
# What `npm start` runs, without npm in between so signals reach the bot directly.
ENTRYPOINT ["node", "--max-semi-space-size=1", "--v8-pool-size=1", "scripts/start.mjs", "--data", "/data"]

# syntax=docker/dockerfile:1
# Stagehand: multi-stage build. The build stage compiles better-sqlite3's native module and checks the
# types; the runtime stage carries only production dependencies and runs as an unprivileged user.

FROM node:20-bookworm AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY src ./src
COPY commands ./commands
COPY config ./config
RUN npm run typecheck && npm prune --omit=dev

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production
WORKDIR /app
RUN groupadd --system stagehand && useradd --system --gid stagehand --home /app stagehand \
 && mkdir -p /data && chown stagehand:stagehand /data
COPY --from=build --chown=root:root /app/node_modules ./node_modules
COPY --from=build --chown=root:root /app/package.json ./package.json
COPY --from=build --chown=root:root /app/src ./src
COPY --from=build --chown=root:root /app/commands ./commands
COPY --from=build --chown=root:root /app/config ./config
USER stagehand
VOLUME ["/data"]
# Config by file (mount one at /config/stagehand.yaml and set STAGEHAND_CONFIG) and env; state in /data.
# The same command as `npm start`, without npm in between so signals reach the bot directly.
ENTRYPOINT ["node", "--import", "tsx", "src/main.ts", "--data", "/data"]

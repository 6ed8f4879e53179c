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
COPY --from=build /app/config ./config
USER stagehand
VOLUME ["/data"]
# What `npm start` runs after its build step, without npm in between so signals reach the bot directly.
# Config by file (mount one and pass --config, or set STAGEHAND_CONFIG) and by env; state in /data.
ENTRYPOINT ["node", "--enable-source-maps", "dist/src/main.js", "--data", "/data"]

# Buurtkracht's production image (docs/deploy.md). Two stages: build once, run as a plain process.
#   docker build -t buurtkracht .
#   docker run --env-file .env -p 3000:3000 buurtkracht                      # web server (+ worker)
#   docker run --env-file .env buurtkracht node build/server/migrate.js      # migrations, as a step
#   docker run --env-file .env buurtkracht node build/server/worker.js       # a worker only
# syntax=docker/dockerfile:1

FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY . .
# The Remix build (build/, public/build/) and the compiled server (build/server/), made here once,
# never at start; then only the runtime dependencies stay.
RUN npm run build && npm prune --omit=dev --no-audit --no-fund

FROM node:20-bookworm-slim AS runtime
ENV NODE_ENV=production \
    PORT=3000 \
    HOST=0.0.0.0 \
    DATA_DIR=/data
WORKDIR /app
COPY --from=build --chown=node:node /app/package.json ./package.json
COPY --from=build --chown=node:node /app/node_modules ./node_modules
COPY --from=build --chown=node:node /app/build ./build
COPY --from=build --chown=node:node /app/public ./public
# The outsider's ledger check, served at /ledger/verify-ledger-csv.mjs.
COPY --from=build --chown=node:node /app/docs/verify-ledger-csv.mjs ./docs/verify-ledger-csv.mjs
# Only needed with the embedded database or local uploads (one machine); mount a volume here.
RUN mkdir -p /data && chown node:node /data
USER node
EXPOSE 3000
HEALTHCHECK --interval=30s --timeout=5s --start-period=40s \
  CMD node -e "fetch('http://127.0.0.1:'+(process.env.PORT||3000)+'/healthz').then((r)=>process.exit(r.ok?0:1),()=>process.exit(1))"
CMD ["node", "build/server/start.js"]

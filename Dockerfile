# One image for the three apps; docker-compose.yml picks the app with its command.
FROM node:20-bookworm-slim AS build
WORKDIR /app
COPY package.json package-lock.json ./
# See bin/deps for why this is not `npm ci`.
RUN npm install --no-save --no-audit --no-fund
COPY tsconfig.json tsconfig.build.json nest-cli.json ./
COPY types ./types
COPY libs ./libs
COPY apps ./apps
RUN npm run build && npm prune --omit=dev

FROM node:20-bookworm-slim
ENV NODE_ENV=production HTTP_HOST=0.0.0.0
WORKDIR /app
COPY --from=build /app/package.json ./
COPY --from=build /app/node_modules ./node_modules
COPY --from=build /app/dist ./dist
USER node
CMD ["node", "dist/apps/api/src/main.js"]

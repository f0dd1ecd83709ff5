import { join } from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Dockerfile.web builds a self-contained server (apps/web/server.js + traced node_modules);
  // `npm start` runs `next start`, which standalone output does not support.
  output: process.env.NEXT_OUTPUT === "standalone" ? "standalone" : undefined,
  // The monorepo root, so builds trace workspace packages correctly.
  outputFileTracingRoot: join(import.meta.dirname, "../.."),
  turbopack: { root: join(import.meta.dirname, "../..") },
};

export default config;

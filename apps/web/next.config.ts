import { join } from "node:path";
import type { NextConfig } from "next";

const config: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The monorepo root, so builds trace workspace packages correctly.
  outputFileTracingRoot: join(import.meta.dirname, "../.."),
  turbopack: { root: join(import.meta.dirname, "../..") },
};

export default config;

// A build of its own, elsewhere, for the test that reads what the browser gets
// (app/i18n/client-bundle.test.ts); unset, the usual build/ and public/build/.
const outside = process.env.REMIX_BUILD_DIR;

/** @type {import('@remix-run/dev').AppConfig} */
export default {
  ignoredRouteFiles: ["**/.*", "**/*.test.{ts,tsx}"],
  serverModuleFormat: "esm",
  postcss: true,
  tailwind: false,
  ...(outside ? { assetsBuildDirectory: `${outside}/public/build`, serverBuildPath: `${outside}/build/index.js`, cacheDirectory: `${outside}/cache` } : {}),
  future: {
    v3_fetcherPersist: true,
    v3_relativeSplatPath: true,
    v3_throwAbortReason: true,
    v3_lazyRouteDiscovery: true,
    v3_singleFetch: true,
  },
};

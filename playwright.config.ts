import { defineConfig, devices } from "@playwright/test";

const port = Number(process.env.E2E_PORT ?? 3210);
const baseURL = `http://127.0.0.1:${port}`;
const chromiumArgs = [
  "--no-sandbox",
  "--disable-gpu",
  "--disable-dev-shm-usage",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
  "--disable-quic",
];

export default defineConfig({
  testDir: "./e2e",
  fullyParallel: false,
  workers: 1,
  retries: 0,
  timeout: 60_000,
  expect: { timeout: 10_000 },
  forbidOnly: Boolean(process.env.CI),
  reporter: process.env.CI ? [["list"]] : [["list"]],
  use: {
    baseURL,
    trace: "retain-on-failure",
    screenshot: "only-on-failure",
    locale: "nl-NL",
    timezoneId: "Europe/Amsterdam",
  },
  // The phone and no-JavaScript journeys first (issue 13 §10, §11), then the desktop journeys,
  // which share the demo's state in file order (together.spec.ts moves the clock).
  projects: [
    {
      name: "phone",
      testMatch: /phone\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        actionTimeout: 15_000,
        viewport: { width: 375, height: 740 },
        isMobile: true,
        hasTouch: true,
        launchOptions: { executablePath: process.env.CHROMIUM_PATH || undefined, args: chromiumArgs },
      },
    },
    {
      name: "no-javascript",
      testMatch: /nojs\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        actionTimeout: 15_000,
        javaScriptEnabled: false,
        launchOptions: { executablePath: process.env.CHROMIUM_PATH || undefined, args: chromiumArgs },
      },
    },
    {
      name: "chromium",
      testIgnore: /(phone|nojs)\.spec\.ts$/,
      use: {
        ...devices["Desktop Chrome"],
        launchOptions: {
          executablePath: process.env.CHROMIUM_PATH || undefined,
          args: chromiumArgs,
        },
      },
    },
  ],
  webServer: {
    command: "tsx scripts/e2e-server.ts",
    url: `${baseURL}/readyz`,
    timeout: 180_000,
    reuseExistingServer: false,
    stdout: "pipe",
    stderr: "pipe",
    // No tile server is reachable here: the map's tiles come from the app's own test route (decision 068).
    env: { PORT: String(port), HOST: "127.0.0.1", APP_URL: baseURL, MAP_TILE_URL: `${baseURL}/__test/tiles/{z}/{x}/{y}.png` },
  },
});

// The screenshot suite: the built UI (ui/dist, served by `vite preview`) in Chromium, with the
// Tauri IPC answered by the real app's recorded responses (e2e/tauriMock.ts). Chromium is
// Debian's (scripts/install-deps.sh), not one Playwright downloads.
import { existsSync } from "node:fs";
import { defineConfig } from "@playwright/test";

// Debian's package, or Ubuntu's snap; $CHROMIUM wins.
const chromium =
  process.env.CHROMIUM ?? ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/snap/bin/chromium"].find((p) => existsSync(p));

export default defineConfig({
  testDir: "e2e",
  outputDir: "e2e/results",
  fullyParallel: true,
  workers: process.env.CI ? 2 : undefined,
  reporter: [["list"]],
  use: {
    baseURL: "http://127.0.0.1:4317",
    viewport: { width: 1200, height: 760 },
    launchOptions: { executablePath: chromium },
    timezoneId: "Europe/Rome",
  },
  webServer: {
    command: "npx vite preview --port 4317 --strictPort --host 127.0.0.1",
    url: "http://127.0.0.1:4317",
    reuseExistingServer: false,
  },
});

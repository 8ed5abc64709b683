// Chromium for driving the workbench. We use the system build (Debian's `chromium`), because
// Playwright's own browser downloads are not always reachable.
import { existsSync } from 'node:fs';

const CANDIDATES = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome', '/usr/bin/google-chrome-stable'];

/** Path of a Chromium to drive, from $GRPC_IPC_CHROMIUM or the usual places; undefined when none. */
export function findChromium() {
  if (process.env.GRPC_IPC_CHROMIUM) return existsSync(process.env.GRPC_IPC_CHROMIUM) ? process.env.GRPC_IPC_CHROMIUM : undefined;
  return CANDIDATES.find((candidate) => existsSync(candidate));
}

/** Flags that keep a headless Chromium quiet and working as root in a container. */
export const CHROMIUM_FLAGS = ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

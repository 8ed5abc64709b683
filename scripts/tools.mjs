// Installs the tools the test tiers and `npm start` need into a tools folder ($GRPC_IPC_TOOLS or
// `.tools`), skipping what is already there. Each tool has its own module under scripts/tools/.
//   node scripts/tools.mjs            install everything
//   node scripts/tools.mjs node22     only Node 22
//   node scripts/tools.mjs code-server
//   node scripts/tools.mjs wine         Wine and the Windows build of Node 22, for test:windows
import { pathToFileURL } from 'node:url';
import { ensureNode22 } from './tools/node22.mjs';
import { ensureCodeServer } from './tools/codeServer.mjs';
import { findChromium } from './tools/chromium.mjs';
import { ensureWindowsNode, ensureWine } from './tools/wine.mjs';

export { toolsDir } from './tools/common.mjs';
export { ensureNode22 } from './tools/node22.mjs';
export { ensureCodeServer, CODE_SERVER_VERSION } from './tools/codeServer.mjs';
export { findChromium, CHROMIUM_FLAGS } from './tools/chromium.mjs';
export { stopProcessTree } from './tools/processes.mjs';
export { DOTNET_ENV, dotnetBuildArgs, findDotnet } from './tools/dotnet.mjs';

const installers = {
  node22: async () => console.log(`node22: ${(await ensureNode22()).node}`),
  'code-server': async () => console.log(`code-server: ${(await ensureCodeServer()).entry}`),
  wine: async () => {
    const wine = ensureWine();
    const node = await ensureWindowsNode();
    console.log(`wine: ${wine.wine ?? wine.reason}; node.exe: ${node.nodeExe ?? node.reason}`);
  },
  chromium: async () => console.log(`chromium: ${findChromium() ?? 'not found (Debian: apt-get install chromium)'}`),
};

async function main(names) {
  const unknown = names.filter((name) => !installers[name]);
  if (unknown.length > 0) throw new Error(`Unknown tool ${unknown.join(', ')}; known: ${Object.keys(installers).join(', ')}.`);
  for (const name of names.length > 0 ? names : Object.keys(installers)) await installers[name]();
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) {
  main(process.argv.slice(2)).catch((error) => {
    console.error(error instanceof Error ? error.message : error);
    process.exit(1);
  });
}

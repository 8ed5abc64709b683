// grpc-ipc serve-demo: runs the demo server until SIGINT or SIGTERM.
// stdout gets exactly one "listening TARGET" line (and "sha256 HEX" with TLS), for scripts;
// everything else goes to stderr.
import * as os from 'node:os';
import * as path from 'node:path';
import { parseArgs } from 'node:util';
import { startDemoServer } from '../ipc/demo/server';
import { Endpoint, parseTarget } from '../ipc/endpoint';
import { IpcError } from '../ipc/errors';
import { defaultTransport } from '../ipc/platform';

const usage = `Usage: grpc-ipc serve-demo [--listen TARGET] [--tls] [--cert F --key F]
  --listen TARGET  unix:/path, unix-abstract:name, npipe:name or host:port (port 0 picks a free one).
                   Default: grpc-ipc-demo.sock in $XDG_RUNTIME_DIR, or in the temp folder;
                   npipe:grpc-ipc-demo on Windows.
  --tls            serve TLS with a fresh self-signed certificate for localhost
  --cert F --key F serve TLS with this PEM certificate and key
Prints "listening TARGET" (and "sha256 HEX" with TLS) on stdout once ready; logs calls on stderr.`;

/**
 * Where the demo listens by default: the named pipe grpc-ipc-demo on Windows; elsewhere a socket in
 * the per-user runtime folder when there is one, since it is private to the user, else the temp folder.
 */
export function defaultDemoTarget(platform: NodeJS.Platform = process.platform, env: NodeJS.ProcessEnv = process.env): string {
  if (defaultTransport(platform) === 'pipe') return 'npipe:grpc-ipc-demo';
  return `unix:${path.join(env.XDG_RUNTIME_DIR || os.tmpdir(), 'grpc-ipc-demo.sock')}`;
}

/** parseTarget, plus `host:0` for "any free port", which only makes sense when listening. */
function parseListenTarget(text: string): Endpoint {
  const anyPort = /^(?:dns:)?(\[[^\]]+\]|[^:/\s]+):0$/.exec(text.trim());
  if (anyPort) return { kind: 'tcp', host: anyPort[1].replace(/^\[|\]$/g, ''), port: 0 };
  return parseTarget(text);
}

function parseOptions(argv: string[]) {
  try {
    return parseArgs({
      args: argv,
      options: {
        listen: { type: 'string' },
        tls: { type: 'boolean' },
        cert: { type: 'string' },
        key: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
      strict: true,
      allowPositionals: false,
    }).values;
  } catch (error) {
    throw new IpcError('usage', (error as Error).message, usage);
  }
}

function stamp(): string {
  return new Date().toISOString().slice(11, 23);
}

export async function serveDemoCommand(argv: string[]): Promise<number> {
  const options = parseOptions(argv);
  if (options.help) {
    console.log(usage);
    return 0;
  }
  if (Boolean(options.cert) !== Boolean(options.key)) throw new IpcError('usage', '--cert and --key go together.', usage);
  const listen = parseListenTarget(options.listen ?? defaultDemoTarget());
  const tls =
    options.cert && options.key ? { certFile: options.cert, keyFile: options.key } : options.tls ? ('self-signed' as const) : undefined;

  const server = await startDemoServer({ listen, tls, log: (line) => process.stderr.write(`${stamp()} ${line}\n`) });
  process.stdout.write(`listening ${server.target}\n`);
  if (server.certificate) process.stdout.write(`sha256 ${server.certificate.sha256}\n`);

  const signal = await new Promise<NodeJS.Signals>((resolve) => {
    process.once('SIGINT', resolve);
    process.once('SIGTERM', resolve);
  });
  process.stderr.write(`${stamp()} ${signal}: stopping\n`);
  await server.close();
  return 0;
}

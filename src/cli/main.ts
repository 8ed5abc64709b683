// grpc-ipc: the command-line face of the core. Each subcommand lives in its own file.
import { isIpcError } from '../ipc/errors';
import { EXIT_FAILURE, EXIT_USAGE, isUsageError } from './exitCodes';
import { printError } from './output';
import { packageVersion } from './version';

type Command = (argv: string[]) => Promise<number>;

const commands: Record<string, () => Promise<Command>> = {
  'serve-demo': async () => (await import('./serveDemo')).serveDemoCommand,
  describe: async () => (await import('./describe')).describeCommand,
  call: async () => (await import('./call')).callCommand,
  discover: async () => (await import('./discover')).discoverCommand,
};

const usage = `Usage:
  grpc-ipc serve-demo [--listen TARGET] [--tls] [--cert F --key F]
  grpc-ipc describe TARGET [--proto F ...] [-I DIR ...] [--protoset F] [TLS] [--json]
  grpc-ipc call TARGET SERVICE/METHOD [-d JSON | -d @FILE | -d @-] [-H 'k: v' ...] [--env NAME]
                [--deadline 5s] [--proto F ...] [-I DIR ...] [--protoset F] [TLS] [--expect-owner UID|NAME]
  grpc-ipc discover [--json] [--dir DIR ...] [--workspace DIR ...] [--no-probe] [--all]
TLS: --tls  --ca F  --cert F --key F  --server-name NAME  --pin sha256:HEX  --insecure
Every command takes --help for all its flags; grpc-ipc --version prints the version.`;

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name) {
    // A missing command is a usage error: the usage goes to stderr, so a pipeline does not read it as output.
    console.error(usage);
    return EXIT_USAGE;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    console.log(usage);
    return 0;
  }
  if (name === '--version' || name === '-V' || name === 'version') {
    console.log(`grpc-ipc ${packageVersion()}`);
    return 0;
  }
  const load = commands[name];
  if (!load) {
    console.error(`grpc-ipc: unknown command "${name}".\n${usage}`);
    return EXIT_USAGE;
  }
  try {
    return await (
      await load()
    )(rest);
  } catch (error) {
    if (isIpcError(error)) {
      printError(`grpc-ipc: ${error.describe()}`);
      return isUsageError(error) ? EXIT_USAGE : EXIT_FAILURE;
    }
    printError(`grpc-ipc: ${error instanceof Error ? error.message : String(error)}`);
    return EXIT_FAILURE;
  }
}

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    printError(`grpc-ipc: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  },
);

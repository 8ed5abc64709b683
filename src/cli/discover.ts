import { IpcError } from '../ipc/errors';

export async function discoverCommand(_argv: string[]): Promise<number> {
  throw new IpcError('internal', 'grpc-ipc discover is not built yet.');
}

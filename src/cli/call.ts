import { IpcError } from '../ipc/errors';

export async function callCommand(_argv: string[]): Promise<number> {
  throw new IpcError('internal', 'grpc-ipc call is not built yet.');
}

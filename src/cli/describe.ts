import { IpcError } from '../ipc/errors';

export async function describeCommand(_argv: string[]): Promise<number> {
  throw new IpcError('internal', 'grpc-ipc describe is not built yet.');
}

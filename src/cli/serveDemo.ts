import { IpcError } from '../ipc/errors';

export async function serveDemoCommand(_argv: string[]): Promise<number> {
  throw new IpcError('internal', 'grpc-ipc serve-demo is not built yet.');
}

// --env NAME for `grpc-ipc call`: the same environment files as the panel, from the current folder's
// .vscode/grpc-ipc/environments/. Secret variables come from GRPC_IPC_SECRET_<NAME> environment variables,
// since the CLI has no access to VS Code's secret storage.
import { readEnvironment, secretEnvName } from '../ipc/variables/environment';
import type { VariableScope } from '../ipc/variables/resolve';

export async function cliVariableScope(environment: string | undefined, folder: string = process.cwd()): Promise<VariableScope> {
  const env = await (environment === undefined ? undefined : readEnvironment(folder, environment));
  const secretValues: Record<string, string> = {};
  for (const name of env?.secrets ?? []) {
    const value = process.env[secretEnvName(name)];
    if (value !== undefined) secretValues[name] = value;
  }
  return {
    environment,
    variables: env?.variables ?? {},
    secretValues,
    secrets: env?.secrets ?? [],
    env: process.env,
    workspaceFolder: folder,
  };
}

// Environment files: `.vscode/grpc-ipc/environments/NAME.json`, holding plain variables and the names
// of secret ones. Secret values never live in the file: VS Code keeps them in its SecretStorage, the CLI
// reads them from GRPC_IPC_SECRET_<NAME> environment variables.
import { promises as fs } from 'node:fs';
import * as path from 'node:path';
import { IpcError } from '../errors';

/** Where environment files live, relative to the workspace folder. */
export const ENVIRONMENTS_DIR = path.join('.vscode', 'grpc-ipc', 'environments');

/** A parsed environment file. */
export interface Environment {
  name: string;
  /** Plain values, by variable name. */
  variables: Record<string, string>;
  /** Names of variables whose values are secret. */
  secrets: string[];
}

const NAME = /^[A-Za-z_][\w.-]*$/;

/** Checks an environment name, which is also its file name. */
export function checkEnvironmentName(name: string): string {
  if (!NAME.test(name))
    throw new IpcError(
      'usage',
      `"${name}" is not an environment name.`,
      'Use letters, digits, "_", "-" and "." (the file name without .json).',
    );
  return name;
}

/** Parses one environment file's text; `file` names it in messages. */
export function parseEnvironment(name: string, text: string, file: string): Environment {
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (error) {
    throw new IpcError('usage', `The environment file ${file} is not valid JSON: ${(error as Error).message}.`, 'Fix the file.');
  }
  const bad = (what: string) =>
    new IpcError('usage', `The environment file ${file} ${what}.`, 'Write {"variables": {"name": "value"}, "secrets": ["token"]}.');
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) throw bad('is not a JSON object');
  const { variables = {}, secrets = [] } = doc as { variables?: unknown; secrets?: unknown };
  if (typeof variables !== 'object' || variables === null || Array.isArray(variables)) throw bad('has a "variables" that is not an object');
  const values: Record<string, string> = {};
  for (const [key, value] of Object.entries(variables)) {
    if (!NAME.test(key)) throw bad(`has a variable named "${key}"; names are letters, digits, "_", "-" and "."`);
    if (typeof value === 'object' && value !== null) throw bad(`gives "${key}" an object; values are strings, numbers or booleans`);
    values[key] = String(value);
  }
  if (!Array.isArray(secrets) || secrets.some((item) => typeof item !== 'string' || !NAME.test(item)))
    throw bad('has a "secrets" that is not a list of variable names');
  return { name, variables: values, secrets: secrets as string[] };
}

/** Reads `NAME.json` from the workspace's environments folder. */
export async function readEnvironment(workspaceFolder: string, name: string): Promise<Environment> {
  const file = path.join(workspaceFolder, ENVIRONMENTS_DIR, `${checkEnvironmentName(name)}.json`);
  let text: string;
  try {
    text = await fs.readFile(file, 'utf8');
  } catch (error) {
    const known = await listEnvironments(workspaceFolder);
    throw new IpcError(
      'usage',
      `There is no environment "${name}" (${(error as NodeJS.ErrnoException).code === 'ENOENT' ? `${file} does not exist` : String(error)}).`,
      known.length ? `Environments here: ${known.join(', ')}.` : `Create ${path.join(ENVIRONMENTS_DIR, `${name}.json`)}.`,
    );
  }
  return parseEnvironment(name, text, file);
}

/** The environment names in a workspace folder, sorted. */
export async function listEnvironments(workspaceFolder: string): Promise<string[]> {
  try {
    const entries = await fs.readdir(path.join(workspaceFolder, ENVIRONMENTS_DIR));
    return entries
      .filter((entry) => entry.endsWith('.json'))
      .map((entry) => entry.slice(0, -5))
      .filter((name) => NAME.test(name))
      .sort();
  } catch {
    return [];
  }
}

/** The environment variable the CLI reads a secret from: GRPC_IPC_SECRET_ plus the name, upper-cased. */
export function secretEnvName(variable: string): string {
  return `GRPC_IPC_SECRET_${variable.toUpperCase().replace(/[^A-Z0-9]/g, '_')}`;
}

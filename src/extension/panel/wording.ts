// How the panel host words what it answers: problems in the panel's terms, a schema's source and the file
// pickers' titles.
import type * as vscode from 'vscode';
import type { PickPurpose, ProblemView } from '../../shared/protocol';
import { isIpcError } from '../../ipc/errors';
import { wordHint } from '../../ipc/remedy';
import type { Schema } from '../../ipc/schema/schema';
import { PANEL_WORDS } from '../words';

export function problemOf(error: unknown): ProblemView {
  if (isIpcError(error))
    return { code: error.code, message: error.message, ...(error.hint ? { hint: wordHint(error.hint, PANEL_WORDS) } : {}) };
  return { code: 'internal', message: error instanceof Error ? error.message : String(error) };
}

export function sourceLabel(source: Schema['source'], draft: { kind: string }): string {
  switch (source) {
    case 'reflection-v1':
      return 'server reflection (v1)';
    case 'reflection-v1alpha':
      return 'server reflection (v1alpha)';
    case 'proto':
      return '.proto files';
    case 'protoset':
      return draft.kind === 'protoset' ? 'a protoset file' : 'protoset';
  }
}

export function pickerOptions(purpose: PickPurpose): vscode.OpenDialogOptions {
  const title: Record<PickPurpose, string> = {
    ca: 'CA certificate (PEM)',
    cert: 'Client certificate (PEM)',
    key: 'Client key (PEM)',
    proto: '.proto files',
    importPath: 'Import path folders',
    protoset: 'Protoset file',
    socket: 'Socket file',
  };
  return {
    title: title[purpose],
    canSelectFiles: purpose !== 'importPath',
    canSelectFolders: purpose === 'importPath',
    canSelectMany: purpose === 'proto' || purpose === 'importPath',
    ...(purpose === 'proto' ? { filters: { Protobuf: ['proto'] } } : {}),
  };
}

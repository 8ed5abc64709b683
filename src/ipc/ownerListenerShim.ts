// Stand-in for ./discovery/listeners until that module is merged; same name and shape.
export interface UnixListener {
  inode: number;
  path: string;
  pid: number | null;
  command: string | null;
  processUid: number | null;
  unknownReason?: string;
}

export async function findUnixListener(_pathOrAbstract: string): Promise<UnixListener | undefined> {
  return undefined;
}

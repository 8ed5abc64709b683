// User names for uids, from /etc/passwd (read once); no native calls, no subprocess.
import { readFileSync } from 'node:fs';
import { userInfo } from 'node:os';

let names: Map<number, string> | undefined;

/** The user name for a uid, or null when the system does not know it. */
export function userName(uid: number | null): string | null {
  if (uid === null) return null;
  names ??= readPasswd();
  return names.get(uid) ?? null;
}

function readPasswd(): Map<number, string> {
  const map = new Map<number, string>();
  try {
    for (const line of readFileSync('/etc/passwd', 'utf8').split('\n')) {
      const [name, , uid] = line.split(':');
      if (name && uid && !map.has(Number(uid))) map.set(Number(uid), name);
    }
  } catch {
    // no /etc/passwd (Windows) or unreadable
  }
  try {
    const me = userInfo();
    if (me.uid >= 0 && !map.has(me.uid)) map.set(me.uid, me.username);
  } catch {
    // no user entry for this uid (some containers)
  }
  return map;
}

// A hint names the things a user can change as `{knob}` tokens, so each surface words them its own
// way: the CLI as flags, the request panel as its fields, the tree as commands and settings.

/** Everything a hint may tell the user to change. */
export type Knob =
  | 'deadline'
  | 'maxReceiveBytes'
  | 'maxSendBytes'
  | 'tls'
  | 'ca'
  | 'cert'
  | 'key'
  | 'serverName'
  | 'insecure'
  | 'pin'
  | 'proto'
  | 'protoset'
  | 'importPath'
  | 'listen'
  | 'expectOwner'
  | 'target'
  | 'environment';

/** How one surface names each knob. */
export type KnobWords = Record<Knob, string>;

/** The CLI's words: its flags. */
export const FLAG_WORDS: KnobWords = {
  deadline: '--deadline',
  maxReceiveBytes: '--max-receive-bytes',
  maxSendBytes: '--max-send-bytes',
  tls: '--tls',
  ca: '--ca',
  cert: '--cert',
  key: '--key',
  serverName: '--server-name',
  insecure: '--insecure',
  pin: '--pin',
  proto: '--proto',
  protoset: '--protoset',
  importPath: '-I',
  listen: '--listen',
  expectOwner: '--expect-owner',
  target: 'the target',
  environment: '--env (secrets: GRPC_IPC_SECRET_<NAME>)',
};

const TOKEN = /\{(\w+)\}/g;

/** Replaces each `{knob}` in a hint with the surface's word for it; unknown tokens stay as written. */
export function wordHint(hint: string, words: KnobWords): string {
  return hint.replace(TOKEN, (token, name: string) => (Object.hasOwn(words, name) ? words[name as Knob] : token));
}

/** The knobs a hint names, in order, for surfaces that link or focus them. */
export function knobsOf(hint: string): Knob[] {
  return [...hint.matchAll(TOKEN)].map((match) => match[1]).filter((name): name is Knob => Object.hasOwn(FLAG_WORDS, name));
}

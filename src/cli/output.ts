// Writing a command's whole output at once. A file or /dev/null is written directly, which spares a
// start-up that prints and exits the cost of loading Node's stream classes (several milliseconds).
import { fstatSync, statSync, writeSync } from 'node:fs';
import { escapeControls } from '../ipc/text';

const STDOUT = 1;

/** Prints a message for a person on stderr; control characters from names or servers are made visible. */
export function printError(text: string): void {
  console.error(text.split('\n').map(escapeControls).join('\n'));
}

export function writeOutput(text: string): void {
  if (!isPlainFile(STDOUT)) {
    endQuietlyWhenStdoutCloses();
    process.stdout.write(text);
    return;
  }
  // A file takes the whole string in one write; should it not, the rest goes as bytes.
  const written = writeSync(STDOUT, text);
  const total = Buffer.byteLength(text);
  if (written === total) return;
  const bytes = Buffer.from(text);
  for (let done = written; done < total;) done += writeSync(STDOUT, bytes, done);
}

/**
 * A regular file or /dev/null, where a write never fails with EAGAIN. Terminals and pipes get the
 * stream; asking process.stdout whether it is a TTY would load the stream classes, so rdev is compared.
 */
function isPlainFile(fd: number): boolean {
  try {
    const stat = fstatSync(fd);
    return stat.isFile() || (stat.isCharacterDevice() && stat.rdev === statSync('/dev/null').rdev);
  } catch {
    return false;
  }
}

/**
 * `grpc-ipc discover | head` closes the pipe early: stop there, as other command-line tools do, instead
 * of dying on an unhandled EPIPE with a stack trace.
 */
let endingQuietly = false;

export function endQuietlyWhenStdoutCloses(): void {
  if (endingQuietly) return;
  endingQuietly = true;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code !== 'EPIPE') throw error;
    process.exit(process.exitCode ?? 0);
  });
}

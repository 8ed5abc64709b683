// A Timestamp's canonical JSON text, exactly as the library writes it ("2026-12-01T23:49:06.120Z"),
// without the Date and toISOString it makes for every value: that was the largest cost of a stream of
// timestamped messages. A stream's messages mostly share their second, so the date and time of the last
// second seen are kept and only the fraction is written each time.

/** 0001-01-01T00:00:00Z and 9999-12-31T23:59:59Z, the range canonical JSON can write. */
const MIN_SECONDS = -62135596800n;
const MAX_SECONDS = 253402300799n;

let lastSeconds: bigint | undefined;
let lastDateTime = '';

/** The JSON text of a Timestamp; undefined when it is out of range, where the library throws its own error. */
export function timestampJson(seconds: bigint, nanos: number): string | undefined {
  if (seconds < MIN_SECONDS || seconds > MAX_SECONDS || !Number.isInteger(nanos) || nanos < 0 || nanos > 999_999_999) return undefined;
  if (seconds !== lastSeconds) {
    lastDateTime = new Date(Number(seconds) * 1000).toISOString().slice(0, 19);
    lastSeconds = seconds;
  }
  return `${lastDateTime}${fraction(nanos)}Z`;
}

/** Nothing for whole seconds, else 3, 6 or 9 digits: the fewest that hold the nanos. */
function fraction(nanos: number): string {
  if (nanos === 0) return '';
  const digits = String(nanos + 1_000_000_000).slice(1);
  if (digits.endsWith('000000')) return `.${digits.slice(0, 3)}`;
  if (digits.endsWith('000')) return `.${digits.slice(0, 6)}`;
  return `.${digits}`;
}

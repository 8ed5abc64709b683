// What a value should have looked like, for the messages that name a bad field: an enum lists its names
// and suggests the nearest, and the well-known types with a string form show that form.
import type { DescEnum } from '@bufbuild/protobuf';

/** At most this many enum names are listed; the rest are counted. */
const LISTED_NAMES = 12;

/** `"HAPPY" is not a name of pkg.Mood; expected one of A, B, C (did you mean "MOOD_HAPPY"?)`. */
export function enumExpectation(desc: DescEnum, value: unknown): string {
  const names = desc.values.map((v) => v.name);
  const listed = names.slice(0, LISTED_NAMES).join(', ') + (names.length > LISTED_NAMES ? `, … (${names.length} in all)` : '');
  const what =
    typeof value === 'string'
      ? `"${value}" is not a name of ${desc.typeName}`
      : `${JSON.stringify(value)} is not a value of ${desc.typeName}`;
  const nearest = typeof value === 'string' ? nearestName(names, value) : undefined;
  return `${what}; expected one of ${listed} (or its number)${nearest ? ` — did you mean "${nearest}"?` : ''}`;
}

/** The string form of a well-known type, or undefined for types without one worth showing. */
export function wellKnownExpectation(typeName: string): string | undefined {
  switch (typeName) {
    case 'google.protobuf.Duration':
      return 'expected a Duration: seconds with an "s" suffix as a string, like "1.5s", "30s" or "-0.25s"';
    case 'google.protobuf.Timestamp':
      return 'expected a Timestamp: an RFC 3339 string in UTC, like "2024-05-06T07:08:09Z" or "2024-05-06T07:08:09.010Z"';
    case 'google.protobuf.FieldMask':
      return 'expected a FieldMask: a string of comma-separated camelCase paths, like "name,price.units"';
    default:
      return undefined;
  }
}

/** The name the user most likely meant: one ending in `_VALUE`, else the closest by edit distance. */
export function nearestName(names: string[], value: string): string | undefined {
  const upper = value.toUpperCase();
  const suffixed = names.find((name) => name === upper || name.endsWith(`_${upper}`));
  if (suffixed) return suffixed;
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(value.length / 3)) + 1;
  for (const name of names) {
    const distance = editDistance(upper, name);
    if (distance < bestDistance) [best, bestDistance] = [name, distance];
  }
  return best;
}

function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++)
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    previous = current;
  }
  return previous[b.length];
}

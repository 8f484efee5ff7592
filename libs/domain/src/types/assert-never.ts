/**
 * The default branch of a switch (or the last `else`) over a union's kinds: it compiles only while every kind has
 * its own branch, so a kind added later breaks the build where it is not handled instead of falling silently into
 * another branch. At run time (a value that escaped the types, from storage or the wire) it throws, naming it.
 */
export function assertNever(value: never, what: string): never {
  throw new Error(`unknown ${what}: ${describe(value)}`);
}

function describe(value: unknown): string {
  try {
    return (JSON.stringify(value) ?? String(value)).slice(0, 100);
  } catch {
    return String(value).slice(0, 100);
  }
}

/** The Redis keys of the journal under a queue prefix: the stream, its dead letters, and the mirror's group. */
export function journalKeys(prefix: string) {
  const stream = `${prefix}:inbound-stanzas`;
  return { stream, dead: `${stream}:dead`, group: 'mirror' } as const;
}

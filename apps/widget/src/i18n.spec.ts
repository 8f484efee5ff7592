import { STRINGS } from './i18n';

describe('the widget strings', () => {
  it('every language has every string the English table has', () => {
    const keys = (table: object) => Object.keys(table).sort();
    for (const [language, table] of Object.entries(STRINGS)) {
      expect([language, keys(table)]).toEqual([language, keys(STRINGS.en)]);
      expect([language, keys(table.presence)]).toEqual([language, keys(STRINGS.en.presence)]);
    }
  });

  it('plural forms and placeholders in French', () => {
    expect(STRINGS.fr.unread(1)).toBe('1 message non lu');
    expect(STRINGS.fr.unread(3)).toBe('3 messages non lus');
    expect(STRINGS.fr.typing(['Bob'])).toBe('Bob écrit…');
  });
});

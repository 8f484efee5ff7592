import type { PresenceShow } from './client/protocol';

/**
 * Every string the widget shows or announces, per language. A translation is one more table with the same keys;
 * the element's `lang` attribute (or the closest ancestor's, or the document's) picks it, English otherwise.
 */
export interface Strings {
  presence: Record<PresenceShow | 'unknown', string>;
  lastSeen(when: string): string;
  presenceOf(state: string, detail?: string): string;

  connecting: string;
  reconnecting: string;
  signedOut: string;
  notConfigured: string;

  conversations: string;
  noConversations: string;
  moreConversations: string;
  unread(count: number): string;
  room: string;
  you: string;
  fromYou(excerpt: string): string;
  typingShort: string;
  chooseConversation: string;

  openConversation: string;
  addressHint: string;
  open: string;

  back: string;
  messagesWith(name: string): string;
  loadOlder: string;
  loadNewer: string;
  startOfConversation: string;
  noMessages: string;
  typing(names: string[]): string;

  messageTo(name: string): string;
  send: string;
  save: string;
  cancel: string;
  editing: string;
  edit: string;
  delete: string;
  confirmDelete: string;
  edited: string;
  deleted: string;
  sending: string;
  sent: string;
  read: string;
  readBy(names: string[]): string;
  notSent(reason: string): string;
  retry: string;

  search: string;
  searchButton: string;
  searchPlaceholder: string;
  closeSearch: string;
  searching: string;
  results(count: number, query: string, more: boolean): string;
  moreResults: string;
  in(name: string): string;

  failed(message: string): string;
}

const en: Strings = {
  presence: { available: 'Available', away: 'Away', dnd: 'Busy', xa: 'Extended away', offline: 'Offline', unknown: 'Presence unknown' },
  lastSeen: (when) => `Last seen ${when}`,
  presenceOf: (state, detail) => (detail ? `${state}: ${detail}` : state),

  connecting: 'Connecting…',
  reconnecting: 'Connection lost. Reconnecting…',
  signedOut: 'Your chat session ended. Sign in again to continue.',
  notConfigured: 'Chat is not configured on this page (service and token missing).',

  conversations: 'Conversations',
  noConversations: 'No conversations yet. Open one below, or from the directory.',
  moreConversations: 'More conversations',
  unread: (n) => (n === 1 ? '1 unread message' : `${n} unread messages`),
  room: 'Room',
  you: 'You',
  fromYou: (excerpt) => `You: ${excerpt}`,
  typingShort: 'typing…',
  chooseConversation: 'Choose a conversation, or search your messages.',

  openConversation: 'Open a conversation',
  addressHint: 'name@example.com or room@conference.example.com',
  open: 'Open',

  back: 'Back to conversations',
  messagesWith: (name) => `Messages with ${name}`,
  loadOlder: 'Load older messages',
  loadNewer: 'Load newer messages',
  startOfConversation: 'Start of the conversation',
  noMessages: 'No messages yet. Say hello!',
  typing: (names) => (names.length === 1 ? `${names[0]} is typing…` : names.length === 2 ? `${names[0]} and ${names[1]} are typing…` : 'Several people are typing…'),

  messageTo: (name) => `Message to ${name}`,
  send: 'Send',
  save: 'Save',
  cancel: 'Cancel',
  editing: 'Editing your message. Escape cancels.',
  edit: 'Edit',
  delete: 'Delete',
  confirmDelete: 'Delete this message?',
  edited: 'edited',
  deleted: 'This message was deleted.',
  sending: 'Sending…',
  sent: 'Sent',
  read: 'Read',
  readBy: (names) => `Read by ${names.join(', ')}`,
  notSent: (reason) => `Not sent: ${reason}`,
  retry: 'Retry',

  search: 'Search messages',
  searchButton: 'Search',
  searchPlaceholder: 'Search messages…',
  closeSearch: 'Close search',
  searching: 'Searching…',
  results: (n, q, more) => (n === 0 ? `No messages match “${q}”.` : `${n}${more ? '+' : ''} ${n === 1 ? 'message matches' : 'messages match'} “${q}”.`),
  moreResults: 'More results',
  in: (name) => `in ${name}`,

  failed: (message) => `Something went wrong: ${message}`,
};

const fr: Strings = {
  presence: { available: 'Disponible', away: 'Absent', dnd: 'Occupé', xa: 'Absent prolongé', offline: 'Hors ligne', unknown: 'Présence inconnue' },
  lastSeen: (when) => `Vu pour la dernière fois ${when}`,
  presenceOf: (state, detail) => (detail ? `${state} : ${detail}` : state),

  connecting: 'Connexion…',
  reconnecting: 'Connexion perdue. Reconnexion…',
  signedOut: 'Votre session de messagerie a pris fin. Reconnectez-vous pour continuer.',
  notConfigured: 'La messagerie n’est pas configurée sur cette page (service et jeton manquants).',

  conversations: 'Conversations',
  noConversations: 'Aucune conversation pour l’instant. Ouvrez-en une ci-dessous ou depuis l’annuaire.',
  moreConversations: 'Plus de conversations',
  unread: (n) => (n === 1 ? '1 message non lu' : `${n} messages non lus`),
  room: 'Salon',
  you: 'Vous',
  fromYou: (excerpt) => `Vous : ${excerpt}`,
  typingShort: 'écrit…',
  chooseConversation: 'Choisissez une conversation ou cherchez dans vos messages.',

  openConversation: 'Ouvrir une conversation',
  addressHint: 'nom@exemple.fr ou salon@conference.exemple.fr',
  open: 'Ouvrir',

  back: 'Retour aux conversations',
  messagesWith: (name) => `Messages avec ${name}`,
  loadOlder: 'Charger les messages précédents',
  loadNewer: 'Charger les messages suivants',
  startOfConversation: 'Début de la conversation',
  noMessages: 'Aucun message pour l’instant. Dites bonjour !',
  typing: (names) => (names.length === 1 ? `${names[0]} écrit…` : names.length === 2 ? `${names[0]} et ${names[1]} écrivent…` : 'Plusieurs personnes écrivent…'),

  messageTo: (name) => `Message à ${name}`,
  send: 'Envoyer',
  save: 'Enregistrer',
  cancel: 'Annuler',
  editing: 'Modification de votre message. Échap annule.',
  edit: 'Modifier',
  delete: 'Supprimer',
  confirmDelete: 'Supprimer ce message ?',
  edited: 'modifié',
  deleted: 'Ce message a été supprimé.',
  sending: 'Envoi…',
  sent: 'Envoyé',
  read: 'Lu',
  readBy: (names) => `Lu par ${names.join(', ')}`,
  notSent: (reason) => `Non envoyé : ${reason}`,
  retry: 'Réessayer',

  search: 'Rechercher dans les messages',
  searchButton: 'Chercher',
  searchPlaceholder: 'Rechercher…',
  closeSearch: 'Fermer la recherche',
  searching: 'Recherche…',
  results: (n, q, more) =>
    n === 0 ? `Aucun message ne correspond à « ${q} ».` : `${n}${more ? '+' : ''} ${n === 1 ? 'message correspond' : 'messages correspondent'} à « ${q} ».`,
  moreResults: 'Plus de résultats',
  in: (name) => `dans ${name}`,

  failed: (message) => `Un problème est survenu : ${message}`,
};

export const STRINGS: Readonly<Record<string, Strings>> = { en, fr };

/** The language an element speaks: its own `lang`, the closest ancestor's, the document's; English by default. */
export function languageOf(element: Element): string {
  const declared = element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang || navigator.language || 'en';
  const primary = declared.toLowerCase().split('-')[0];
  return primary in STRINGS ? primary : 'en';
}

export function stringsFor(element: Element): Strings {
  return STRINGS[languageOf(element)];
}

/** "14:05" today, "12 Mar, 14:05" otherwise, in the element's language. */
export function formatStamp(stamp: string, language: string, now = new Date()): string {
  const date = new Date(stamp);
  if (Number.isNaN(date.getTime())) return '';
  const sameDay = date.toDateString() === now.toDateString();
  return new Intl.DateTimeFormat(language, sameDay ? { timeStyle: 'short' } : { dateStyle: 'medium', timeStyle: 'short' }).format(date);
}

/** "5 minutes ago", "yesterday", in the element's language. */
export function formatRelative(stamp: string, language: string, now = Date.now()): string {
  const seconds = (new Date(stamp).getTime() - now) / 1000;
  if (!Number.isFinite(seconds)) return '';
  const format = new Intl.RelativeTimeFormat(language, { numeric: 'auto' });
  const steps: Array<[Intl.RelativeTimeFormatUnit, number]> = [
    ['second', 60],
    ['minute', 60],
    ['hour', 24],
    ['day', 7],
    ['week', 4.35],
    ['month', 12],
    ['year', Infinity],
  ];
  let value = seconds;
  for (const [unit, size] of steps) {
    if (Math.abs(value) < size) return format.format(Math.round(value), unit);
    value /= size;
  }
  return '';
}

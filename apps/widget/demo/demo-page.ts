/**
 * The demo intranet: sign in as a seeded user (or any account, `?users=a,b,c` lists others in the directory),
 * then a staff directory with presence badges and the chat panel. Plain DOM, no framework: what an intranet page
 * embedding the widget would do.
 */
import { splitJid } from '@chat/domain/addresses';

type TokenProvider = () => Promise<string>;
interface ChatWidgetApi {
  version: string;
  configure(config: { service: string; tokenProvider: TokenProvider } | undefined): void;
}
interface ChatPanel extends HTMLElement {
  displayName?: (jid: string) => string | undefined;
  openConversation(jid: string): Promise<void>;
}

const SEEDED = ['alice', 'bob', 'carol', 'dave'];

const PROFILES: Record<string, { name: string; role: Record<Language, string> }> = {
  alice: { name: 'Alice Martin', role: { en: 'Product design · Paris', fr: 'Design produit · Paris' } },
  bob: { name: 'Bob Kim (김민준)', role: { en: 'Support engineering · Seoul', fr: 'Ingénierie support · Séoul' } },
  carol: { name: 'Carol Dubois', role: { en: 'People & culture · Lyon', fr: 'Ressources humaines · Lyon' } },
  dave: { name: 'Dave Okafor', role: { en: 'Sales · London', fr: 'Ventes · Londres' } },
};

type Language = 'en' | 'fr';

const TEXT = {
  en: {
    brand: 'Acme intranet',
    skip: 'Skip to chat',
    language: 'Language',
    signInTitle: 'Sign in to the demo intranet',
    signInIntro: 'Pick a colleague to be. Each one is an account of this chat server; a desktop XMPP client can sign in with the same account.',
    quickTitle: 'Seeded colleagues',
    signInAs: (name: string) => `Sign in as ${name}`,
    otherUser: 'Another account',
    user: 'User name',
    password: 'Password',
    signIn: 'Sign in',
    signInFailed: (reason: string) => `Sign-in failed: ${reason}`,
    signedInAs: (name: string) => `Signed in as ${name}`,
    signOut: 'Sign out',
    directory: 'Staff directory',
    chat: 'Chat',
    messageTo: (name: string) => `Message ${name}`,
    you: 'you',
    colleague: 'Colleague',
    presenceOf: (name: string) => `Presence of ${name}`,
  },
  fr: {
    brand: 'Intranet Acme',
    skip: 'Aller à la messagerie',
    language: 'Langue',
    signInTitle: 'Connexion à l’intranet de démonstration',
    signInIntro: 'Choisissez qui vous serez. Chaque collègue est un compte de ce serveur de messagerie ; un client XMPP de bureau peut se connecter avec le même compte.',
    quickTitle: 'Collègues de démonstration',
    signInAs: (name: string) => `Se connecter en tant que ${name}`,
    otherUser: 'Un autre compte',
    user: 'Nom d’utilisateur',
    password: 'Mot de passe',
    signIn: 'Se connecter',
    signInFailed: (reason: string) => `Échec de la connexion : ${reason}`,
    signedInAs: (name: string) => `Connecté en tant que ${name}`,
    signOut: 'Se déconnecter',
    directory: 'Annuaire',
    chat: 'Messagerie',
    messageTo: (name: string) => `Écrire à ${name}`,
    you: 'vous',
    colleague: 'Collègue',
    presenceOf: (name: string) => `Présence de ${name}`,
  },
} satisfies Record<Language, Record<string, unknown>>;

const byId = <T extends HTMLElement>(id: string) => document.getElementById(id) as T;
const query = new URLSearchParams(location.search);
let language: Language = pickLanguage();
let signedIn: { user: string; jid: string; domain: string } | undefined;

function pickLanguage(): Language {
  const asked = query.get('lang') ?? localStorage.getItem('demo-language') ?? navigator.language;
  return asked?.toLowerCase().startsWith('fr') ? 'fr' : 'en';
}

function text() {
  return TEXT[language];
}

function element<K extends keyof HTMLElementTagNameMap>(tag: K, attributes: Record<string, string> = {}, ...children: Array<Node | string>) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attributes)) node.setAttribute(name, value);
  node.append(...children);
  return node;
}

function nameOf(jid: string): string | undefined {
  return PROFILES[splitJid(jid).local]?.name;
}

/** Static texts of the page, in the chosen language; the widget follows the document's `lang`. */
function applyLanguage(): void {
  document.documentElement.lang = language;
  byId<HTMLSelectElement>('language').value = language;
  const strings = text() as Record<string, unknown>;
  document.querySelectorAll<HTMLElement>('[data-text]').forEach((node) => {
    const value = strings[node.dataset.text!];
    if (typeof value === 'string') node.textContent = value;
  });
  renderQuickSignIn();
  if (signedIn) {
    byId('signed-in-as').textContent = text().signedInAs(nameOf(signedIn.jid) ?? signedIn.user);
    renderDirectory();
  }
}

function renderQuickSignIn(): void {
  const list = byId('quick-sign-in');
  list.replaceChildren(
    ...SEEDED.map((user) => {
      const button = element('button', { type: 'button', class: 'quick-button' }, text().signInAs(PROFILES[user].name));
      button.addEventListener('click', () => void signIn(user, `${user}-pass`));
      return element('li', {}, button);
    }),
  );
}

async function signIn(user: string, password: string): Promise<void> {
  const error = byId('sign-in-error');
  error.textContent = '';
  try {
    const first = await requestToken(user, password);
    let fresh: string | undefined = first.token;
    // The widget asks again when the token expires; the demo signs in again with the same password.
    const tokenProvider: TokenProvider = async () => {
      const token = fresh ?? (await requestToken(user, password)).token;
      fresh = undefined;
      return token;
    };
    signedIn = { user, jid: first.jid, domain: splitJid(first.jid).domain };
    const panel = byId<ChatPanel>('panel');
    panel.displayName = nameOf;
    (window as unknown as { ChatWidget: ChatWidgetApi }).ChatWidget.configure({ service: location.origin, tokenProvider });
    byId('sign-in').hidden = true;
    byId('intranet').hidden = false;
    byId('account').hidden = false;
    applyLanguage();
    byId('directory-title').focus();
  } catch (failure) {
    error.textContent = text().signInFailed((failure as Error).message);
  }
}

async function requestToken(user: string, password: string): Promise<{ token: string; jid: string }> {
  const response = await fetch('/api/v1/demo/token', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ user, password }),
  });
  const body = (await response.json().catch(() => ({}))) as { token?: string; jid?: string; message?: string };
  if (!response.ok || !body.token || !body.jid) throw new Error(body.message ?? `HTTP ${response.status}`);
  return { token: body.token, jid: body.jid };
}

function directoryUsers(): string[] {
  const listed = query
    .get('users')
    ?.split(',')
    .map((u) => u.trim())
    .filter(Boolean);
  return listed?.length ? listed : SEEDED;
}

function renderDirectory(): void {
  if (!signedIn) return;
  const me = signedIn;
  const people = byId('people');
  people.replaceChildren(
    ...directoryUsers().map((user, index) => {
      const jid = user.includes('@') ? user : `${user}@${me.domain}`;
      const profile = PROFILES[splitJid(jid).local];
      const name = profile?.name ?? splitJid(jid).local;
      const self = jid === me.jid;
      const badge = element('chat-presence-badge', { jid, 'aria-describedby': `person-${index}` });
      const card = element(
        'li',
        { class: 'person' },
        element('span', { class: `avatar avatar-${index % 6}`, 'aria-hidden': 'true' }, [...name][0]?.toUpperCase() ?? '?'),
        element(
          'div',
          { class: 'who' },
          element('h2', { class: 'person-name', id: `person-${index}` }, name, self ? element('span', { class: 'you' }, ` (${text().you})`) : ''),
          element('p', { class: 'role' }, profile?.role[language] ?? text().colleague),
          element('p', { class: 'jid' }, jid),
          badge,
        ),
      );
      if (!self) {
        const button = element('button', { type: 'button', class: 'message-button', 'data-jid': jid }, text().messageTo(name.split(' ')[0]));
        button.addEventListener('click', () => {
          byId<ChatPanel>('panel')
            .openConversation(jid)
            .catch((error: Error) => console.warn(error.message));
          byId('chat').scrollIntoView({ block: 'nearest' });
        });
        card.append(button);
      }
      return card;
    }),
  );
}

byId('sign-in-form').addEventListener('submit', (event) => {
  event.preventDefault();
  const form = new FormData(event.target as HTMLFormElement);
  void signIn(String(form.get('user')).trim().toLowerCase(), String(form.get('password')));
});
byId('sign-out').addEventListener('click', () => location.reload());
byId('language').addEventListener('change', (event) => {
  language = (event.target as HTMLSelectElement).value === 'fr' ? 'fr' : 'en';
  localStorage.setItem('demo-language', language);
  applyLanguage();
});
byId<HTMLInputElement>('user').value = query.get('user') ?? '';
applyLanguage();

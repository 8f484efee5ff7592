import type { Browser, BrowserContext, Page, WebSocketRoute } from 'playwright-core';
import { describeViolations, ensureWidgetBuilt, launchBrowser, screenshot, seriousAccessibilityViolations, signInToDemo, waitForAttribute, waitForText } from './support/browser';
import { DesktopClient, registerUsers } from './support/desktop-client';
import { eventually, stack } from './support/stack';
import { accessToken } from './support/tokens';
import { WholeService } from './support/whole-service';

const DOMAIN = process.env.XMPP_DOMAIN ?? 'localhost';
const MUC = `conference.${DOMAIN}`;
const XSS = '<img src=x onerror=alert(1)>';
const KOREAN = '오늘 회의는 한국어로 진행합니다 🇰🇷';

/**
 * The intranet face in a real browser (Debian's chromium, driven by playwright-core): the demo page served by the
 * api, the widget's <chat-panel> and <chat-presence-badge>, against the gateway, worker and api of the test stack.
 */
describe('the chat widget and presence badges in a browser', () => {
  let service: WholeService;
  let apiUrl: string;
  let browser: Browser;
  let alice: string, bob: string, erin: string;
  let aliceJid: string, bobJid: string, erinJid: string;
  let directory: string[];
  let erinDesk: DesktopClient | undefined;
  const contexts: BrowserContext[] = [];

  beforeAll(async () => {
    await ensureWidgetBuilt();
    service = await WholeService.start('widget', { DEMO_TOKEN_ISSUER: 'enabled', PRESENCE_RECONCILE_MS: '500', XMPP_RECONNECT_MIN_MS: '200' });
    apiUrl = service.apiUrl;
    [browser, [alice, bob, erin]] = await Promise.all([launchBrowser(), registerUsers('alice', 'bob', 'erin')]);
    [aliceJid, bobJid, erinJid] = [alice, bob, erin].map((u) => `${u}@${DOMAIN}`);
    directory = [alice, bob, erin];
  });

  afterAll(async () => {
    for (const context of contexts) await context.close().catch(() => undefined);
    await browser?.close();
    await erinDesk?.stop();
    await service?.close();
    // The environment outlives this suite in the test process; later suites must not inherit the issuer.
    process.env.DEMO_TOKEN_ISSUER = 'disabled';
  });

  async function open(user: string, options: { width?: number; height?: number; bypassCSP?: boolean } = {}) {
    const context = await browser.newContext({ viewport: { width: options.width ?? 1280, height: options.height ?? 860 }, bypassCSP: options.bypassCSP, locale: 'en-GB' });
    contexts.push(context);
    return { context, ...(await signInToDemo(context, apiUrl, user, directory)) };
  }

  async function erinOnDesktop(): Promise<DesktopClient> {
    if (!erinDesk) {
      erinDesk = await DesktopClient.connect(erin, 'gajim');
      await erinDesk.presence();
    }
    return erinDesk;
  }

  const panel = (page: Page) => page.locator('chat-panel');
  const conversationRow = (page: Page, who: string) => panel(page).locator('button.conversation', { hasText: who });
  const message = (page: Page, text: string) => panel(page).locator('li.message', { hasText: text });
  const composer = (page: Page, to: string) => page.getByRole('textbox', { name: `Message to ${to}` });
  const badge = (page: Page, jid: string) => page.locator(`.people chat-presence-badge[jid="${jid}"]`);

  it('the widget script is served versioned, cached, and precompressed', async () => {
    const response = await fetch(`${apiUrl}/widget/v1/chat-widget.js`, { headers: { 'accept-encoding': 'gzip' } });
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(response.headers.get('cache-control')).toMatch(/max-age=\d{5,}/);
    expect(response.headers.get('etag')).toMatch(/^".+-gzip"$/);
    expect(await response.text()).toContain('chat-presence-badge');
    const again = await fetch(`${apiUrl}/widget/v1/chat-widget.js`, { headers: { 'accept-encoding': 'gzip', 'if-none-match': response.headers.get('etag')! } });
    expect(again.status).toBe(304);
    expect((await fetch(`${apiUrl}/widget/v9/chat-widget.js`)).status).toBe(404);
  });

  it('two web users chat: messages, unread count, typing, read state, edit and delete', async () => {
    const { page: alicePage, problems: aliceProblems } = await open(alice);
    const { page: bobPage, problems: bobProblems } = await open(bob);
    // Each sees the other online in the directory: a web session counts as presence.
    await waitForAttribute(badge(bobPage, aliceJid), 'state', 'available');

    await alicePage.getByRole('button', { name: `Message ${bob}` }).click();
    await composer(alicePage, bob).fill('Bonjour Bob 👋 ça va ? 안녕하세요');
    await composer(alicePage, bob).press('Enter');
    await waitForText(message(alicePage, 'Bonjour Bob'), 'Sent');

    const row = conversationRow(bobPage, alice);
    await waitForText(row, 'Bonjour Bob 👋 ça va ? 안녕하세요');
    expect(await row.locator('.unread').getAttribute('aria-label')).toBe('1 unread message');
    await row.click();
    await message(bobPage, 'Bonjour Bob').waitFor();
    // Bob has it on screen: the conversation is read, and Alice sees it.
    await waitForText(message(alicePage, 'Bonjour Bob'), 'Read');
    expect(await row.locator('.unread').isHidden()).toBe(true);

    await composer(bobPage, alice).pressSequentially('Très bien', { delay: 20 });
    await waitForText(alicePage.locator('chat-panel .typing-status'), `${bob} is typing…`);
    await composer(bobPage, alice).press('Enter');
    await waitForText(message(alicePage, 'Très bien'), 'Très bien');
    await eventually('typing cleared', async () => ((await alicePage.locator('chat-panel .typing-status').innerText()) === '' ? true : undefined));

    await composer(alicePage, bob).pressSequentially('Super', { delay: 20 });
    await waitForText(bobPage.locator('chat-panel .typing-status'), `${alice} is typing…`);
    await composer(alicePage, bob).fill('');

    // Alice corrects her message, then deletes it; Bob sees both.
    const mine = message(alicePage, 'Bonjour Bob');
    await mine.hover();
    await mine.getByRole('button', { name: /^Edit/ }).click();
    await composer(alicePage, bob).fill('Bonjour Bob 👋 ça va bien ?');
    await composer(alicePage, bob).press('Enter');
    await waitForText(message(bobPage, 'ça va bien ?'), '(edited)');
    await screenshot(alicePage, 'conversation-desktop');

    const corrected = message(alicePage, 'ça va bien ?');
    await corrected.hover();
    await corrected.getByRole('button', { name: /^Delete/ }).click();
    await alicePage.getByRole('group', { name: 'Delete this message?' }).getByRole('button', { name: 'Delete' }).click();
    await waitForText(bobPage.locator('chat-panel li.message').first(), 'This message was deleted.');
    await waitForText(alicePage.locator('chat-panel li.message').first(), 'This message was deleted.');

    expect([...aliceProblems, ...bobProblems]).toEqual([]);
  });

  it('web users join a room from the panel and talk there', async () => {
    const room = `salon_${Date.now().toString(36)}@${MUC}`;
    const name = room.split('@')[0];
    await stack('ctl', 'create_room', name, MUC, DOMAIN);
    await stack('ctl', 'change_room_option', name, MUC, 'allow_subscription', 'true');
    const { page: alicePage, problems } = await open(alice);
    const { page: bobPage } = await open(bob);

    for (const page of [alicePage, bobPage]) {
      await page.getByLabel('Open a conversation').fill(room);
      await page.getByRole('button', { name: 'Open', exact: true }).click();
      await waitForText(panel(page).locator('.pane-header'), `Room · ${room}`);
    }
    await composer(alicePage, name).fill('Bonjour l’équipe ! 회의는 3시에 🕒');
    await composer(alicePage, name).press('Enter');
    await waitForText(message(bobPage, 'Bonjour l’équipe'), alice);
    await waitForText(conversationRow(bobPage, name), `${alice}: Bonjour l’équipe ! 회의는 3시에 🕒`);
    // Bob has it on screen: Alice's message reads as read by him.
    await waitForText(message(alicePage, 'Bonjour l’équipe'), `Read by ${bob}`);
    expect(problems).toEqual([]);
  });

  it('a desktop client writes to a web user, and its presence flips the badge in the directory', async () => {
    const { page, problems } = await open(alice);
    const erinBadge = badge(page, erinJid);
    await waitForAttribute(erinBadge, 'state', /^(offline|available)$/);

    const desk = await erinOnDesktop();
    await waitForAttribute(erinBadge, 'state', 'available');
    expect(await erinBadge.locator('.label').innerText()).toBe('Available');
    await desk.presence({ show: 'dnd', status: 'En réunion 📅' });
    await waitForAttribute(erinBadge, 'state', 'dnd');
    expect(await erinBadge.locator('.label').innerText()).toBe('Busy');
    expect(await erinBadge.getAttribute('aria-label')).toBe('Busy: En réunion 📅');
    await erinBadge.hover();
    expect(await erinBadge.locator('.tip').innerText()).toBe('En réunion 📅');
    await screenshot(page, 'directory');

    await desk.chat(aliceJid, `desk-${Date.now()}`, 'Salut Alice, depuis mon poste 🖥️');
    const row = conversationRow(page, erin);
    await waitForText(row, 'Salut Alice, depuis mon poste 🖥️');
    await row.click();
    await message(page, 'depuis mon poste').waitFor();
    expect(await message(page, 'depuis mon poste').locator('.author').innerText()).toBe(erin);

    await desk.presence({ show: 'xa', status: 'En congés' });
    await waitForAttribute(erinBadge, 'state', 'xa');
    expect(await erinBadge.locator('.label').innerText()).toBe('Extended away');
    expect(problems).toEqual([]);
  });

  it('a message with markup shows as text and runs nothing, even without the page CSP', async () => {
    // bypassCSP: the widget itself must not run it, not merely the demo page's policy.
    const { page, problems } = await open(alice, { bypassCSP: true });
    const desk = await erinOnDesktop();
    await desk.chat(aliceJid, `xss-${Date.now()}`, XSS);
    const row = conversationRow(page, erin);
    await waitForText(row, XSS);
    await row.click();
    await waitForText(message(page, 'onerror'), XSS);
    expect(await page.locator('img').count()).toBe(0);

    await page.getByRole('searchbox', { name: 'Search messages' }).fill('onerror');
    await page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
    const hit = panel(page).locator('button.hit', { hasText: 'onerror' }).first();
    await waitForText(hit, XSS);
    expect(await hit.locator('mark').first().innerText()).toBe('onerror');
    expect(await page.locator('img').count()).toBe(0);
    expect(problems).toEqual([]);
  });

  it('search finds a Korean message by a fragment and scrolls to it; history loads as you scroll up', async () => {
    const desk = await erinOnDesktop();
    // Polled with erin's token: alice's read budget (READ_RATE_PER_MINUTE) is for her pages.
    const token = await accessToken(erin);
    const conversationId = `dm:${[aliceJid, erinJid].sort().join('|')}`;
    const before = await archivedCount(conversationId, token);
    await desk.chat(aliceJid, `ko-${Date.now()}`, KOREAN);
    const fillers = Array.from({ length: 40 }, (_, i) => `ligne ${i + 1} — pour remplir l’historique`);
    for (const [i, body] of fillers.entries()) await desk.chat(aliceJid, `fill-${Date.now()}-${i}`, body);
    await eventually('all archived', async () => ((await archivedCount(conversationId, token)) >= before + 41 ? true : undefined), 30_000);

    const { page, problems } = await open(alice);
    await page.getByRole('searchbox', { name: 'Search messages' }).fill('회의');
    await page.getByRole('searchbox', { name: 'Search messages' }).press('Enter');
    // The room test says 회의 too: pick this conversation's hit.
    const hit = panel(page).locator('button.hit', { hasText: KOREAN });
    await waitForText(hit, erin);
    expect(await hit.locator('mark').innerText()).toBe('회의');
    await hit.click();

    const target = message(page, KOREAN);
    await waitForAttribute(target, 'aria-current', 'true');
    const [box, log] = [await target.boundingBox(), await panel(page).locator('.log').boundingBox()];
    expect(box && log && box.y >= log.y && box.y + box.height <= log.y + log.height).toBe(true);
    expect(await target.locator('.body').innerText()).toBe(KOREAN);

    // From the conversation list: the newest page, and older ones as the person scrolls up.
    await page.getByRole('searchbox', { name: 'Search messages' }).press('Escape');
    await conversationRow(page, erin).click();
    await message(page, 'ligne 40').waitFor();
    const shown = await panel(page).locator('li.message').count();
    expect(await message(page, KOREAN).count()).toBe(0);
    await panel(page).getByRole('button', { name: 'Load older messages' }).scrollIntoViewIfNeeded();
    await eventually('older messages loaded', async () => ((await panel(page).locator('li.message').count()) > shown ? true : undefined));
    await message(page, KOREAN).scrollIntoViewIfNeeded();
    expect(problems).toEqual([]);
  });

  it('reconnects by itself and catches up on what it missed', async () => {
    const desk = await erinOnDesktop();
    await desk.chat(aliceJid, `before-${Date.now()}`, 'Avant la coupure');
    await listedLast('Avant la coupure');
    const { context, page, problems } = await open(alice, { width: 390, height: 844 });
    let cut = false;
    const sockets: WebSocketRoute[] = [];
    await context.routeWebSocket(/\/socket\.io\//, (ws) => {
      if (cut) return void ws.close();
      sockets.push(ws);
      ws.connectToServer();
    });
    // Routing applies to sockets opened from now on: a fresh page.
    await page.reload();
    await page.getByLabel('User name').fill(alice);
    await page.getByLabel('Password').fill('pw');
    await page.getByRole('button', { name: 'Sign in', exact: true }).click();
    const row = conversationRow(page, erin);
    await waitForText(row, 'Avant la coupure');
    await row.click();
    await message(page, 'Avant la coupure').waitFor();

    cut = true;
    for (const ws of sockets) await ws.close();
    await waitForText(panel(page).locator('.banner'), 'Connection lost. Reconnecting…');
    await desk.chat(aliceJid, `missed-${Date.now()}`, 'Pendant ta coupure : 새 메시지 ✉️');
    const token = await accessToken(erin);
    const conversationId = `dm:${[aliceJid, erinJid].sort().join('|')}`;
    await eventually('the missed message archived', async () => ((await lastBody(conversationId, token)) === 'Pendant ta coupure : 새 메시지 ✉️' ? true : undefined));
    cut = false;

    await waitForText(message(page, 'Pendant ta coupure'), '새 메시지 ✉️', 30_000);
    expect(await panel(page).locator('.banner').isHidden()).toBe(true);
    await screenshot(page, 'conversation-phone');
    expect(problems.filter((p) => !p.includes('WebSocket'))).toEqual([]);
  });

  it('asks the page for a fresh token when the server says the session expired, and carries on', async () => {
    // The demo page's sign-in answers with tokens that live four seconds: the socket expires under the page.
    let issued = 0;
    const context = await browser.newContext({ viewport: { width: 1280, height: 860 } });
    contexts.push(context);
    await context.route('**/api/v1/demo/token', async (route) => {
      issued += 1;
      await route.fulfill({ json: { token: await accessToken(alice, { expiresIn: '4s' }), jid: aliceJid, expiresIn: 4 } });
    });
    const desk = await erinOnDesktop();
    await desk.chat(aliceJid, `token-${Date.now()}`, 'Avant l’expiration');
    await listedLast('Avant l’expiration');
    const { page, problems } = await signInToDemo(context, apiUrl, alice, directory);
    await waitForText(conversationRow(page, erin), 'Avant l’expiration');
    await conversationRow(page, erin).click();
    await message(page, 'Avant l’expiration').waitFor();
    await eventually('a second token asked for', async () => (issued >= 2 ? true : undefined), 15_000);
    await eventually('online again', async () => ((await panel(page).getAttribute('data-state')) === 'online' ? true : undefined), 15_000);
    await desk.chat(aliceJid, `after-${Date.now()}`, 'Après le renouvellement du jeton 🔑');
    await waitForText(message(page, 'renouvellement'), 'Après le renouvellement du jeton 🔑');
    expect(problems.filter((p) => !p.includes('WebSocket'))).toEqual([]);
  });

  it('passes an automated accessibility check (axe-core), in English and in French, wide and narrow', async () => {
    const desk = await erinOnDesktop();
    await desk.chat(aliceJid, `a11y-${Date.now()}`, 'Bonjour, voici le compte rendu 📝');
    const { context, page } = await open(alice);
    const signIn = await context.newPage();
    await signIn.goto(`${apiUrl}/demo?lang=en`);
    await signIn.getByRole('button', { name: /^Sign in as Alice/ }).waitFor();
    await screenshot(signIn, 'sign-in');
    const checks: Array<[string, Page]> = [['sign-in page', signIn]];

    await page.getByRole('button', { name: `Message ${erin}` }).click();
    await message(page, 'compte rendu').waitFor();
    checks.push(['directory with a conversation open', page]);

    const { page: narrow } = await open(bob, { width: 390, height: 844 });
    await narrow.getByLabel('Language').selectOption('fr');
    await waitForText(narrow.getByRole('heading', { level: 1 }), 'Annuaire');
    await narrow.getByRole('button', { name: `Écrire à ${alice}` }).click();
    await narrow.getByRole('textbox', { name: `Message à ${alice}` }).fill('Ça marche aussi sur téléphone 📱');
    await narrow.getByRole('textbox', { name: `Message à ${alice}` }).press('Enter');
    await waitForText(message(narrow, 'téléphone'), 'Envoyé');
    checks.push(['phone width, in French', narrow]);
    // Both web users are online: each sees the other's badge, and their own.
    await waitForAttribute(badge(narrow, aliceJid), 'state', 'available');
    await waitForAttribute(badge(narrow, bobJid), 'state', 'available');
    await screenshot(narrow, 'conversation-phone-fr');

    const failures: string[] = [];
    for (const [what, checked] of checks) {
      const violations = await seriousAccessibilityViolations(checked);
      if (violations.length) failures.push(`${what}:\n${describeViolations(violations)}`);
    }
    if (failures.length) console.log(failures.join('\n\n'));
    expect(failures).toEqual([]);
  });

  /**
   * Until the conversation list says so: the api updates it just after delivering the message, and a page loaded
   * in between would start from the list before it (the widget reloads its list a moment later to converge).
   */
  async function listedLast(excerpt: string): Promise<void> {
    const token = await accessToken(erin);
    await eventually(`the list showing ${excerpt}`, async () => {
      const response = await fetch(`${apiUrl}/api/v1/conversations`, { headers: { authorization: `Bearer ${token}` } });
      const list = (await response.json()) as { conversations?: Array<{ with: string; lastMessage?: { excerpt: string } }> };
      return list.conversations?.find((c) => c.with === aliceJid)?.lastMessage?.excerpt === excerpt ? true : undefined;
    });
  }

  async function archivedCount(conversationId: string, token: string): Promise<number> {
    const response = await fetch(`${apiUrl}/api/v1/conversations/${encodeURIComponent(conversationId)}/messages?limit=200`, { headers: { authorization: `Bearer ${token}` } });
    if (response.status !== 200) return 0;
    return ((await response.json()) as { messages: unknown[] }).messages.length;
  }

  async function lastBody(conversationId: string, token: string): Promise<string | undefined> {
    const response = await fetch(`${apiUrl}/api/v1/conversations/${encodeURIComponent(conversationId)}/messages?limit=1`, { headers: { authorization: `Bearer ${token}` } });
    const page = (await response.json()) as { messages?: Array<{ body: string }> };
    return page.messages?.[0]?.body;
  }
});

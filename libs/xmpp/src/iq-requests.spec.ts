import { describe, expect, it } from '@jest/globals';
import xml, { type Element } from '@xmpp/xml';
import { IqRequests } from './iq-requests';

const ping = () => xml('iq', { type: 'get', to: 'localhost' }, xml('ping', { xmlns: 'urn:xmpp:ping' }));

describe('IqRequests', () => {
  it('gives each request an id naming its requester, so a twin can tell whose an answer is', async () => {
    const requests = new IqRequests('gw-a.x1');
    const sent: Element[] = [];
    const answer = requests.request(async (iq) => void sent.push(iq), ping(), 1000);
    const id = String(sent[0].attrs.id);
    expect(IqRequests.ownerOf(id)).toBe('gw-a.x1');
    const twin = new IqRequests('gw-b.y2');
    const reply = xml('iq', { type: 'result', id });
    expect(twin.accept(reply)).toBe(false);
    expect(twin.isOwn(reply)).toBe(false);
    expect(requests.accept(reply)).toBe(true);
    await expect(answer).resolves.toBe(reply);
  });

  it('rejects with a StanzaError on an error answer, with a TimeoutError when none comes', async () => {
    const requests = new IqRequests('gw');
    const sent: Element[] = [];
    const failing = requests.request(async (iq) => void sent.push(iq), ping(), 1000);
    requests.accept(xml('iq', { type: 'error', id: sent[0].attrs.id }, xml('error', { type: 'cancel' })));
    await expect(failing).rejects.toMatchObject({ name: 'StanzaError' });
    await expect(requests.request(async () => undefined, ping(), 20)).rejects.toMatchObject({ name: 'TimeoutError' });
  });

  it('ignores an answer it no longer waits for, and ids with no requester', () => {
    const requests = new IqRequests('gw');
    expect(requests.accept(xml('iq', { type: 'result', id: 'gw~zz' }))).toBe(false);
    expect(requests.isOwn(xml('iq', { type: 'result', id: 'gw~zz' }))).toBe(true);
    expect(IqRequests.ownerOf('plain-id')).toBeUndefined();
  });
});

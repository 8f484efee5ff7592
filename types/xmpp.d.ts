// The @xmpp/* packages ship no type declarations; these cover the parts this project uses.

declare module '@xmpp/xml' {
  export class Element {
    constructor(name: string, attrs?: Record<string, unknown>);
    name: string;
    attrs: Record<string, string | undefined>;
    children: Array<Element | string>;
    parent: Element | null;
    getChild(name: string, xmlns?: string): Element | undefined;
    getChildren(name: string, xmlns?: string): Element[];
    getChildElements(): Element[];
    getChildText(name: string, xmlns?: string): string | null;
    getText(): string;
    getNS(): string | undefined;
    is(name: string, xmlns?: string): boolean;
    c(name: string, attrs?: Record<string, unknown>): Element;
    t(text: string): Element;
    up(): Element;
    root(): Element;
    clone(): Element;
    toString(): string;
  }
  export function xml(name: string, attrs?: Record<string, unknown> | null, ...children: Array<Element | string | undefined | null | false>): Element;
  export namespace xml {
    class Parser {
      write(data: string): void;
      end(data?: string): void;
      // eslint-disable-next-line @typescript-eslint/no-explicit-any -- one listener for four events whose argument differs
      on(event: 'element' | 'start' | 'end' | 'error', listener: (arg: any) => void): this;
    }
  }
  export default xml;
}

declare module '@xmpp/jid' {
  export class JID {
    constructor(local: string | null, domain: string, resource?: string | null);
    getLocal(unescape?: boolean): string;
    getDomain(): string;
    getResource(): string;
    bare(): JID;
    toString(unescape?: boolean): string;
    equals(other: JID): boolean;
  }
  export function jid(input: string): JID;
  export default jid;
}

declare module '@xmpp/component' {
  import type { EventEmitter } from 'events';
  import type { Element } from '@xmpp/xml';
  export interface Component extends EventEmitter {
    status: string;
    reconnect: EventEmitter & { stop(): void; start(): void; delay: number };
    start(): Promise<unknown>;
    stop(): Promise<void>;
    disconnect(timeout?: number): Promise<void>;
    send(element: Element): Promise<void>;
    iqCaller: { request(element: Element, timeout?: number): Promise<Element> };
  }
  export function component(options: { service: string; domain: string; password: string }): Component;
  export { xml } from '@xmpp/xml';
}

declare module '@xmpp/client' {
  import type { EventEmitter } from 'events';
  import type { Element } from '@xmpp/xml';
  import type { JID } from '@xmpp/jid';
  export interface Client extends EventEmitter {
    status: string;
    jid?: JID;
    reconnect: EventEmitter & { stop(): void; start(): void; delay: number };
    start(): Promise<JID>;
    stop(): Promise<void>;
    disconnect(timeout?: number): Promise<void>;
    send(element: Element): Promise<void>;
    sendMany(elements: Element[]): Promise<void>;
    iqCaller: { request(element: Element, timeout?: number): Promise<Element> };
  }
  export function client(options: { service: string; domain: string; resource?: string; username?: string; password?: string }): Client;
  export { xml } from '@xmpp/xml';
  export { jid } from '@xmpp/jid';
}

declare module 'ltx' {
  import type { Element } from '@xmpp/xml';
  /** Parses one XML document into an element tree; throws on malformed XML or DTDs. */
  export function parse(xml: string): Element;
}

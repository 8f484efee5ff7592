import type { TokenProvider } from './client/token-source';

/** What a page sets once for every chat element that is not given its own `service` and token. */
export interface ChatConfig {
  service: string;
  token?: string;
  tokenProvider?: TokenProvider;
}

let defaults: ChatConfig | undefined;
const listeners = new Set<() => void>();

/** `ChatWidget.configure({ service, tokenProvider })`: elements without their own settings use these. */
export function configure(config: ChatConfig | undefined): void {
  if (config && !config.token && !config.tokenProvider) throw new TypeError('ChatWidget.configure: give token or tokenProvider');
  defaults = config ? { ...config } : undefined;
  for (const listener of [...listeners]) listener();
}

export function pageConfig(): ChatConfig | undefined {
  return defaults;
}

export function onPageConfig(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

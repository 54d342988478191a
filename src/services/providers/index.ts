/** The provider registry: ids are known up front; a provider's module (and its SDK) loads only when used. */
import { PROVIDER_IDS, type ProviderId, type ProviderModule } from './types.js';

export { PROVIDER_IDS, type ProviderId } from './types.js';

/** True for one of the seven provider ids. */
export function isProviderId(name: string): name is ProviderId {
  return (PROVIDER_IDS as readonly string[]).includes(name);
}

/** Imports one provider module. */
export async function loadProvider(id: ProviderId): Promise<ProviderModule> {
  const ext = import.meta.url.endsWith('.ts') ? 'ts' : 'js';
  const mod = (await import(new URL(`./${id}.${ext}`, import.meta.url).href)) as { default: ProviderModule };
  return mod.default;
}

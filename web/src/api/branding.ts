import { useQuery } from '@tanstack/react-query';
import type { Branding } from '../../../common/src/contracts/branding.ts';
import { api } from './client.ts';

/** The university's name, colour and logo (public: the sign-in page shows them too). */
export function useBranding() {
  return useQuery({
    queryKey: ['branding'],
    queryFn: () => api<Branding>('GET', '/branding'),
    staleTime: 5 * 60_000,
  });
}

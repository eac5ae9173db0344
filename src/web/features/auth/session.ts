import { useQuery, type QueryClient } from '@tanstack/react-query';
import type { z } from 'zod';
import type { Permission } from '../../../shared/permissions.ts';
import type { Locale } from '../../../shared/reference.ts';
import type { meSchema } from '../../../shared/schemas/auth.ts';
import { ApiError, apiGet, apiSend, setCsrfToken } from '../../api/client.ts';
import { applyLocale } from '../../i18n/i18n.ts';

export type Me = z.output<typeof meSchema>;

export const ME_KEY = ['me'] as const;

/** The signed-in user, or null when nobody is signed in. */
async function fetchMe(): Promise<Me | null> {
  try {
    const me = await apiGet<Me>('/auth/me');
    setCsrfToken(me.csrfToken);
    return me;
  } catch (error) {
    if (error instanceof ApiError && error.status === 401) {
      setCsrfToken(null);
      return null;
    }
    throw error;
  }
}

export function useMe() {
  return useQuery({ queryKey: ME_KEY, queryFn: fetchMe, staleTime: 5 * 60_000, retry: false });
}

/** The signed-in user on screens that are shown only after sign-in. */
export function useSignedInUser(): Me {
  const { data } = useMe();
  if (!data) throw new Error('useSignedInUser outside a signed-in screen');
  return data;
}

export function useCan(permission: Permission): boolean {
  return useSignedInUser().permissions.includes(permission);
}

/**
 * Who is signed in changed (sign-in, sign-out, a session that ended): nothing cached for the
 * previous person survives. The `me` query itself stays, so that the screens watching it follow.
 */
export function switchSession(queryClient: QueryClient, me: Me | null): void {
  setCsrfToken(me?.csrfToken ?? null);
  queryClient.removeQueries({ predicate: (q) => q.queryKey[0] !== ME_KEY[0] });
  queryClient.setQueryData(ME_KEY, me);
}

export async function signOut(queryClient: QueryClient): Promise<void> {
  try {
    await apiSend('POST', '/auth/sign-out');
  } finally {
    switchSession(queryClient, null);
  }
}

// A language picked before signing in is the person's latest choice: it is kept for the account.
const CHOSEN_KEY = 'partywork.localeChosenSignedOut';

/** Switches the language; a signed-in user's choice is kept for their next sessions. */
export async function chooseLanguage(queryClient: QueryClient, locale: Locale): Promise<void> {
  await applyLocale(locale);
  const me = queryClient.getQueryData<Me | null>(ME_KEY);
  if (!me) {
    sessionStorage.setItem(CHOSEN_KEY, '1');
    return;
  }
  await apiSend('PUT', '/auth/me/locale', { locale });
  queryClient.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, locale } : old));
}

/** After sign-in (or on opening the app signed in): the account's language, unless one was just chosen. */
export async function adoptAccountLanguage(queryClient: QueryClient, me: Me, current: Locale): Promise<void> {
  if (sessionStorage.getItem(CHOSEN_KEY)) {
    sessionStorage.removeItem(CHOSEN_KEY);
    if (me.locale !== current) {
      await apiSend('PUT', '/auth/me/locale', { locale: current });
      queryClient.setQueryData<Me | null>(ME_KEY, (old) => (old ? { ...old, locale: current } : old));
    }
    return;
  }
  if (me.locale !== current) await applyLocale(me.locale);
}

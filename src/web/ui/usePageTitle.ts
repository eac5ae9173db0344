import { useEffect } from 'react';

/** Names the page in the browser's title bar and history (and for screen reader users). */
export function usePageTitle(title: string | null | undefined): void {
  useEffect(() => {
    document.title = title ? `${title} · partywork` : 'partywork';
  }, [title]);
}

import { useEffect, useState } from 'react';

/**
 * What the user types into a search box, handed on once the typing pauses: one request when
 * they stop, not one per key.
 */
export function useTypedQuery(delayMs = 250): { q: string; onType: (text: string) => void } {
  const [typed, setTyped] = useState('');
  const [q, setQ] = useState('');
  useEffect(() => {
    const timer = setTimeout(() => setQ(typed.trim()), delayMs);
    return () => clearTimeout(timer);
  }, [typed, delayMs]);
  return { q, onType: setTyped };
}

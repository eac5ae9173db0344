import { useSearchParams } from 'react-router';
import { todayInVietnam } from '../../ui/today.ts';

const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/**
 * The period a screen counts over, kept in the address (`from`, `to`) so that it can be shared
 * and survives going back: by default from 1 January of this year to today, as a review
 * conference reports the year so far.
 */
export function usePeriod() {
  const [search, setSearch] = useSearchParams();
  const today = todayInVietnam();
  const defaults = { from: `${today.slice(0, 4)}-01-01`, to: today };
  const read = (key: 'from' | 'to') => {
    const value = search.get(key);
    return value && ISO_DATE.test(value) ? value : defaults[key];
  };
  const from = read('from');
  const to = read('to');
  const set = (key: 'from' | 'to', value: string | null) => {
    const next = new URLSearchParams(search);
    if (!value || value === defaults[key]) next.delete(key);
    else next.set(key, value);
    setSearch(next, { replace: true });
  };
  /** The period as it is written into a link to another screen counting over it. */
  const query = new URLSearchParams({ ...(from !== defaults.from ? { from } : {}), ...(to !== defaults.to ? { to } : {}) }).toString();
  return { from, to, today, setFrom: (v: string | null) => set('from', v), setTo: (v: string | null) => set('to', v), query };
}

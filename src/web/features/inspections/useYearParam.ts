import { useSearchParams } from 'react-router';
import { todayInVietnam } from '../../ui/today.ts';

/** The year a screen shows, kept in the address (`year`); this year by default. */
export function useYearParam(): [number, (year: number) => void] {
  const [search, setSearch] = useSearchParams();
  const current = Number(todayInVietnam().slice(0, 4));
  const asked = Number(search.get('year'));
  const year = Number.isInteger(asked) && asked >= 1930 && asked <= 2200 ? asked : current;
  const setYear = (next: number) => {
    const params = new URLSearchParams(search);
    params.set('year', String(next));
    setSearch(params, { replace: true });
  };
  return [year, setYear];
}

/**
 * The award days offered for choosing (3/2, 19/5, 2/9, 7/11, the days in force since the
 * regulation): a convenience of the screens only; the server checks every date against the
 * rules in force and says which days are valid when one is not.
 */
const AWARD_DAYS = ['02-03', '05-19', '09-02', '11-07'];

/** This year's and last year's award days, newest first, those after `today` left out. */
export function recentAwardDays(today: string): string[] {
  const year = Number(today.slice(0, 4));
  return [year, year - 1].flatMap((y) => AWARD_DAYS.map((d) => `${y}-${d}`)).filter((d) => d <= today).sort().reverse();
}

/** The party-age milestones of the badge (rule badge.years), for the form's choice. */
export const BADGE_YEARS = [30, 40, 45, 50, 55, 60, 65, 70, 75, 80, 85, 90];

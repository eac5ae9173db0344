/** The fields a person filled in: what the API should receive from a form (empty ones left out). */
export function filledValues<T extends object>(values: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(values).filter(([, value]) => value !== null && value !== undefined && value !== ''),
  ) as Partial<T>;
}

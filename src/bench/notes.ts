/**
 * The closing section of docs/benchmarks.md: what the benchmark does to get its figures, and
 * the gaps it found that need changes to the app (kept here, beside the code that measured them).
 */
export const BENCH_NOTES = `## What was changed to get there, and known gaps

### In the benchmark (no change to the app, its schema or its queries)

- **Generation and load within 30 minutes on 2 cores.** The generator writes COPY text files
  province by province and the loader copies each province while the next one is generated (one
  core each for Node and PostgreSQL); all of it runs in one transaction that first truncates the
  tables, so COPY FREEZE writes the rows frozen and visible (no VACUUM before index-only scans).
  Secondary indexes and foreign keys are dropped during COPY and rebuilt once
  (\`seed/bulk-insert.ts\` \`withDeferredChecks\`), and so are the unique constraints on citizen ID,
  card number and unit code (kept, they tripled the members' COPY: random inserts into a growing
  index). Rows are encoded into a reused buffer (string joining was mostly garbage collection);
  citizen IDs and card numbers are unique by construction (a counter through a bijection), not by
  remembering 6 million values. At national scale the rebuild of indexes and checks takes about
  seven minutes, the trigram index of names and the events' \`(kind, effective_on)\` index the
  longest.
- **Sessions outlive slow scenarios**: the server runs with \`SESSION_IDLE_MINUTES=720\`; with the
  default 30 minutes the accounts of the later scenarios were signed out while the national
  statistics ran.
- **Few samples where a request takes minutes.** A scenario gets at least one timed request and
  stops after 60 s; such a request is not warmed up first, and its SQL time is that of the run
  that recorded its statements (the service code in the bench process, without HTTP). p95 and p99
  of one or two samples are the sample itself: the gap is orders of magnitude, not a percentile.
- **Profile reads as an observer**: \`GET /members/:id\` by a user holding \`members.read_sensitive\`
  appends a hash-chained audit row per read (\`member.read_sensitive\`), and an API token appends
  \`token.use\` per request; throughput is measured with a session of the read-only observer role.

### Earlier runs

- **PostgreSQL, nation, before the changes below (2026-11-23, 09:50–11:02 UTC).** With the
  60 s cap, every unit statistic stopped at the cap (the nation, a province and a cell alike),
  name search ran 36 s of SQL, a province's list page was p95 2.9 s and profile reads 106/s;
  generation and load took 24.1 min on a machine busy with other runs, so the command did not
  finish within 30 minutes.
- **PostgreSQL, nation, with events carrying their place but members still recounted
  (2026-11-23, 19:37 UTC).** The statistics of the nation p95 52 s (today) and 45 s (2023), of a
  province 3.1 s and 2.1 s, of a cell 23 ms and 18 ms; search p95 1.5 s; a province's list page
  p95 86 ms; profile reads 211/s; 25.7 min in all, generation included (15.2 min). The run above,
  with the kept counts (gap 1) and one transaction per profile read and list page (gap 4), took
  16.8 min in all, 14.5 min of them generating and loading.
- **PGlite, province (400,000 members), before the events had their place.** Generation and
  load took 344 s; the scenarios were stopped: the statistics' events statement ran for minutes
  per request, and PGlite ignores \`statement_timeout\` (DESIGN.md), so nothing bounds a request
  there. Measured again with the kept counts (its section above, 3.6 min in all): every
  statistics target is met (p95 75 ms for the nation today, 51 ms for the province); name search
  is p50 24 ms but p95 113 ms against 50 ms, for the reasons of gap 2.

### Gaps that need the app to change

1. **Unit statistics were a recount (done, migrations 0016 and 0017).**
   - *Events (done, migration 0016).* \`countEvents\` joined every event of the counted kinds in
     the period, millions nation-wide, to the unit version of its day before it could keep those
     in the unit's subtree, so a cell cost as much as the nation. Events now carry
     \`member_events.unit_path\`, the path of their unit on their day, with the index
     \`(unit_path, kind, effective_on)\`: a unit's events are one range per version of the unit.
     The range's end is computed before the join: under row-level security only leakproof
     comparisons of plain values become index conditions (\`left()\` and \`||\` are not leakproof),
     and with the end as an expression one cell's events read every path after the cell's
     (800 ms instead of 0.6 ms). The events policy tests that path before it looks up the member.
     A cell's statistics went from over 60 s to p95 23 ms nation-wide.
   - *Kept counts (migration 0017).* The members were still recounted: every active span of the
     subtree joined to its member, about 3 s for a province of 400,000 and 40–50 s for the nation.
     A first run with kept member counts (2026-11-23, 21:24 UTC) then showed the next two
     recounts: the events of ten years (3.1 million rows for the nation, 14 s) and the units open
     by type (300,000 versions, 0.45 s). The nation's and the provinces' figures are now **kept**:
     \`kept_count_days\` holds, per unit path, day and key, the +1 of every span and unit
     version that opens and the -1 of every one that closes (under each breakdown, or the unit's
     type), and the age-band moves on members' birthdays; \`kept_count_months\` and
     \`kept_count_years\` hold the same summed per month and year; \`event_count_days\`
     counts the events per path, day and kind. A count as of any date is the years before it,
     the months of its year and the days of its month, some 150 rows per key; a ten-year series
     some 3,650 days per kind; whatever the size of the unit. (A second run with months and days
     only read 41,000 month rows for the nation, 27 ms of SQL, p95 61 ms through the API.) Statement triggers with transition tables keep them in the
     same transaction (set-based, so a restructure's bulk moves stay one pass);
     \`partywork stats verify\` compares them with a recount and \`partywork stats rebuild\`
     recomputes them; the tests hold them equal to a recount through every kind of change. The
     generator works them out as it writes the rows (one typed array per counted unit; the
     loader bypasses the triggers), and the run checks them against a recount of a province
     after the load (the line under Dataset). Deeper units are still recounted: a cell or a
     commune in milliseconds.
2. **Name search (done in part, migration 0016).** Under row-level security the planner may not
   test \`search_key LIKE …\` (not leakproof) before the members policy, so the trigram index was
   never used: every member in reach was read, its policy evaluated, then its name tested (3.4 s
   for 400,000 members, 36 s for the nation). A search of three letters or more now first asks
   \`member_ids_named_like\` (a \`SECURITY DEFINER\` function answering ids from the trigram index)
   for every record holding the name; up to 50,000 of them, the list filters its spans by those
   ids and sorts what it found; above that (a common fragment such as "nguyen") it walks the
   register and tests names, which finds a page at once. Nation-wide that is p50 140–200 ms and
   p95 1.2–2.4 s across runs (the slowest names vary with the sample): the trigram scan itself
   costs 100–200 ms for a name of common syllables, and a name held by tens of thousands
   ("le minh") is joined and sorted whole. The 30 ms target needs a
   narrower index (whole words rather than trigrams) or ranking with a candidate limit.
3. **JIT compiles fast queries (done).** \`SET LOCAL jit = off\` in the scoped transaction's BEGIN
   (src/server/db/scoped.ts): compiling cost about a second per request on the national dataset.
   A province's list page went from p95 2.9 s to 86 ms, then to 72 ms with its statements in one
   transaction (gap 4); its own SQL is 12 ms at p50: the rest is the API's overhead (gap 4).
4. **Profile reads and list pages: the API costs two to three times its SQL (improved, open).**
   Before, a profile read was 4.4 ms of SQL at p50 but 9.0 ms through the API, and 211 reads/s
   under load against 387/s for the same SQL replayed: per request the server first ran the
   session, user and grants lookups (three queries, outside the SQL measured here), then each of
   the service's statements in a transaction of its own (BEGIN; SET LOCAL ROLE; set_config —
   statement — COMMIT: two extra round trips per statement). Now the session and its user are
   one query, and a profile read and a list page run their statements in one scoped transaction:
   a profile read is 2.1 ms of SQL and 5.7 ms through the API at p50, 310 reads/s under load
   against 844/s replayed. The rest is per request: the grants query, Fastify's routing,
   validation and serialization, and the Node process's share of two cores that also run
   PostgreSQL and autocannon. 3,000/s on this machine would need the principal cached between
   requests (a revoked grant or session must still end access at once: invalidation through
   PostgreSQL NOTIFY) and the server measured on cores of its own.
5. **Memory** is within the target (about 260 MB resident at most under load on PostgreSQL, nation scale).
`;

/**
 * The cohorts a visitor belongs to, for server-side evaluation of `cohort` audience leaves
 * (OFREP). Memberships live in the database (`cohort_members`); this keeps the recently asked
 * ones per project so a visitor's repeated evaluations cost no query. A project's entries are
 * dropped on any committed change of the project (cohort refreshes announce one), here and —
 * through the invalidation bus — in other processes.
 */

/** Visitors kept per project; the oldest entry goes first when a project is full. */
const DEFAULT_MAX_PER_PROJECT = 10_000;

export type LoadVisitorCohorts = (projectId: number, visitorId: string) => Promise<ReadonlySet<string>>;

export class VisitorCohorts {
  private readonly byProject = new Map<number, Map<string, ReadonlySet<string>>>();
  /** Raised by every invalidation: a load that saw one meanwhile is used but not kept. */
  private epoch = 0;

  constructor(
    private readonly load: LoadVisitorCohorts,
    private readonly maxPerProject = DEFAULT_MAX_PER_PROJECT,
  ) {}

  /** The ids (as strings, as `DecideUser.cohorts` takes them) of the visitor's cohorts. */
  async of(projectId: number, visitorId: string): Promise<ReadonlySet<string>> {
    const cached = this.byProject.get(projectId)?.get(visitorId);
    if (cached) return cached;
    const epoch = this.epoch;
    const loaded = await this.load(projectId, visitorId);
    if (epoch === this.epoch) this.keep(projectId, visitorId, loaded);
    return loaded;
  }

  /** Forgets the memberships of `projectId`. */
  invalidate(projectId: number): void {
    this.epoch++;
    this.byProject.delete(projectId);
  }

  /** Forgets everything (changes may have been missed, e.g. while Redis was unreachable). */
  clear(): void {
    this.epoch++;
    this.byProject.clear();
  }

  private keep(projectId: number, visitorId: string, cohorts: ReadonlySet<string>): void {
    let visitors = this.byProject.get(projectId);
    if (!visitors) {
      visitors = new Map();
      this.byProject.set(projectId, visitors);
    }
    if (visitors.size >= this.maxPerProject) {
      const oldest = visitors.keys().next();
      if (!oldest.done) visitors.delete(oldest.value);
    }
    visitors.set(visitorId, cohorts);
  }
}

import { NotFoundError } from '#domain/errors';
import type { Report, ReportStage } from '#domain/model';
import { currentAnswers } from '#domain/updates';
import { buildReport, renderReportHtml, type ReportModel } from '#reports/progress-report';
import type { Deps } from './deps.ts';

export const reportKey = (cycleId: string, stage: ReportStage) => `reports/${cycleId}/${stage}.html`;

/**
 * Compiles a cycle's progress report at a stage.
 * 1. load cycle, plan, actions, people, updates  2. current answer per action
 * 3. render HTML  4. keep it (blob store) and record it
 */
export async function compileReport(
  cycleId: string,
  stage: ReportStage,
  { store, blobs, clock }: Pick<Deps, 'store' | 'blobs' | 'clock'>,
): Promise<{ report: Report; model: ReportModel; html: string; location: string }> {
  const cycle = await store.getCycle(cycleId);
  if (!cycle) throw new NotFoundError(`cycle "${cycleId}" does not exist.`, 'cycle');
  const plan = await store.getPlan(cycle.planId);
  if (!plan) throw new NotFoundError(`plan "${cycle.planId}" of cycle ${cycleId} does not exist.`, 'plan');
  const [actions, people, updates, notes] = await Promise.all([
    store.getActions(plan.id),
    store.getPeople(plan.id),
    store.getUpdates(cycleId),
    store.getNotes(cycleId),
  ]);
  const generatedAt = clock.now();
  const states = await store.getAddressStates(people.flatMap((p) => (p.email ? [p.email] : [])));
  const undeliverable = new Set(people.filter((p) => p.email && states.has(p.email.toLowerCase())).map((p) => p.key));
  const model = buildReport({ plan, cycle, stage, actions, people, answers: currentAnswers(updates), generatedAt, undeliverable, notes });
  const html = renderReportHtml(model);
  const key = reportKey(cycleId, stage);
  await blobs.put(key, html, 'text/html; charset=utf-8');
  const report: Report = {
    cycleId,
    stage,
    generatedAt: generatedAt.toISOString(),
    key,
    actions: model.counts.actions,
    answered: model.counts.answered,
  };
  await store.putReport(report);
  return { report, model, html, location: blobs.locate(key) };
}

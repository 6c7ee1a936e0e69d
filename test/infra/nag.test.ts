import type { Stack } from 'aws-cdk-lib';
import { AwsSolutionsChecks, type NagPack, ServerlessChecks } from 'cdk-nag';
import { beforeAll, describe, expect, it } from 'vitest';
import { acknowledgeNagFindings, NAG_SUPPRESSIONS, type NagFinding } from '../../infra/nag-suppressions.ts';
import { synthesize } from './synth.ts';

/** The error-level findings of both packs on both stacks, one per rule and resource. */
function errors(stacks: Stack[]): NagFinding[] {
  const packs: NagPack[] = [new AwsSolutionsChecks(), new ServerlessChecks()];
  return packs.flatMap((pack) =>
    stacks.flatMap((stack) =>
      pack
        .validateScope(stack)
        .violations.filter((v) => v.severity === 'error')
        .flatMap((v) => v.violatingResources.map((r) => ({ rule: v.ruleName, path: r.constructPath ?? '' }))),
    ),
  );
}

let before: NagFinding[];
let result: ReturnType<typeof acknowledgeNagFindings>;
let after: NagFinding[];
beforeAll(() => {
  const { stacks } = synthesize();
  const both = [stacks.stateful, stacks.stateless];
  before = errors(both);
  result = acknowledgeNagFindings(stacks.stateful.node.root, before);
  after = errors(both);
});

describe('cdk-nag (AwsSolutions and Serverless packs)', () => {
  it('leaves no error unsuppressed', () => {
    // A council's ops review runs these packs; every finding is either fixed or explained.
    expect(result.unsuppressed).toEqual([]);
    expect(after).toEqual([]);
    expect(before.length).toBeGreaterThan(0);
  });

  it('keeps no stale suppression', () => {
    // A suppression that matches nothing would hide the next, unrelated finding of its rule.
    expect(result.unused.map((s) => `${s.rule} ${s.path}`)).toEqual([]);
  });

  it('gives every suppression a reason of its own', () => {
    // "Accepted" without a reason is how wildcards survive reviews unnoticed.
    const reasons = NAG_SUPPRESSIONS.map((s) => s.reason);
    for (const reason of reasons) expect(reason.length).toBeGreaterThan(60);
    expect(new Set(reasons).size).toBe(reasons.length);
  });
});

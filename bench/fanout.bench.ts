/**
 * Fan-out of the requests-open milestone (bench/sections/fanout.ts) at the default SES rate
 * (14/s) and a raised one (200/s), for 1,000 and 10,000 owners (`--quick`: 100 and 400), and
 * two cycles' milestones at once through one mailer. Beside each: the same fan-out with no
 * rate limit, what the local stand-ins (dynalite, the local SES, in this one process) allow on
 * this machine; where that is below the configured rate, the stand-ins are the limit, not SES.
 * Run: npx tsx bench/fanout.bench.ts [owners...]
 */
import { emit, positional, quick } from './emit.ts';
import { fanOut } from './sections/fanout.ts';

const sizes = positional.length ? positional.map(Number) : quick ? [100, 400] : [1_000, 10_000];
const rates = [14, 200];
const runs = [];
for (const owners of sizes) {
  const unlimited = await fanOut(owners, 100_000);
  console.log(`${owners} owners, no rate limit: ${unlimited.achievedPerSecond}/s (what the local stand-ins allow on this machine)`);
  const floor = { perSecond: unlimited.achievedPerSecond };
  for (const rate of rates) {
    const r = await fanOut(owners, rate);
    const limit = Math.min(rate, floor.perSecond);
    const met = r.duplicates === 0 && r.omissions === 0 && r.achievedPerSecond >= 0.95 * rate;
    runs.push({ ...r, floorPerSecond: floor.perSecond, ratioToLimit: Math.round((r.achievedPerSecond / limit) * 1000) / 1000, met });
    console.log(
      `${owners} owners at ${rate}/s: ${r.achievedPerSecond}/s in ${r.seconds} s (x${r.ratio} of the rate, x${runs.at(-1)!.ratioToLimit} of what the stand-ins allow), ${r.duplicates} duplicates, ${r.omissions} omissions`,
    );
  }
}
// Two cycles at once: together within the rate.
const together = await fanOut(sizes[0]!, 14, 2);
runs.push({
  ...together,
  floorPerSecond: null,
  ratioToLimit: together.ratio,
  met: together.ratio <= 1.02 && together.duplicates === 0 && together.omissions === 0,
});
console.log(`two cycles at once, ${together.owners} owners at 14/s: ${together.achievedPerSecond}/s together (x${together.ratio}; must stay at or under x1)`);
emit({ runs });

// Regenerates llhttp's answers to the differential corpus for review:
//
//   npx tsx tests/mlops/server/http1-corpus/llhttp-verdicts.ts           # report only
//   npx tsx tests/mlops/server/http1-corpus/llhttp-verdicts.ts --write   # also update verdicts.json
//
// Every case is sent to node:http (this Node's llhttp) and to the transport under test. The report lists the cases
// where llhttp's answer is not the committed verdict and no RFC clause says why (review them: fix the server, or
// name the clause in the case), the RFC clauses llhttp now agrees with (the clause can go), and changes of
// llhttp's answer since the file was recorded. --write records this Node's llhttp answers beside the verdicts and
// gives new cases a verdict: llhttp's when the case has no RFC clause, the transport's (to review) when it has one.
// It never changes an existing verdict: that is a decision made by editing verdicts.json.
import { writeFileSync } from "node:fs";
import { CASES } from "./cases.js";
import { exchange, pooled } from "./exchange.js";
import { startLlhttpEcho, startTransportEcho } from "./servers.js";
import { corpusProblems, readVerdicts, VERDICTS_FILE, type Verdict, type VerdictFile } from "./verdicts.js";

const write = process.argv.includes("--write");
const committed = ((): VerdictFile => {
  try {
    return readVerdicts();
  } catch {
    return { recordedWith: "", cases: {} };
  }
})();
const [llhttp, transport] = await Promise.all([startLlhttpEcho(), startTransportEcho()]);
const theirs = await pooled(CASES, 24, (c) => exchange(llhttp.port, c.request));
const ours = await pooled(CASES, 24, (c) => exchange(transport.port, c.request));
await Promise.all([llhttp.close(), transport.close()]);

const lines: string[] = [];
const cases: Record<string, Verdict> = {};
let review = 0;
for (const [i, c] of CASES.entries()) {
  const old = committed.cases[c.name];
  const verdict = old?.verdict ?? (c.rfc === undefined ? theirs[i] : ours[i]);
  if (old === undefined) lines.push(`new       ${c.name}\n          verdict: ${verdict}`);
  if (theirs[i] !== verdict && c.rfc === undefined) {
    review++;
    lines.push(`REVIEW    ${c.name}\n          verdict: ${verdict}\n          llhttp:  ${theirs[i]}`);
  }
  if (theirs[i] === verdict && c.rfc !== undefined) lines.push(`agrees    ${c.name} (its RFC clause can go)`);
  if (old?.llhttp !== undefined && old.llhttp !== theirs[i]) {
    lines.push(`changed   ${c.name}\n          recorded: ${old.llhttp}\n          now:      ${theirs[i]}`);
  }
  if (ours[i] !== verdict)
    lines.push(`transport ${c.name}\n          verdict: ${verdict}\n          answers: ${ours[i]}`);
  cases[c.name] = theirs[i] === verdict ? { verdict } : { verdict, llhttp: theirs[i] };
}
const recordedWith = `Node ${process.version}, llhttp ${process.versions.llhttp}`;
for (const line of lines) console.log(line);
const differing = Object.values(cases).filter((v) => v.llhttp !== undefined).length;
console.log(
  `${CASES.length} cases; llhttp (${recordedWith}) differs from ${differing} verdicts; ${review} to review; ` +
    `the transport differs from ${CASES.filter((c, i) => ours[i] !== cases[c.name].verdict).length}`,
);
if (write) {
  writeFileSync(VERDICTS_FILE, `${JSON.stringify({ recordedWith, cases }, null, 2)}\n`);
  for (const problem of corpusProblems(CASES, { recordedWith, cases })) console.log(`problem   ${problem}`);
  console.log(`wrote ${VERDICTS_FILE}`);
}
process.exitCode = review > 0 ? 1 : 0;

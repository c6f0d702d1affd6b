/**
 * The explanatory text of `bench/README.md`, which `bench/report.ts` puts around the tables it
 * builds from `bench/gas.json`. Edit the text here: the page itself is overwritten by each run.
 */

/** Builds the page's title and the list of commands and the files they write. */
export function introduction(tolerancePercent: number): string {
  return `# Benchmarks

This page is generated from \`bench/gas.json\` by \`bench/report.ts\`, at the end of \`npm run bench\`.
Edit its text in \`bench/reportProse.ts\`, not here.

- \`npm run bench\` runs the gas scenarios, the scale scenario and the CID speed benchmark, records
  every gas figure in \`bench/gas.json\` and writes this page. The gas scenarios are
  \`governance.bench.ts\`, \`membership.bench.ts\`, \`judgment.bench.ts\`, \`colleges.bench.ts\`, \`feeRouter.bench.ts\`,
  \`factory.bench.ts\`, \`federation.bench.ts\` and \`reference.bench.ts\`, one section of
  \`bench/gas.json\` each. The section \`size (bytes)\` holds the deployed size of every contract.
- \`npm run bench:check\` runs the gas scenarios only, not the scale scenario nor the speed benchmark,
  and compares each figure with \`bench/gas.json\`. It fails when a step costs more than
  ${tolerancePercent}% over its committed figure, or when a step is missing from the file, and names each
  step with both figures. It prints decreases, increases within the tolerance and steps that the
  file still lists but the run no longer measures, without failing. CI runs it after \`npm test\`.
- \`npm run bench:scale\` runs the scale scenario alone and records its \`scale\` section.

After an intended change of cost, run \`npm run bench\` and commit \`bench/gas.json\` and this page
with the change. The figures are deterministic: the Hardhat network gives the same gas for the
same code, compiler settings, hardfork and scenario on any machine. The order of the scenario files
is part of the scenario, because contract addresses and proposal ids depend on what ran before, and
a zero byte of calldata costs 4 gas where another byte costs 16. So a scenario file run alone with
\`npx hardhat test\` can differ by a few gas, within the tolerance. The environment below matters for
the CID throughput and for how long the run takes, not for the gas.`;
}

/** The heading and setup of the comparison with the OpenZeppelin reference. */
export const comparisonIntroduction = `## Comparison with a plain OpenZeppelin governor

\`reference.bench.ts\` runs the same decision on the cooperative's \`CoopGovernor\`, behind its
ERC-1967 proxy, and on \`ReferenceGovernor\` (\`contracts/mocks/reference/\`). The reference is a
non-upgradeable OpenZeppelin 5 \`Governor\` with \`GovernorSettings\`, \`GovernorCountingSimple\`,
\`GovernorVotes\` over an \`ERC20Votes\` token on timestamps (\`ReferenceVotesToken\`),
\`GovernorVotesQuorumFraction\` and \`GovernorTimelockControl\` over a \`TimelockController\`. Both
have the same five voters with one vote each, a 60-second voting delay, a one-day voting period, a
25% quorum and a one-hour timelock delay. Each governor is the only proposer, canceller and executor
of its timelock. The proposal is the same on both sides: one action that sets the governor's own
voting delay to 120 seconds, with the same description, which cites a document by its \`ipfs://\`
URI. All five vote for, and the third vote is signed and sent by another account.

On the cooperative's governor a change of a governor setting is an extraordinary proposal, with a
50% quorum and a two-thirds majority, so its third vote reaches quorum. The reference reaches its 25%
quorum with the second vote.

The FeeRouter rows divide an ERC-20 payment by a plain \`transferFrom\` of the same token
(\`TokenMock\`, an OpenZeppelin \`ERC20\`) in the same storage conditions (see
[Fee router](#fee-router)). The last row compares the deployed sizes of the two governors. The
ratio is ours divided by the reference.`;

/** Explanation of the extra gas of the cooperative's governor, from reading its code. */
export const comparisonExplanation = `### Where the difference comes from

These reasons come from reading \`CoopGovernor\`, \`CoopCharter\` and \`CoopMembership\`, not from a
trace of each step.

- **Proxies.** Every call to the cooperative's governor, membership register and charter goes through
  an ERC-1967 proxy. The proxy reads the implementation slot and makes a \`delegatecall\` to a cold
  implementation account, about 4,700 gas for each contract that a step touches for the first time.
- **propose** also checks that the proposer is still a member, a call to the membership proxy. Then
  the charter records the proposal. It extracts the document's CID from the description, validates its
  structure and emits it in \`ProposalRecorded\`. It classes each action as ordinary or
  extraordinary, pins the code hash of each target and, for a proxy, its implementation, and stores
  the extraordinary quorum and majority in force. Each of these records writes a new storage slot,
  22,100 gas for a cold write from zero. The reference stores only its own proposal record.
- **castVote** checks that the voter is still a member, another call to the membership proxy, before
  counting. The late-quorum extension (\`GovernorPreventLateQuorum\`) checks quorum after each vote
  until it is reached. That check reads the total weight at the snapshot from the membership's
  checkpoints and asks the charter for the extraordinary quorum. The vote that first reaches quorum
  also stores the extended deadline, which is why the third vote costs the most here. The first vote
  on either governor writes the proposal's tally slots from zero.
- **castVoteBySig** pays for the same checks, and here it is also the vote that reaches quorum. Both
  governors write the voter's signature nonce from zero. Ours keys it by proposal
  (\`GovernorNoncesKeyed\`), so a member can sign votes on several proposals in any order.
- **queue** computes the outcome with the extraordinary rules, which reads the snapshot's total
  weight and calls the charter, before both governors schedule the batch in their timelock.
- **execute** asks the charter to compare each target's code hash and implementation with those pinned
  at proposal time, so a target that changed since the vote is not called.
- **Size.** Fractional counting, late-quorum protection, keyed nonces, UUPS upgrades and the charter
  hooks make the cooperative's governor larger, close to the 24,576-byte limit of EIP-170.
- **Payments.** The fee router moves the tokens twice (payer to router, router to payee), checks
  the payee's membership, updates the fee pots and emits an event (see [Fee router](#fee-router)).`;

/** The deployment section's text. */
export const deployment = `## Cooperative deployment

\`factory.bench.ts\` deploys the test cooperative of five founders with the default settings twice:
once with \`CoopFactory.createCooperative\` and once with \`deployCooperative\`, whose figure is the
sum of its seven transactions. Neither figure includes the shared implementations or the factory,
which a network deploys once. One transaction in place of seven saves six base fees of 21,000 gas,
and the factory pays for two registry writes and the CREATE2 hashing in return.
\`test/factory/gas.test.ts\` fails if the factory ever costs more than 120% of the direct deployment.`;

/** The membership section's text. */
export const membership = `## Membership

\`membership.bench.ts\` admits newcomers to the test cooperative from the timelock's impersonated
account, the call that executing an admission proposal makes, and subscribes share capital in ETH
at the default nominal value of 0.01 ether. The cooperative's first subscription writes its share
totals and highest capital from zero. A member's first subscription writes their holding from zero,
and a repeat adds to it. Under the Open admission policy with no probation, a newcomer who
subscribes the minimum of shares is admitted in the same transaction.`;

/** The governance section's text. */
export const governance = `## Yes/no decisions

\`governance.bench.ts\` runs two decisions of the test cooperative of five founders. The ordinary one
admits a newcomer: the first vote writes the proposal's tally from zero, and the others vote with a
reason, by signature (sent by another account) and by a fractional signed vote. The extraordinary
one changes the voting delay, with four votes for before the measured vote against.`;

/** The majority-judgment section's text. */
export const judgment = `## Majority judgment

\`judgment.bench.ts\` measures ballots on 2, 5, 10 and 20 options on the default scale of six grades.
The first ballot of a proposal writes the histogram slots of each option from zero, so it costs
more than later ballots. On 5 options it also measures a replaced ballot, a signed ballot sent by
another account and a fractional ballot. The count of 20 options on 7 grades is estimated twice
with \`estimateGas\`: \`outcome\` on the governor after five ballots, and \`rank\` of
\`MajorityJudgmentRanker\` on the same tallies. A three-option decision, whose winner admits a
member, is then queued and executed through the timelock.`;

/** The colleges section's text, before its table. */
export const colleges = `## Votes by college

\`colleges.bench.ts\` measures the same steps in a SCIC of fifteen members in four colleges, whose
charter names a colleges module: each vote or ballot is also recorded in the voter's college by the
module, one external call from the governor. The first vote of a proposal also fixes the
configuration of its tally. \`state\` after the deadline and \`outcome\` read the college-weighted
result from the module, and are estimated with \`estimateGas\`.`;

/** The fee router section's text, before its table. */
export const feeRouter = `## Fee router

\`feeRouter.bench.ts\` deploys the test cooperative of five founders and its own FeeRouter proxy, with a
1% service fee, 0.1% dues and the timelock as governor and as recipient of both pots. Each payment is
100 units of a 6-decimal token (\`TokenMock\`, or \`PermitTokenMock\` for permits) or 0.1 ETH, carries
no order CID unless the step says so, and goes to an EOA. A member is a founder, and a non-member is
any other signer. In \`pay\` the payer's balance and allowance stay above zero, so \`transferFrom\`
lowers both without clearing them. The plain transfers run under the same conditions: the owner
keeps a balance and a finite allowance, and the spender is an EOA.

The cost of a storage write depends on whether the slot was zero, so the steps name the balances
that matter, and the benchmark checks the zero balances before measuring:

- _router's first payment_: the router's token balance, both pots and the payee's balance are zero;
- _new payee_ or _new recipient_: the payee's or recipient's token balance is zero;
- _repeat_: the same transfer again, so every balance it writes is already above zero.

After its first payment in a token the router keeps the accrued fees, so its own balance stays above
zero until a fee release. ETH payees are funded accounts. A payee address with no balance, nonce or
code would cost 25,000 gas more, the charge for sending value to a new account.

\`payWithPermit\` runs after a payment by approval, so the router's balance, its pots and the payee's
balance are above zero, as in a repeat payment. Its token is \`PermitTokenMock\`, and the permit sets
an allowance of the exact amount, which the payment spends to zero. The payer's first permit writes
its nonce from zero.

A credit needs a payee that cannot receive. For ERC-20 it is a payee that \`BlocklistTokenMock\`
blocks, which withdraws the credit to an address of its choice. For ETH it is an
\`EtherReceiverMock\` that rejects ETH, which withdraws from its own address. The blocklist token
checks its blocklist on every transfer, so its figures are a little higher than those of \`TokenMock\`.`;

/** Builds the fee router section's text after its table: the router's own work and its parts. */
export function feeRouterWork(member: string, nonMember: string): string {
  return `The sum of a plain \`transferFrom\` and a plain \`transfer\` pays the 21,000-gas transaction base
cost twice, and a payment pays it once. So the router's own work is the payment minus that sum plus
21,000: ${member} gas for a member and ${nonMember} for a non-member in the repeat case, in the
figures above. A non-member payment costs less, mostly because it leaves the dues pot alone, but it
still looks up the membership, because the dues depend on it.

A \`debug_traceTransaction\` of \`pay (ERC-20, member, repeat)\` at the commit that added the fee
router benchmark showed where most of that work went. \`npm run bench\` does not repeat the trace,
so these parts are from that commit:

| Part                                                                        | Gas    |
| --------------------------------------------------------------------------- | ------ |
| membership lookup: \`isMember\` through the membership proxy                  | 10,293 |
| two pot updates: a cold read (2,100) and a write (2,900) each               | 10,000 |
| the FeeRouter proxy: implementation slot and cold implementation account    | 4,700  |
| reads of the token's \`accepted\` flag and of the fee settings                | 4,200  |
| the \`PaymentMade\` event                                                     | 3,667  |
| cold access to the token contract, which a plain transfer calls directly    | 2,600  |
| the two \`balanceOf\` reads of balance-difference accounting, net (see below) | 1,118  |

The two \`balanceOf\` calls cost 5,818 gas in all. The first one pays the cold token account, counted
in the row above, and the cold read of the router's balance slot, which the \`transferFrom\` would pay
otherwise. Without those two, the reads cost 1,118 gas. ABI decoding, the two fee multiplications
and the reentrancy lock take the rest.`;
}

/** The federation section's text. */
export const federation = `## Federations

\`federation.bench.ts\` uses the federation of two cooperatives (three and five members) with a weight
of 1,000,000 each. A yes/no federation proposal and a majority judgment between three options on
six grades are mirrored into the five-member cooperative, whose members vote, and the results are
cast upward. Mirroring reads the proposal's details from calldata and stores the mirror and its
document CID. A member's first vote on a mirror writes the zero slots of the tally, so it costs more
than the last. Casting upward reads the counts, splits the cooperative's weight and votes in the
federation's governor. No step reads more than the options and grades of the proposal, whatever the
number of members or voters.`;

/** The scale section's text. */
export const scale = `## Scale: 1,000 voters

\`scale.bench.ts\` admits 1,000 members to the test cooperative of five founders, one transaction
each from the timelock's impersonated account, the call that executing an admission proposal
makes. The 1,000 members then vote on a yes/no proposal, the ordinary one of the
[yes/no decisions](#yesno-decisions), two votes in three for. They also grade a majority judgment of
20 options on 7 grades, as in the count of the [majority judgment](#majority-judgment) section. The
scenario records the first and the 1,000th vote on each proposal and the tally after the vote:
\`state\` and \`outcome\` estimated with \`estimateGas\`, and the queue and execution of the yes/no
proposal. \`npm run bench:check\` leaves this scenario out.`;

/** The text before the table that pairs scale figures with five-voter ones. */
export const scaleComparison = `The same steps with five members come from the sections above. The five-member \`castVote\`
there is the last vote of the reference comparison's proposal, which is past its quorum, like the
1,000th vote here.`;

/** Explanation of the scale figures that stay flat and of those that grow. */
export const scaleExplanation = `Nothing in a vote or a tally loops over members or voters. A vote writes the voter's own
record and adds to the proposal's counts. A majority-judgment ballot adds one to one histogram slot
per option, and \`outcome\` ranks from the histograms, in a number of steps set by the options and
grades. So the 1,000th vote costs within a few dozen gas of the last of five. The first vote of 1,000 costs more than the last because it writes the proposal's
tally from zero, and, before quorum, each vote checks quorum against the total weight at the
snapshot. The first of five votes is not comparable, because it already reaches the 25% quorum of
five members and stores the late-quorum deadline.

What grows is the lookup of the total weight at the snapshot, which \`state\`, \`queue\`,
\`execute\` and \`outcome\` make to compute quorum. The membership stores a checkpoint of the total
weight at each admission made at a distinct time, 1,005 here. The lookup is a binary search over
them, so its cost grows with the logarithm of the number of admissions, never with turnout. The
rest of the \`outcome\` difference comes from the grades, which differ between the two scenarios.
The ranking reads the same histogram slots, but how far each median search walks up the grades and
how many comparisons the insertion sort makes depend on the grades given, not on how many ballots
gave them.`;

/** Builds the text that derives how many founders one `initialize` can admit. */
export function founderCapacity(perFounder: string, fixed: string, capacity: string): string {
  return `Founders admitted by \`CoopMembership.initialize\` would save the admission transactions, but they
all go in the one transaction that deploys the membership proxy. The two deployments above cost
about ${perFounder} gas per founder on top of ${fixed} gas. From the Osaka hardfork on, which the
Hardhat network applies, EIP-7825 caps a transaction at 16,777,216 gas whatever the block gas limit.
So one transaction admits about ${capacity} founders at most, by linear extrapolation from the two
deployments, and 1,000 founders would need a network without that cap.`;
}

/** The sizes section's text. */
export const sizes = `## Contract sizes

The deployed (runtime) bytecode of every contract outside \`contracts/mocks/\`, and of the
OpenZeppelin reference, read from the compilation artifacts. \`npm run sizes\` fails when one
of ours exceeds the 24,576-byte limit of EIP-170. A library whose functions are all internal keeps
only an 85-byte stub.`;

/** The CID throughput section's text. */
export const cidThroughput = `## CID throughput

\`cidThroughput.bench.ts\` writes a file of 50 MiB of seeded pseudo-random bytes to a temporary
folder. On that file it times \`computeKuboCid\` as a CIDv0 and as a CIDv1, streaming the file, and
\`EmbeddedStore.addFile\` into an empty store in both versions. It also times \`sha256sum\`, and
\`ipfs_cid\` when it is installed. Each row is the best of 3 runs. These are wall-clock times, which
change with the machine and its load, so nothing checks them, and git ignores the
\`bench/cid-throughput.md\` that \`npm run bench\` writes.`;

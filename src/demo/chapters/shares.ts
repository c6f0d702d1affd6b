import { eth, heading, requireBakers, step, type DemoContext, type Person } from "../context";

/** Shares that each member of Riverside Bakers subscribes, by position: Amina, Bruno, Chloé, then Farid. */
const SUBSCRIBED_SHARES = [4n, 2n, 3n, 1n];

/** Chapter 3: each member pays for their shares in ETH, and the share capital grows. */
export async function shareSubscriptions(context: DemoContext): Promise<void> {
  heading(3, "Share subscriptions", "Souscription des parts");
  const bakers = requireBakers(context);
  const { shares } = bakers.contracts;
  const nominalValue = await shares.nominalValue();
  const members: Person[] = [...bakers.founders, context.cast.applicant];
  context.record.subscriptions = [];

  for (const [index, member] of members.entries()) {
    const count = SUBSCRIBED_SHARES[index];
    await (await shares.connect(member.signer).subscribe(count, { value: count * nominalValue })).wait();
    step(`${member.name.padEnd(7)} subscribes ${count} share(s) for ${eth(count * nominalValue)}`);
    context.record.subscriptions.push({ member: member.address, shares: count.toString() });
  }
  step(`share capital: ${await shares.totalShares()} shares, ${eth(await shares.capital())}`);
}

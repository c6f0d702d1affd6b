import { advanceTo, isoTime, latestTimestamp } from "../../chain/time";
import { eth, heading, requireBakers, step, who, type DemoContext } from "../context";

/**
 * Chapter 8: a founder resigns. Her shares are queued for redemption, and once the notice period has
 * passed anyone pays the due redemptions from the share capital.
 */
export async function memberLeaving(context: DemoContext): Promise<void> {
  heading(8, "A member leaves", "Départ d'un membre");
  const bakers = requireBakers(context);
  const { membership, shares } = bakers.contracts;
  const leaver = bakers.founders[2];
  const heldShares = await shares.sharesOf(leaver.address);

  await (await membership.connect(leaver.signer).resign()).wait();
  const noticePeriod = await shares.noticePeriod();
  const dueAt = (await latestTimestamp(context.provider)) + noticePeriod;
  step(`${who(leaver)} resigns; her ${heldShares} share(s) are queued for redemption`);
  step(`member: ${await membership.isMember(leaver.address)}, members: ${await membership.memberCount()}`);
  step(`notice period ${noticePeriod / 86_400n} days: repaid from ${isoTime(dueAt)}`);

  await advanceTo(context.provider, dueAt);
  const before = await context.provider.getBalance(leaver.address);
  await (await shares.connect(context.cast.deployer.signer).payDue(10)).wait();
  const after = await context.provider.getBalance(leaver.address);
  step(`after the notice period, anyone pays the due redemptions: ${leaver.name} receives ${eth(after - before)}`);
  step(`share capital: ${await shares.totalShares()} shares, ${eth(await shares.capital())}`);
  context.record.leaving = {
    member: leaver.address,
    shares: heldShares.toString(),
    refund: (after - before).toString(),
  };
}

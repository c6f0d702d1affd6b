import { ZeroAddress, parseEther, parseUnits } from "ethers";

import { formatBps } from "../../cli/amounts";
import { paymentsIn, releasesIn, type FeeRelease, type Payment } from "../../payments/feeRouter";
import { eth, heading, requireBakers, step, tokens, type DemoContext } from "../context";

/** The customer's ETH payment for a bread order, and their tEUR payment for a cake order. */
const ETHER_ORDER = parseEther("0.5");
const EURO_ORDER = parseUnits("120", 6);

/** Words for the fee router's pots in the demo's output. */
const POT_NAMES: Record<FeeRelease["pot"], string> = { serviceFees: "service fees", dues: "dues" };

/**
 * Chapter 6: a customer pays a member through the cooperative's fee router, once in ETH and once in
 * Test Euro. The router keeps the service fee and the dues and pays the member the rest, and anyone
 * then releases the fees to the treasury.
 */
export async function marketplacePayments(context: DemoContext): Promise<void> {
  heading(6, "Marketplace payments", "Paiements sur la place de marché");
  const bakers = requireBakers(context);
  const { feeRouter } = bakers.contracts;
  const { customer, applicant: baker, deployer } = context.cast;
  const euro = context.euro;
  if (euro === undefined) throw new Error("The Test Euro token is not deployed: run chapter 4 first.");
  const euroAddress = await euro.getAddress();
  const timelock = bakers.addresses.timelock;
  step(
    `fees: service fee ${formatBps(await feeRouter.serviceFeeBps())}, dues ${formatBps(await feeRouter.duesBps())} of payments to members`,
  );

  const etherReceipt = await (
    await feeRouter.connect(customer.signer).payEther(baker.address, "0x", { value: ETHER_ORDER })
  ).wait();
  if (etherReceipt === null) throw new Error("No receipt for the ETH payment.");
  const [etherPayment] = await paymentsIn(feeRouter, etherReceipt);
  step(`${customer.name} pays ${baker.name} ${eth(ETHER_ORDER)} for a bread order:`);
  describePayment(etherPayment, eth);

  await (await euro.connect(customer.signer).approve(bakers.addresses.feeRouter, EURO_ORDER)).wait();
  const euroReceipt = await (
    await feeRouter.connect(customer.signer).pay(baker.address, euroAddress, EURO_ORDER, "0x")
  ).wait();
  if (euroReceipt === null) throw new Error("No receipt for the tEUR payment.");
  const [euroPayment] = await paymentsIn(feeRouter, euroReceipt);
  const asEuro = (amount: bigint): string => tokens(amount, 6, "tEUR");
  step(`${customer.name} pays ${baker.name} ${asEuro(EURO_ORDER)} for a wedding cake:`);
  describePayment(euroPayment, asEuro);

  const treasuryEther = await context.provider.getBalance(timelock);
  const treasuryEuro = await euro.balanceOf(timelock);
  for (const [token, format] of [
    [ZeroAddress, eth],
    [euroAddress, asEuro],
  ] as const) {
    const receipt = await (await feeRouter.connect(deployer.signer).releaseFees(token)).wait();
    if (receipt === null) throw new Error("No receipt for the release of fees.");
    const released = (await releasesIn(feeRouter, receipt)).map(
      (release) => `${POT_NAMES[release.pot]} ${format(release.amount)}`,
    );
    step(`anyone releases the fees to the treasury: ${released.join(", ")}`);
  }
  step(
    `treasury: ${eth(treasuryEther)} -> ${eth(await context.provider.getBalance(timelock))}, ` +
      `${asEuro(treasuryEuro)} -> ${asEuro(await euro.balanceOf(timelock))}`,
  );

  const summary = (payment: Payment): { amount: string; serviceFee: string; dues: string; net: string } => ({
    amount: payment.amount.toString(),
    serviceFee: payment.serviceFee.toString(),
    dues: payment.dues.toString(),
    net: payment.net.toString(),
  });
  context.record.payments = { payee: baker.address, ether: summary(etherPayment), euro: summary(euroPayment) };
}

function describePayment(payment: Payment, format: (amount: bigint) => string): void {
  step(
    `  service fee ${format(payment.serviceFee)}, dues ${format(payment.dues)}, ${payment.credited ? "credited" : "paid"} to the baker ${format(payment.net)}`,
  );
}

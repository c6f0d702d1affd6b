import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import fc from "fast-check";

import { LocalCurrencyTokenMock__factory, type LocalCurrencyTokenMock } from "../../typechain-types";
import { UNDER_COVERAGE } from "../helpers/coverage";
import {
  BPS,
  DUES_BPS,
  NO_ORDER,
  SERVICE_FEE_BPS,
  deployRouterFixture,
  paymentOf,
  type RouterFixture,
} from "../helpers/feeRouterAttacks";

/**
 * Rounding in a currency counted in cents. Both fees round down, so no payment is charged above
 * the rate and the payee keeps the fractions of a cent. These tests pin down what that costs the
 * cooperative in a 2-decimal token: small payments pay little or nothing, and each fee falls short
 * of its rate by less than one cent.
 */

/** Cents the payer holds: enough for every payment of these tests. */
const PAYER_FUNDS = 10n ** 30n;

interface CentsFixture extends RouterFixture {
  token: LocalCurrencyTokenMock;
  tokenAddress: string;
}

async function deployCentsFixture(): Promise<CentsFixture> {
  const [deployer] = await ethers.getSigners();
  const token = await new LocalCurrencyTokenMock__factory(deployer).deploy();
  const tokenAddress = await token.getAddress();
  const fixture = await deployRouterFixture([tokenAddress]);
  const payer = fixture.outsiders[0];
  await token.mint(payer.address, PAYER_FUNDS);
  await token.connect(payer).approve(fixture.routerAddress, PAYER_FUNDS);
  return { ...fixture, token, tokenAddress };
}

/** Pays `cents` from the first outsider to the second founder, a member, and returns the split. */
async function payMember(fixture: CentsFixture, cents: bigint) {
  const { router, tokenAddress, founders, outsiders } = fixture;
  const tx = await router.connect(outsiders[0]).pay(founders[1].address, tokenAddress, cents, NO_ORDER);
  return paymentOf(router, await tx.wait());
}

describe("FeeRouter rounding in cents", function () {
  const cases = [
    { cents: 99n, serviceFee: 0n, dues: 0n, label: "charges nothing below 1.00" },
    { cents: 100n, serviceFee: 1n, dues: 0n, label: "charges one cent at 1.00" },
    { cents: 999n, serviceFee: 9n, dues: 0n, label: "charges no dues below 10.00" },
    { cents: 1_000n, serviceFee: 10n, dues: 1n, label: "charges both at 10.00" },
    { cents: 1_999n, serviceFee: 19n, dues: 1n, label: "keeps fractions for payee" },
  ];

  for (const { cents, serviceFee, dues, label } of cases) {
    it(label, async function () {
      const fixture = await loadFixture(deployCentsFixture);

      const split = await payMember(fixture, cents);

      expect([split.serviceFee, split.dues], "fees").to.deep.equal([serviceFee, dues]);
      expect(split.net, "payee").to.equal(cents - serviceFee - dues);
    });
  }

  it("lets split payments skip the fee", async function () {
    const fixture = await loadFixture(deployCentsFixture);

    // 101 payments of 0.99 carry 99.99 and no fee, while one payment of 99.99 pays 0.99 and 0.09.
    let fees = 0n;
    for (let i = 0; i < 101; i++) {
      const split = await payMember(fixture, 99n);
      fees += split.serviceFee + split.dues;
    }
    const whole = await payMember(fixture, 9_999n);

    expect(fees, "split").to.equal(0n);
    expect(whole.serviceFee + whole.dues, "whole").to.equal(108n);
  });

  it("never charges above the rate", async function () {
    const fixture = await loadFixture(deployCentsFixture);

    await fc.assert(
      fc.asyncProperty(fc.bigInt({ min: 1n, max: 10n ** 12n }), async (cents) => {
        const [serviceFee, dues] = await fixture.router.quote(fixture.founders[1].address, cents);

        // Each fee is at most its exact share, and short of it by less than one cent.
        expect(serviceFee * BPS <= cents * SERVICE_FEE_BPS, "service fee at most the rate").to.equal(true);
        expect(cents * SERVICE_FEE_BPS - serviceFee * BPS < BPS, "service fee short by under a cent").to.equal(true);
        expect(dues * BPS <= cents * DUES_BPS, "dues at most the rate").to.equal(true);
        expect(cents * DUES_BPS - dues * BPS < BPS, "dues short by under a cent").to.equal(true);
      }),
      { seed: 20_261_207, numRuns: UNDER_COVERAGE ? 20 : 300 },
    );
  });
});

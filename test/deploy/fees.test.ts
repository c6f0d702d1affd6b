import { expect } from "chai";
import { ethers } from "hardhat";
import { ZeroAddress } from "ethers";

import {
  DEFAULT_FEES,
  DEFAULT_SETTINGS,
  MAX_DUES_BPS,
  MAX_SERVICE_FEE_BPS,
  deployCooperative,
  validateFees,
  validateParams,
  type CooperativeParams,
  type FeeParams,
  type Implementations,
} from "../../src/deploy/cooperative";

const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const RECIPIENT = "0x70997970C51812dc3A010C7d01b50e0d17dc79C8";

/** Implementations that these tests never reach: parameters are checked before any deployment. */
const UNUSED_IMPLEMENTATIONS: Implementations = {
  membership: ZeroAddress,
  governor: ZeroAddress,
  shares: ZeroAddress,
  charter: ZeroAddress,
  judgment: ZeroAddress,
  feeRouter: ZeroAddress,
};

/** Parameters of a valid cooperative with one founder, to which a test adds fees. */
const PARAMS: CooperativeParams = {
  name: "Fee Coop",
  symbol: "FEE",
  founders: [RECIPIENT],
  settings: DEFAULT_SETTINGS,
};

describe("validateFees", function () {
  it("accepts the default fees", function () {
    expect(() => validateFees(DEFAULT_FEES)).to.not.throw();
    expect(DEFAULT_FEES).to.deep.equal({ serviceFeeBps: 100, duesBps: 10, tokens: [] });
  });

  it("accepts the caps, zero rates and recipients", function () {
    const fees: FeeParams = {
      serviceFeeBps: MAX_SERVICE_FEE_BPS,
      duesBps: MAX_DUES_BPS,
      serviceFeeRecipient: RECIPIENT,
      duesRecipient: RECIPIENT.toLowerCase(),
      tokens: [TOKEN],
    };

    expect(() => validateFees(fees)).to.not.throw();
    expect(() => validateFees({ ...DEFAULT_FEES, serviceFeeBps: 0, duesBps: 0 })).to.not.throw();
  });

  it("names invalid fee field", function () {
    const invalid: [Partial<FeeParams>, RegExp][] = [
      [{ serviceFeeBps: MAX_SERVICE_FEE_BPS + 1 }, /^Invalid fees\.serviceFeeBps 1001: expected .* 0 to 1000\.$/],
      [{ serviceFeeBps: -1 }, /^Invalid fees\.serviceFeeBps -1/],
      [{ serviceFeeBps: 1.5 }, /^Invalid fees\.serviceFeeBps 1\.5/],
      [{ duesBps: MAX_DUES_BPS + 1 }, /^Invalid fees\.duesBps 501: expected .* 0 to 500\.$/],
      [{ duesBps: Number.NaN }, /^Invalid fees\.duesBps NaN/],
      [{ serviceFeeRecipient: "0x1234" }, /^Invalid fees\.serviceFeeRecipient "0x1234"/],
      [{ serviceFeeRecipient: ZeroAddress }, /^Invalid fees\.serviceFeeRecipient .*not the zero address/],
      [{ duesRecipient: "timelock" }, /^Invalid fees\.duesRecipient "timelock"/],
      [{ duesRecipient: ZeroAddress }, /^Invalid fees\.duesRecipient /],
      [{ tokens: ["ETH"] }, /^Invalid fees\.tokens entry "ETH": .*ETH is always accepted\.$/],
      [{ tokens: [ZeroAddress] }, /^Invalid fees\.tokens entry "0x0{40}"/],
      [{ tokens: [TOKEN, TOKEN.toLowerCase()] }, /^Invalid fees\.tokens: 0x5fbdb.* is listed twice\./],
    ];

    for (const [change, message] of invalid) {
      expect(() => validateFees({ ...DEFAULT_FEES, ...change }), message.source).to.throw(message);
    }
  });

  it("rejects a checksum typo in a token", function () {
    const typo = TOKEN.replace("F", "f");

    expect(() => validateFees({ ...DEFAULT_FEES, tokens: [typo] })).to.throw(/^Invalid fees\.tokens entry/);
  });

  it("runs as part of validateParams", function () {
    expect(() => validateParams({ ...PARAMS, fees: { ...DEFAULT_FEES, duesBps: 600 } })).to.throw(
      /^Invalid fees\.duesBps 600/,
    );
    expect(() => validateParams(PARAMS)).to.not.throw();
  });

  it("rejects invalid fees before deploying", async function () {
    const [deployer] = await ethers.getSigners();
    const nonce = await ethers.provider.getTransactionCount(deployer.address);

    await expect(
      deployCooperative(deployer, UNUSED_IMPLEMENTATIONS, {
        ...PARAMS,
        fees: { ...DEFAULT_FEES, serviceFeeBps: 2_000 },
      }),
    ).to.be.rejectedWith(/fees\.serviceFeeBps 2000/);
    expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
  });

  it("rejects a fee token without code before deploying", async function () {
    const [deployer] = await ethers.getSigners();
    const nonce = await ethers.provider.getTransactionCount(deployer.address);

    await expect(
      deployCooperative(deployer, UNUSED_IMPLEMENTATIONS, {
        ...PARAMS,
        fees: { ...DEFAULT_FEES, tokens: [RECIPIENT] },
      }),
    ).to.be.rejectedWith(`Invalid fees.tokens ${RECIPIENT}: no contract at that address`);
    expect(await ethers.provider.getTransactionCount(deployer.address)).to.equal(nonce);
  });
});

import { expect } from "chai";
import { ZeroAddress } from "ethers";

import { checkPayee, type PayeeContext } from "../../src/payments/payee";

const PAYER = "0x15d34AAf54267DB7D7c367839AAf71A00a2C6A65";
const SELLER = "0x9965507D1a55bcC2695C58ba16FB37d819B0A4dc";
const TOKEN = "0x5FbDB2315678afecb367f032d93F642f64180aa3";
const TIMELOCK = "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512";
const MEMBERSHIP = "0x9fE46736679d2D9a65F0992F2272dE9f3c7fa6e0";
const ROUTER_IMPLEMENTATION = "0xCf7Ed3AccA5a467e9e704C703E8D87F634fB0Fc9";

function context(overrides: Partial<PayeeContext>): PayeeContext {
  return {
    payee: SELLER,
    payer: PAYER,
    token: TOKEN,
    timelock: TIMELOCK,
    ownContracts: new Map([
      [MEMBERSHIP, "membership register"],
      [ROUTER_IMPLEMENTATION, "fee router implementation"],
    ]),
    payeeHasCode: false,
    ...overrides,
  };
}

describe("checkPayee", function () {
  it("accepts an account without notes", function () {
    expect(checkPayee(context({}))).to.deep.equal({ notes: [] });
  });

  it("rejects the payer", function () {
    const check = checkPayee(context({ payee: PAYER.toLowerCase() }));

    expect(check.rejection).to.include(`Invalid --to ${PAYER}: that is the paying account itself`);
  });

  it("rejects the token contract", function () {
    const check = checkPayee(context({ payee: TOKEN, payeeHasCode: true }));

    expect(check.rejection).to.include(`Invalid --to ${TOKEN}: that is the token contract itself`);
  });

  it("allows the ETH placeholder as no token", function () {
    expect(checkPayee(context({ token: ZeroAddress })).rejection).to.be.undefined;
  });

  it("rejects the cooperative's contracts", function () {
    for (const [address, name] of [
      [MEMBERSHIP, "membership register"],
      [ROUTER_IMPLEMENTATION, "fee router implementation"],
    ]) {
      const check = checkPayee(context({ payee: address.toLowerCase(), payeeHasCode: true }));

      expect(check.rejection, name).to.include(`that is the cooperative's ${name}`);
      expect(check.rejection, name).to.include(`the timelock ${TIMELOCK}`);
    }
  });

  it("notes a payment to the timelock", function () {
    const check = checkPayee(context({ payee: TIMELOCK, payeeHasCode: true }));

    expect(check.rejection).to.be.undefined;
    expect(check.notes).to.have.length(1);
    expect(check.notes[0]).to.include("this pays the cooperative's treasury");
    expect(check.notes[0]).to.include("fee and dues still apply");
  });

  it("warns about another contract", function () {
    const check = checkPayee(context({ payeeHasCode: true }));

    expect(check.rejection).to.be.undefined;
    expect(check.notes[0]).to.include(`Warning: ${SELLER} is a contract`);
    expect(check.notes[0]).to.include("calling withdrawCredit");
  });
});

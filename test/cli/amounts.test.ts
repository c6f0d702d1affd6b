import { expect } from "chai";
import { ZeroAddress } from "ethers";

import { formatAmount, formatBps, parseAmount, type TokenUnits } from "../../src/cli/amounts";

const ETH: TokenUnits = { address: ZeroAddress, symbol: "ETH", decimals: 18 };
const EURO: TokenUnits = { address: "0x5FbDB2315678afecb367f032d93F642f64180aa3", symbol: "tEUR", decimals: 6 };
const CENTS: TokenUnits = { address: "0xe7f1725E7734CE288F8367e1Bb143E90bb3F0512", symbol: "CENT", decimals: 2 };
const RAW: TokenUnits = { address: EURO.address, symbol: `units of ${EURO.address}`, decimals: 0 };

describe("parseAmount", function () {
  it("parses human units", function () {
    expect(parseAmount("1", ETH)).to.equal(10n ** 18n);
    expect(parseAmount("0.5", ETH)).to.equal(5n * 10n ** 17n);
    expect(parseAmount("12.345678", EURO)).to.equal(12_345_678n);
    expect(parseAmount("0.000001", EURO)).to.equal(1n);
    expect(parseAmount("0.99", CENTS)).to.equal(99n);
    expect(parseAmount("42", RAW)).to.equal(42n);
  });

  it("returns zero for a zero amount", function () {
    expect(parseAmount("0", ETH)).to.equal(0n);
    expect(parseAmount("0.000", EURO)).to.equal(0n);
  });

  it("accepts trailing zeros past the decimals", function () {
    expect(parseAmount("1.2300000", EURO)).to.equal(1_230_000n);
    expect(parseAmount(" 7 ", CENTS)).to.equal(700n);
  });

  it("rejects too many decimals", function () {
    expect(() => parseAmount("1.2345678", EURO)).to.throw("tEUR has 6 decimals, no more");
    expect(() => parseAmount("0.001", CENTS)).to.throw("round the amount to 2 decimals");
    expect(() => parseAmount("1.5", RAW)).to.throw("takes whole units only");
  });

  it("rejects malformed amounts", function () {
    for (const text of ["", "-1", "1,5", "1e18", "1.", ".5", "1 ETH", "0x10", "1_000"]) {
      expect(() => parseAmount(text, ETH), text).to.throw("expected an amount of ETH as a decimal number");
    }
  });

  it("rejects an amount above uint256", function () {
    const max = (2n ** 256n - 1n).toString();

    expect(parseAmount(max, RAW)).to.equal(2n ** 256n - 1n);
    expect(() => parseAmount(`${max}0`, RAW)).to.throw("above 2^256 - 1");
  });
});

describe("formatAmount", function () {
  it("round-trips parsed amounts", function () {
    expect(formatAmount(parseAmount("12.345678", EURO), EURO)).to.equal("12.345678 tEUR");
    expect(formatAmount(parseAmount("0.01", ETH), ETH)).to.equal("0.01 ETH");
  });
});

describe("formatBps", function () {
  it("formats basis points as percent", function () {
    expect(formatBps(100)).to.equal("1%");
    expect(formatBps(10n)).to.equal("0.1%");
    expect(formatBps(1)).to.equal("0.01%");
    expect(formatBps(0)).to.equal("0%");
    expect(formatBps(1_000)).to.equal("10%");
  });
});

import { expect } from "chai";
import { parseEther, parseUnits } from "ethers";

import { eth, shortAddress, shortId, tokens } from "../../src/demo/context";

describe("demo context", function () {
  describe("shortAddress", function () {
    it("keeps six and four characters", function () {
      expect(shortAddress("0x70997970C51812dc3A010C7d01b50e0d17dc79C8")).to.equal("0x7099…79C8");
    });
  });

  describe("eth", function () {
    it("drops trailing zeros", function () {
      expect(eth(parseEther("1.5"))).to.equal("1.5 ETH");
      expect(eth(parseEther("2"))).to.equal("2 ETH");
    });

    it("keeps six decimals at most", function () {
      expect(eth(parseEther("0.0004945"))).to.equal("0.000494 ETH");
    });
  });

  describe("tokens", function () {
    it("formats six-decimal amounts", function () {
      expect(tokens(parseUnits("118.68", 6), 6, "tEUR")).to.equal("118.68 tEUR");
      expect(tokens(0n, 6, "tEUR")).to.equal("0 tEUR");
    });
  });

  describe("shortId", function () {
    it("shortens long proposal ids", function () {
      expect(shortId(36410524759559325777062896732221368674610749472645853871647255804504569242107n)).to.equal(
        "364105…2107",
      );
    });

    it("keeps short ids whole", function () {
      expect(shortId(42n)).to.equal("42");
    });
  });
});

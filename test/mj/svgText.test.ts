import { expect } from "chai";

import { escapeXml, shortenText } from "../../src/mj/svgText";

describe("svgText", function () {
  describe("escapeXml", function () {
    it("escapes the five special characters", function () {
      expect(escapeXml(`a & b < c > d " e ' f`)).to.equal("a &amp; b &lt; c &gt; d &quot; e &apos; f");
    });

    it("escapes an ampersand once", function () {
      expect(escapeXml("&amp;")).to.equal("&amp;amp;");
    });

    it("replaces control characters", function () {
      expect(escapeXml("a\u0000b\u001Fc")).to.equal("a\uFFFDb\uFFFDc");
    });

    it("keeps tab and line breaks", function () {
      expect(escapeXml("a\tb\nc\rd")).to.equal("a\tb\nc\rd");
    });

    it("replaces lone surrogates", function () {
      expect(escapeXml("a\uD800b\uDC00")).to.equal("a\uFFFDb\uFFFD");
    });

    it("replaces U+FFFE and U+FFFF", function () {
      expect(escapeXml("\uFFFE\uFFFF")).to.equal("\uFFFD\uFFFD");
    });

    it("keeps characters outside the BMP", function () {
      expect(escapeXml("🌱 Très bien")).to.equal("🌱 Très bien");
    });
  });

  describe("shortenText", function () {
    it("keeps short text", function () {
      expect(shortenText("Bakery", 6)).to.equal("Bakery");
    });

    it("ends cut text with an ellipsis", function () {
      expect(shortenText("Bakery", 5)).to.equal("Bake…");
    });

    it("counts code points", function () {
      expect(shortenText("🌱🌱🌱", 3)).to.equal("🌱🌱🌱");
      expect(shortenText("🌱🌱🌱🌱", 3)).to.equal("🌱🌱…");
    });
  });
});

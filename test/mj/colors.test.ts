import { expect } from "chai";

import { gradeColors } from "../../src/mj/colors";
import { MAX_GRADES, MIN_GRADES } from "../../src/mj/grades";

/** Returns the red, green and blue channels of a `#rrggbb` colour. */
function channels(color: string): number[] {
  return [1, 3, 5].map((start) => parseInt(color.slice(start, start + 2), 16));
}

describe("colors", function () {
  describe("gradeColors", function () {
    it("gives one distinct colour per grade", function () {
      for (let count = MIN_GRADES; count <= MAX_GRADES; count++) {
        const colors = gradeColors(count);

        expect(colors, `${count} grades`).to.have.length(count);
        expect(new Set(colors).size, `${count} grades`).to.equal(count);
      }
    });

    it("writes #rrggbb", function () {
      for (const color of gradeColors(MAX_GRADES)) expect(color).to.match(/^#[0-9a-f]{6}$/);
    });

    it("starts red", function () {
      const [red, green, blue] = channels(gradeColors(6)[0]);

      expect(red).to.be.above(2 * green);
      expect(red).to.be.above(2 * blue);
    });

    it("ends green", function () {
      const [red, green, blue] = channels(gradeColors(6)[5]);

      expect(green).to.be.above(2 * red);
      expect(green).to.be.above(2 * blue);
    });

    it("keeps the ends for every size", function () {
      for (let count = MIN_GRADES; count <= MAX_GRADES; count++) {
        const colors = gradeColors(count);

        expect(colors[0], `${count} grades`).to.equal(gradeColors(MIN_GRADES)[0]);
        expect(colors[count - 1], `${count} grades`).to.equal(gradeColors(MIN_GRADES)[1]);
      }
    });

    it("turns greener grade by grade", function () {
      const greenShares = gradeColors(MAX_GRADES).map((color) => {
        const [red, green] = channels(color);
        return green / (red + green);
      });

      for (let grade = 1; grade < MAX_GRADES; grade++) {
        expect(greenShares[grade], `grade ${grade}`).to.be.above(greenShares[grade - 1]);
      }
    });

    for (const count of [1, MAX_GRADES + 1, 3.5]) {
      it(`rejects ${count} grades`, function () {
        expect(() => gradeColors(count)).to.throw(
          Error,
          `Invalid grade count ${count}: expected a whole number from 2 to 16.`,
        );
      });
    }
  });
});

import { expect } from "chai";

import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";

import { CoopMembership__factory, CoopShares__factory, type CoopMembership } from "../../typechain-types";
import { toIpfsUri } from "../../src/ipfs/cidText";
import { loadCoopAddresses } from "../../tasks/lib";
import { impersonate } from "../helpers/accounts";
import { cidV1Sha256 } from "../helpers/cid";
import { EXAMPLE_CONFIG } from "../helpers/config";
import { deployRecordedCoop, failureOf, runTask } from "../helpers/inProcessTask";

/** A document CID, as a member would give it. */
const DOCUMENT = toIpfsUri(cidV1Sha256("An application or a profile"));

/** Seconds of probation under the open admission of the last cases. */
const PROBATION = 86_400;

describe("member tasks of applications, proxies, probation and profiles", function () {
  let forget: () => Promise<void>;
  let membership: CoopMembership;
  let officer: HardhatEthersSigner;
  let founder: HardhatEthersSigner;
  let applicants: HardhatEthersSigner[];

  before(async function () {
    ({ forget } = await deployRecordedCoop("BAKERS", { coopConfig: EXAMPLE_CONFIG, salt: "member-tasks" }));
    const addresses = await loadCoopAddresses(hre, "BAKERS");
    membership = CoopMembership__factory.connect(addresses.membership, ethers.provider);
    const signers = await ethers.getSigners();
    [officer, founder] = [signers[1], signers[2]];
    applicants = signers.slice(5, 10);
    const timelock = await impersonate(addresses.timelock);
    await membership.connect(timelock).setAdmissionsOfficer(officer.address, true);
  });

  after(async function () {
    await forget();
  });

  /** Has `applicant` apply for membership through the task. */
  async function apply(applicant: HardhatEthersSigner): Promise<void> {
    await runTask("member:apply", { cid: DOCUMENT, from: applicant.address });
  }

  it("approves an application", async function () {
    await apply(applicants[0]);
    await runTask("member:approve", { address: applicants[0].address, from: officer.address });

    expect(await membership.isMember(applicants[0].address)).to.equal(true);
  });

  it("refuses an approval from a member who is not an officer", async function () {
    await apply(applicants[1]);

    expect(
      await failureOf(runTask("member:approve", { address: applicants[1].address, from: founder.address })),
    ).to.include(`${founder.address} is not an admissions officer of BAKERS`);
  });

  it("names an account that did not apply", async function () {
    expect(
      await failureOf(runTask("member:approve", { address: applicants[4].address, from: officer.address })),
    ).to.include("has no pending application: they apply first with member:apply");
  });

  it("rejects an application with a reason", async function () {
    const { lines } = await runTask("member:reject", {
      address: applicants[1].address,
      reasonCid: DOCUMENT,
      from: officer.address,
      json: true,
    });

    expect(JSON.parse(lines.join("\n"))).to.include({ applicant: applicants[1].address });
    expect(await membership.hasApplied(applicants[1].address)).to.equal(false);
  });

  it("withdraws an application", async function () {
    await apply(applicants[2]);
    await runTask("member:withdraw-application", { from: applicants[2].address });

    expect(await membership.hasApplied(applicants[2].address)).to.equal(false);
  });

  it("sets a profile", async function () {
    await runTask("member:set-profile", { cid: DOCUMENT, from: founder.address });

    expect((await membership.memberData(founder.address)).profileCid).to.not.equal("0x");
  });

  it("clears a profile", async function () {
    await runTask("member:set-profile", { clear: true, from: founder.address });

    expect((await membership.memberData(founder.address)).profileCid).to.equal("0x");
  });

  it("asks for a profile CID or --clear", async function () {
    expect(await failureOf(runTask("member:set-profile", { from: founder.address }))).to.include(
      "Give either --cid with the profile's CID, or --clear.",
    );
  });

  describe("proxy voting", function () {
    it("names proxy voting that is off", async function () {
      expect(await failureOf(runTask("member:delegate", { to: officer.address, from: founder.address }))).to.include(
        "Proxy voting is off in this cooperative",
      );
    });

    it("gives a vote to a proxy", async function () {
      const timelock = await impersonate(await membership.timelock());
      await membership.connect(timelock).setProxyVoting(true, 1);
      await runTask("member:delegate", { to: officer.address, from: founder.address });

      expect(await membership.delegates(founder.address)).to.equal(officer.address);
    });

    it("names a proxy who represents the most members allowed", async function () {
      const [, , , third] = await ethers.getSigners();

      expect(await failureOf(runTask("member:delegate", { to: officer.address, from: third.address }))).to.include(
        `${officer.address} already represents 1 member, the most the cooperative allows`,
      );
    });

    it("takes a vote back", async function () {
      await runTask("member:delegate", { to: "self", from: founder.address });

      expect(await membership.delegates(founder.address)).to.equal(founder.address);
    });
  });

  describe("probation", function () {
    let newcomer: HardhatEthersSigner;

    before(async function () {
      newcomer = applicants[3];
      const timelock = await impersonate(await membership.timelock());
      await membership.connect(timelock).setAdmissionPolicy(2);
      await membership.connect(timelock).setProbationPeriod(PROBATION);
      const shares = CoopShares__factory.connect(await membership.shares(), newcomer);
      await shares.subscribe(1n, { value: await shares.nominalValue() });
    });

    it("names the end of a probation", async function () {
      expect(await failureOf(runTask("member:activate", { from: newcomer.address }))).to.include(
        `${newcomer.address} is on probation until`,
      );
    });

    it("gives the vote after the probation", async function () {
      await time.increase(PROBATION);
      await runTask("member:activate", { address: newcomer.address, from: founder.address });

      expect(await membership.getVotes(newcomer.address)).to.equal(1n);
    });

    it("names a member who already votes", async function () {
      expect(await failureOf(runTask("member:activate", { address: founder.address }))).to.include(
        "is not on probation: they already vote",
      );
    });
  });
});

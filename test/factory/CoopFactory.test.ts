import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { AbiCoder, ZeroAddress, getCreate2Address, keccak256 } from "ethers";

import {
  CoopCharter__factory,
  CoopFactory__factory,
  CoopGovernor__factory,
  CoopJudgmentGovernor__factory,
  CoopMembership__factory,
  CoopShares__factory,
  FeeRouter__factory,
} from "../../typechain-types";
import {
  DEFAULT_EXTRAORDINARY_RULES,
  ordinaryOperations,
  deployCooperative,
  type Cooperative,
  type CooperativeAddresses,
} from "../../src/deploy/cooperative";
import {
  deployCooperativeWithFactory,
  factorySalt,
  predictCooperative,
  toFactoryConfig,
  type FactoryCooperativeParams,
} from "../../src/deploy/factory";
import { admitAction, passProposal, testDescription } from "../helpers/governance";
import { cidV1Sha256 } from "../helpers/cid";
import {
  TEST_SALT,
  deployFactoryCoopFixture,
  deployFactoryFixture,
  testCoopParams,
  type FactoryCoopFixture,
} from "../helpers/factory";

const ROLE_NAMES = ["PROPOSER_ROLE", "CANCELLER_ROLE", "EXECUTOR_ROLE", "DEFAULT_ADMIN_ROLE"] as const;

/** Replaces each of the cooperative's addresses with its part name, so two cooperatives compare. */
function labeller(addresses: CooperativeAddresses, others: Record<string, string>): (value: unknown) => unknown {
  const names = new Map<string, string>();
  for (const [part, address] of Object.entries({ ...addresses, ...others })) names.set(address.toLowerCase(), part);
  return (value) =>
    typeof value === "string" && names.has(value.toLowerCase()) ? names.get(value.toLowerCase()) : value;
}

/**
 * Reads every link, role and setting of a cooperative, with its own addresses replaced by part names,
 * so that a cooperative made by the factory and one made by `deployCooperative` compare equal.
 */
async function readWiring(coop: Cooperative, others: Record<string, string>): Promise<Record<string, unknown>> {
  const addresses: CooperativeAddresses = {
    membership: await coop.membership.getAddress(),
    governor: await coop.governor.getAddress(),
    timelock: await coop.timelock.getAddress(),
    shares: await coop.shares.getAddress(),
    charter: await coop.charter.getAddress(),
    judgment: await coop.judgment.getAddress(),
    feeRouter: await coop.feeRouter.getAddress(),
  };
  const label = labeller(addresses, others);
  const { membership, governor, timelock, shares, charter, judgment, feeRouter } = coop;

  const roles: Record<string, unknown> = { minDelay: await timelock.getMinDelay() };
  for (const role of ROLE_NAMES) {
    const roleId = await timelock[role]();
    for (const [account, address] of Object.entries({ ...addresses, ...others })) {
      roles[`${role} ${account}`] = await timelock.hasRole(roleId, address);
    }
  }
  const ordinary: Record<string, boolean> = {};
  const listed = ordinaryOperations(addresses.membership, addresses.shares, addresses.feeRouter);
  for (const { target, selector } of listed) {
    ordinary[`${String(label(target))}.${selector}`] = await charter.isOrdinaryOperation(target, selector);
  }
  ordinary["membership.setMemberWeight"] = await charter.isOrdinaryOperation(
    addresses.membership,
    membership.interface.getFunction("setMemberWeight").selector,
  );

  return {
    roles,
    membership: [
      await membership.name(),
      await membership.symbol(),
      label(await membership.timelock()),
      label(await membership.shares()),
      await membership.memberCount(),
      await membership.memberWeight(),
      await membership.admissionPolicy(),
      label(await membership.implementation()),
    ],
    governor: [
      await governor.name(),
      label(await governor.timelock()),
      label(await governor.token()),
      label(await governor.charter()),
      await governor.votingDelay(),
      await governor.votingPeriod(),
      await governor["quorumNumerator()"](),
      await governor.lateQuorumVoteExtension(),
      await governor.proposalThreshold(),
      label(await governor.implementation()),
    ],
    shares: [
      label(await shares.membership()),
      label(await shares.timelock()),
      await shares.paymentToken(),
      await shares.nominalValue(),
      await shares.minimumShares(),
      await shares.noticePeriod(),
      await shares.capitalFloorBps(),
      label(await shares.implementation()),
    ],
    charter: [
      label(await charter.timelock()),
      label(await charter.membership()),
      await charter.isGovernor(addresses.governor),
      await charter.isGovernor(addresses.judgment),
      await charter.isCoopContract(addresses.membership),
      await charter.isCoopContract(addresses.shares),
      await charter.isCoopContract(addresses.feeRouter),
      [...(await charter.extraordinaryRules())],
      await charter.guardian(),
      ordinary,
      label(await charter.implementation()),
    ],
    judgment: [
      label(await judgment.membership()),
      label(await judgment.timelock()),
      label(await judgment.charter()),
      [...(await judgment.settings())],
      label(await judgment.implementation()),
    ],
    feeRouter: [
      label(await feeRouter.membership()),
      label(await feeRouter.timelock()),
      await feeRouter.serviceFeeBps(),
      await feeRouter.duesBps(),
      label(await feeRouter.serviceFeeRecipient()),
      label(await feeRouter.duesRecipient()),
      label(await feeRouter.implementation()),
    ],
  };
}

/** Returns whether any of `addresses` has code. */
async function anyCode(addresses: CooperativeAddresses): Promise<boolean> {
  for (const address of Object.values(addresses)) {
    if ((await ethers.provider.getCode(address)) !== "0x") return true;
  }
  return false;
}

describe("CoopFactory", function () {
  describe("constructor", function () {
    for (const role of ["membership", "governor", "shares", "charter", "judgment", "feeRouter"] as const) {
      it(`rejects code-less ${role}`, async function () {
        const { implementations, deployer, outsiders } = await loadFixture(deployFactoryFixture);
        const args = { ...implementations, [role]: outsiders[0].address };

        await expect(
          new CoopFactory__factory(deployer).deploy(
            args.membership,
            args.governor,
            args.shares,
            args.charter,
            args.judgment,
            args.feeRouter,
          ),
        )
          .to.be.revertedWithCustomError(new CoopFactory__factory(deployer), "CoopFactoryInvalidImplementation")
          .withArgs(role, outsiders[0].address);
      });
    }

    it("rejects zero implementation", async function () {
      const { implementations, deployer } = await loadFixture(deployFactoryFixture);

      await expect(
        new CoopFactory__factory(deployer).deploy(
          ZeroAddress,
          implementations.governor,
          implementations.shares,
          implementations.charter,
          implementations.judgment,
          implementations.feeRouter,
        ),
      )
        .to.be.revertedWithCustomError(new CoopFactory__factory(deployer), "CoopFactoryInvalidImplementation")
        .withArgs("membership", ZeroAddress);
    });

    it("records implementations", async function () {
      const { factory, implementations } = await loadFixture(deployFactoryFixture);

      expect([...(await factory.implementations())]).to.deep.equal([
        implementations.membership,
        implementations.governor,
        implementations.shares,
        implementations.charter,
        implementations.judgment,
        implementations.feeRouter,
      ]);
    });
  });

  describe("addresses", function () {
    it("match the prediction", async function () {
      const { created } = await loadFixture(deployFactoryCoopFixture);

      expect(created.addresses).to.deep.equal(created.prediction);
      expect(await anyCode(created.addresses)).to.equal(true);
    });

    it("follow CREATE2 with deployer-bound salt", async function () {
      const { factory, deployer, created } = await loadFixture(deployFactoryCoopFixture);
      const deploySalt = keccak256(
        AbiCoder.defaultAbiCoder().encode(["address", "bytes32"], [deployer.address, TEST_SALT]),
      );
      const proxyCode = (await ethers.getContractFactory("CoopFactoryProxy")).bytecode;
      const [membershipImplementation] = await factory.implementations();
      const initCode = proxyCode + AbiCoder.defaultAbiCoder().encode(["address"], [membershipImplementation]).slice(2);

      expect(getCreate2Address(await factory.getAddress(), deploySalt, keccak256(initCode))).to.equal(
        created.addresses.membership,
      );
    });

    it("differ for another deployer", async function () {
      const { factory, outsiders, params, created } = await loadFixture(deployFactoryCoopFixture);

      const other = await deployCooperativeWithFactory(factory, outsiders[0], TEST_SALT, params);

      for (const part of Object.keys(created.addresses) as (keyof CooperativeAddresses)[]) {
        expect(other.addresses[part], part).to.not.equal(created.addresses[part]);
      }
    });

    it("move only the timelock with its delay", async function () {
      const { factory, deployer } = await loadFixture(deployFactoryFixture);

      const short = await predictCooperative(factory, deployer.address, TEST_SALT, 60);
      const long = await predictCooperative(factory, deployer.address, TEST_SALT, 3_600);

      expect(long.timelock).to.not.equal(short.timelock);
      expect({ ...long, timelock: "" }).to.deep.equal({ ...short, timelock: "" });
    });
  });

  describe("registry", function () {
    it("registers timelock and membership", async function () {
      const { factory, created } = await loadFixture(deployFactoryCoopFixture);

      expect(await factory.isCooperative(created.addresses.timelock), "timelock").to.equal(true);
      expect(await factory.isCooperative(created.addresses.membership), "membership").to.equal(true);
      expect(await factory.isCooperative(created.addresses.governor), "governor").to.equal(false);
    });

    it("emits addresses and CIDs", async function () {
      const { factory, deployer, founders } = await loadFixture(deployFactoryFixture);
      const metadataCid = cidV1Sha256("metadata");
      const statutesCid = cidV1Sha256("statutes");
      const params: FactoryCooperativeParams = { ...testCoopParams(founders), metadataCid, statutesCid };
      const prediction = await predictCooperative(factory, deployer.address, TEST_SALT, params.settings.timelockDelay);

      await expect(factory.createCooperative(TEST_SALT, toFactoryConfig(params)))
        .to.emit(factory, "CooperativeCreated")
        .withArgs(
          deployer.address,
          TEST_SALT,
          [
            prediction.timelock,
            prediction.membership,
            prediction.governor,
            prediction.shares,
            prediction.charter,
            prediction.judgment,
            prediction.feeRouter,
          ],
          metadataCid,
          statutesCid,
        );
    });

    it("rejects same salt twice", async function () {
      const { factory, deployer, params } = await loadFixture(deployFactoryCoopFixture);

      await expect(factory.createCooperative(TEST_SALT, toFactoryConfig(params)))
        .to.be.revertedWithCustomError(factory, "CoopFactoryCooperativeExists")
        .withArgs(deployer.address, TEST_SALT);
    });

    it("rejects same salt with other delay", async function () {
      const { factory, deployer, params } = await loadFixture(deployFactoryCoopFixture);
      const config = toFactoryConfig({ ...params, settings: { ...params.settings, timelockDelay: 7_200 } });

      await expect(factory.createCooperative(TEST_SALT, config))
        .to.be.revertedWithCustomError(factory, "CoopFactoryCooperativeExists")
        .withArgs(deployer.address, TEST_SALT);
    });

    it("rejects reused salt before sending", async function () {
      const { factory, deployer, params } = await loadFixture(deployFactoryCoopFixture);

      await expect(deployCooperativeWithFactory(factory, deployer, TEST_SALT, params)).to.be.rejectedWith(
        /already used.*Choose another salt/,
      );
    });
  });

  describe("wiring", function () {
    it("equals deployCooperative", async function () {
      const { factory, implementations, deployer, params, created } = await loadFixture(deployFactoryCoopFixture);
      const direct = await deployCooperative(deployer, implementations, params);
      const others = {
        deployer: deployer.address,
        factory: await factory.getAddress(),
        ...prefixed({ ...implementations }),
      };

      const expected = await readWiring(direct, others);
      const actual = await readWiring(created.cooperative, others);

      expect(actual).to.deep.equal(expected);
    });

    it("gives timelock roles to governors only", async function () {
      const { factory, deployer, created } = await loadFixture(deployFactoryCoopFixture);
      const { timelock } = created.cooperative;
      const accounts = {
        ...created.addresses,
        deployer: deployer.address,
        factory: await factory.getAddress(),
      };

      for (const role of ROLE_NAMES) {
        const roleId = await timelock[role]();
        for (const [name, address] of Object.entries(accounts)) {
          const expected =
            role === "DEFAULT_ADMIN_ROLE" ? name === "timelock" : name === "governor" || name === "judgment";
          expect(await timelock.hasRole(roleId, address), `${role} of ${name}`).to.equal(expected);
        }
      }
    });

    it("sets member weight and policy", async function () {
      const { factory, deployer, founders } = await loadFixture(deployFactoryFixture);
      const params = { ...testCoopParams(founders), memberWeight: 1_000_000n, admissionPolicy: "open" as const };

      const { cooperative } = await deployCooperativeWithFactory(factory, deployer, TEST_SALT, params);

      expect(await cooperative.membership.memberWeight()).to.equal(1_000_000n);
      expect(await cooperative.membership.admissionPolicy()).to.equal(2n);
      const [weight] = await cooperative.membership.memberInfo(founders[0].address);
      expect(weight).to.equal(1_000_000n);
    });

    it("sends fees to given recipients", async function () {
      const { factory, deployer, founders, outsiders } = await loadFixture(deployFactoryFixture);
      const params = {
        ...testCoopParams(founders),
        fees: {
          serviceFeeBps: 250,
          duesBps: 20,
          serviceFeeRecipient: outsiders[0].address,
          duesRecipient: outsiders[1].address,
          tokens: [],
        },
      };

      const { cooperative } = await deployCooperativeWithFactory(factory, deployer, TEST_SALT, params);

      expect(await cooperative.feeRouter.serviceFeeBps()).to.equal(250n);
      expect(await cooperative.feeRouter.duesBps()).to.equal(20n);
      expect(await cooperative.feeRouter.serviceFeeRecipient()).to.equal(outsiders[0].address);
      expect(await cooperative.feeRouter.duesRecipient()).to.equal(outsiders[1].address);
    });
  });

  describe("initializers", function () {
    /** Returns calls to each initializer at `target` (proxies or implementations), with an outsider's arguments. */
    function initializeCalls(target: CooperativeAddresses, fixture: FactoryCoopFixture) {
      const runner = fixture.outsiders[0];
      const attacker = runner.address;
      const settings = { votingDelay: 1, votingPeriod: 60, quorumNumerator: 1, lateQuorumExtension: 0 };
      const judgmentSettings = {
        votingDelay: 1,
        votingPeriod: 60,
        quorumPercent: 1,
        gradeCount: 6,
        minimumGrade: 2,
        lateQuorumExtension: 0,
      };
      return {
        membership: () =>
          CoopMembership__factory.connect(target.membership, runner).initialize(
            "X",
            "X",
            attacker,
            attacker,
            [],
            1n,
            0,
          ),
        governor: () =>
          CoopGovernor__factory.connect(target.governor, runner).initialize(
            "X",
            attacker,
            attacker,
            attacker,
            settings,
          ),
        shares: () =>
          CoopShares__factory.connect(target.shares, runner).initialize(
            attacker,
            attacker,
            ZeroAddress,
            1n,
            0n,
            0n,
            0n,
          ),
        charter: () =>
          CoopCharter__factory.connect(target.charter, runner).initialize(
            attacker,
            [attacker],
            attacker,
            [],
            DEFAULT_EXTRAORDINARY_RULES,
            [],
          ),
        judgment: () =>
          CoopJudgmentGovernor__factory.connect(target.judgment, runner).initialize(
            "X",
            attacker,
            attacker,
            attacker,
            judgmentSettings,
          ),
        feeRouter: () =>
          FeeRouter__factory.connect(target.feeRouter, runner).initialize(
            attacker,
            attacker,
            attacker,
            attacker,
            0,
            0,
            [],
          ),
      };
    }

    for (const part of ["membership", "governor", "shares", "charter", "judgment", "feeRouter"] as const) {
      it(`rejects second ${part} initialize`, async function () {
        const fixture = await loadFixture(deployFactoryCoopFixture);
        const call = initializeCalls(fixture.created.addresses, fixture)[part];

        await expect(call()).to.be.revertedWithCustomError(fixture.created.cooperative[part], "InvalidInitialization");
      });

      it(`rejects ${part} implementation initialize`, async function () {
        const fixture = await loadFixture(deployFactoryCoopFixture);
        const implementations = { ...fixture.created.addresses, ...fixture.implementations };
        const call = initializeCalls(implementations, fixture)[part];

        await expect(call()).to.be.revertedWithCustomError(fixture.created.cooperative[part], "InvalidInitialization");
      });
    }
  });

  describe("invalid config", function () {
    const cases: {
      name: string;
      change: (params: FactoryCooperativeParams, zero: string) => FactoryCooperativeParams;
      contract: "membership" | "governor" | "feeRouter" | "factory" | "charter" | "judgment" | "shares";
      error: string;
    }[] = [
      {
        name: "zero founder",
        change: (params, zero) => ({ ...params, founders: [...params.founders, zero] }),
        contract: "membership",
        error: "CoopMembershipInvalidMember",
      },
      {
        name: "zero member weight",
        change: (params) => ({ ...params, memberWeight: 0n }),
        contract: "membership",
        error: "CoopMembershipInvalidWeight",
      },
      {
        name: "quorum above 100",
        change: (params) => ({ ...params, settings: { ...params.settings, quorumPercent: 140 } }),
        contract: "governor",
        error: "GovernorInvalidQuorumFraction",
      },
      {
        name: "zero voting period",
        change: (params) => ({ ...params, settings: { ...params.settings, votingPeriod: 0 } }),
        contract: "governor",
        error: "GovernorInvalidVotingPeriod",
      },
      {
        name: "zero nominal value",
        change: (params) => ({
          ...params,
          capital: { paymentToken: ZeroAddress, nominalValue: 0n, minimumShares: 1n, noticePeriod: 0, floorBps: 0 },
        }),
        contract: "shares",
        error: "CoopSharesInvalidNominalValue",
      },
      {
        name: "majority below half",
        change: (params) => ({
          ...params,
          extraordinary: { quorumPercent: 50, majorityNumerator: 1, majorityDenominator: 3 },
        }),
        contract: "charter",
        error: "CoopCharterInvalidRules",
      },
      {
        name: "minimum grade off scale",
        change: (params) => ({ ...params, gradeScale: { gradeCount: 4, minimumGrade: 4 } }),
        contract: "judgment",
        error: "CoopJudgmentInvalidSetting",
      },
      {
        name: "service fee above cap",
        change: (params) => ({ ...params, fees: { serviceFeeBps: 2_000, duesBps: 10, tokens: [] } }),
        contract: "feeRouter",
        error: "FeeRouterServiceFeeAboveCap",
      },
      {
        name: "invalid statutes CID",
        change: (params) => ({ ...params, statutesCid: "0x0102" }),
        contract: "factory",
        error: "CidInvalid",
      },
    ];

    for (const { name, change, contract, error } of cases) {
      it(`rejects ${name}`, async function () {
        const { factory, deployer, founders, created } = await loadFixture(deployFactoryCoopFixture);
        const params = change(testCoopParams(founders), ZeroAddress);
        const salt = factorySalt(name);
        const prediction = await predictCooperative(factory, deployer.address, salt, params.settings.timelockDelay);
        const source = contract === "factory" ? factory : created.cooperative[contract];

        await expect(factory.createCooperative(salt, toFactoryConfig(params))).to.be.revertedWithCustomError(
          source,
          error,
        );

        expect(await anyCode(prediction), "code left at the predicted addresses").to.equal(false);
        expect(await factory.isCooperative(prediction.membership), "registered").to.equal(false);
      });
    }

    it("allows salt after failure", async function () {
      const { factory, deployer, founders } = await loadFixture(deployFactoryFixture);
      const params = testCoopParams(founders);
      const broken = { ...params, settings: { ...params.settings, quorumPercent: 140 } };
      await expect(factory.createCooperative(TEST_SALT, toFactoryConfig(broken))).to.be.reverted;

      const { addresses, prediction } = await deployCooperativeWithFactory(factory, deployer, TEST_SALT, params);

      expect(addresses).to.deep.equal(prediction);
    });
  });

  describe("governance", function () {
    it("passes founder proposal end to end", async function () {
      const { created, founders, outsiders } = await loadFixture(deployFactoryCoopFixture);
      const { governor, membership } = created.cooperative;
      const admission = await admitAction(membership, outsiders[0].address);

      await passProposal(governor, founders[0], founders.slice(0, 3), [admission], testDescription("Admit a member"));

      expect(await membership.isMember(outsiders[0].address)).to.equal(true);
      expect(await membership.memberCount()).to.equal(BigInt(founders.length + 1));
    });

    it("upgrades only through timelock", async function () {
      const { created, founders, implementations } = await loadFixture(deployFactoryCoopFixture);

      await expect(
        created.cooperative.membership.connect(founders[0]).upgradeToAndCall(implementations.membership, "0x"),
      ).to.be.revertedWithCustomError(created.cooperative.membership, "CoopMembershipUnauthorized");
    });
  });
});

/** Names each implementation address `<part>Implementation`, for {@link labeller}. */
function prefixed(implementations: Record<string, string>): Record<string, string> {
  return Object.fromEntries(
    Object.entries(implementations).map(([part, address]) => [`${part}Implementation`, address]),
  );
}

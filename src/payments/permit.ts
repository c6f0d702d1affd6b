import {
  Contract,
  Signature,
  TypedDataEncoder,
  ZeroAddress,
  verifyTypedData,
  type ContractRunner,
  type Signer,
  type TypedDataDomain,
} from "ethers";

/** Error for a token whose permits cannot be signed: it lacks EIP-2612, or its domain cannot be rebuilt. */
export class PermitUnsupportedError extends Error {
  override name = "PermitUnsupportedError";
}

/** An EIP-2612 permit signature, in the form that `permit` and the fee router's `payWithPermit` take. */
export interface PermitSignature {
  owner: string;
  spender: string;
  value: bigint;
  nonce: bigint;
  deadline: bigint;
  v: number;
  r: string;
  s: string;
}

const PERMIT_ABI = [
  "function nonces(address owner) view returns (uint256)",
  "function DOMAIN_SEPARATOR() view returns (bytes32)",
  "function name() view returns (string)",
  "function version() view returns (string)",
  "function eip712Domain() view returns (bytes1 fields, string name, string version, uint256 chainId, " +
    "address verifyingContract, bytes32 salt, uint256[] extensions)",
];

/** The EIP-2612 `Permit` struct. */
const PERMIT_TYPES = {
  Permit: [
    { name: "owner", type: "address" },
    { name: "spender", type: "address" },
    { name: "value", type: "uint256" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** Bits of the `fields` byte of EIP-5267's `eip712Domain()`, one per domain field present. */
const DOMAIN_FIELD_BITS = { name: 1, version: 2, chainId: 4, verifyingContract: 8, salt: 16 } as const;

/**
 * Returns the EIP-712 domain of `token`'s permits, checked against its `DOMAIN_SEPARATOR()`.
 *
 * The domain comes from EIP-5267's `eip712Domain()` when the token has it (OpenZeppelin 5 tokens
 * do). Otherwise it is rebuilt from `name()`, `version()` or "1", the chain id and the token's
 * address, as OpenZeppelin 4 and most other EIP-2612 tokens build it.
 *
 * @throws PermitUnsupportedError when the token has no `DOMAIN_SEPARATOR()` or `nonces(address)`,
 * so it does not support EIP-2612, or when no candidate domain hashes to its separator.
 */
export async function permitDomain(runner: ContractRunner, token: string): Promise<TypedDataDomain> {
  const contract = new Contract(token, PERMIT_ABI, runner);
  let separator: string;
  try {
    separator = String(await contract.DOMAIN_SEPARATOR());
    await contract.nonces(ZeroAddress);
  } catch {
    throw new PermitUnsupportedError(
      `token ${token} has no DOMAIN_SEPARATOR() or nonces(address), so it does not support EIP-2612 permits`,
    );
  }

  const candidates: TypedDataDomain[] = [];
  const fromEip5267 = await eip712Domain(contract);
  if (fromEip5267 !== undefined) candidates.push(fromEip5267);
  const chainId = (await requireProvider(runner).getNetwork()).chainId;
  const name = await optionalString(contract, "name");
  if (name !== undefined) {
    const version = await optionalString(contract, "version");
    for (const candidateVersion of new Set([version ?? "1", "1"])) {
      candidates.push({ name, version: candidateVersion, chainId, verifyingContract: token });
    }
    candidates.push({ name, chainId, verifyingContract: token });
  }

  const domain = candidates.find((candidate) => TypedDataEncoder.hashDomain(candidate) === separator);
  if (domain === undefined) {
    throw new PermitUnsupportedError(
      `the EIP-712 domain of token ${token} could not be rebuilt: neither eip712Domain() nor name() and ` +
        `version() give its DOMAIN_SEPARATOR() ${separator}`,
    );
  }
  return domain;
}

/**
 * Signs an EIP-2612 permit that lets `spender` take `value` of `token` from the signer's account
 * until `deadline` (seconds since the Unix epoch), with the owner's next permit nonce.
 *
 * The signature is checked against the owner's address before it is returned, so a wallet that
 * signs another message fails here rather than in the transaction.
 *
 * @throws PermitUnsupportedError as {@link permitDomain} does.
 */
export async function signPermit(
  signer: Signer,
  token: string,
  spender: string,
  value: bigint,
  deadline: bigint,
): Promise<PermitSignature> {
  const domain = await permitDomain(signer, token);
  const owner = await signer.getAddress();
  const contract = new Contract(token, PERMIT_ABI, signer);
  const nonce = BigInt(await contract.nonces(owner));
  const message = { owner, spender, value, nonce, deadline };

  const signed = await signer.signTypedData(domain, PERMIT_TYPES, message);
  if (verifyTypedData(domain, PERMIT_TYPES, message, signed) !== owner) {
    throw new Error(
      `Invalid permit signature from ${owner}: it does not recover to ${owner}, so the wallet signed another message.`,
    );
  }
  const { v, r, s } = Signature.from(signed);
  return { ...message, v, r, s };
}

/** Result of EIP-5267's `eip712Domain()`, less the extensions. */
interface Eip712DomainResult {
  fields: string;
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
  salt: string;
}

/** Returns the domain that EIP-5267's `eip712Domain()` describes, or undefined when the token lacks it. */
async function eip712Domain(contract: Contract): Promise<TypedDataDomain | undefined> {
  let result: Eip712DomainResult;
  try {
    result = (await contract.eip712Domain()) as Eip712DomainResult;
  } catch {
    return undefined;
  }
  const fields = Number(BigInt(result.fields));
  const domain: TypedDataDomain = {};
  if (fields & DOMAIN_FIELD_BITS.name) domain.name = result.name;
  if (fields & DOMAIN_FIELD_BITS.version) domain.version = result.version;
  if (fields & DOMAIN_FIELD_BITS.chainId) domain.chainId = result.chainId;
  if (fields & DOMAIN_FIELD_BITS.verifyingContract) domain.verifyingContract = result.verifyingContract;
  if (fields & DOMAIN_FIELD_BITS.salt) domain.salt = result.salt;
  return domain;
}

/** Returns the string that the view function `name` returns, or undefined when the call fails. */
async function optionalString(contract: Contract, name: "name" | "version"): Promise<string | undefined> {
  try {
    return String(await contract.getFunction(name).staticCall());
  } catch {
    return undefined;
  }
}

function requireProvider(runner: ContractRunner): NonNullable<ContractRunner["provider"]> {
  const provider = runner.provider;
  if (provider === null || provider === undefined) {
    throw new Error("The signer has no provider: connect it to a network first.");
  }
  return provider;
}

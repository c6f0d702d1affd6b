import { artifacts } from "hardhat";

/** EIP-170: the largest runtime bytecode a chain accepts, in bytes. */
export const MAX_CONTRACT_SIZE = 24_576;

/** Prints the deployed size of every contract of ours and fails above EIP-170's limit. */
async function main(): Promise<void> {
  const names = (await artifacts.getAllFullyQualifiedNames()).filter(
    (name) => name.startsWith("contracts/") && !name.startsWith("contracts/mocks/"),
  );
  const oversized: string[] = [];
  for (const name of names.sort()) {
    const artifact = await artifacts.readArtifact(name);
    const size = (artifact.deployedBytecode.length - 2) / 2;
    if (size === 0) continue; // interfaces and abstract contracts
    const margin = MAX_CONTRACT_SIZE - size;
    console.log(`${artifact.contractName.padEnd(24)} ${String(size).padStart(6)} bytes  (${margin} left)`);
    if (margin < 0) oversized.push(`${artifact.contractName} (${size} bytes)`);
  }
  if (oversized.length > 0) {
    throw new Error(
      `Contracts over the ${MAX_CONTRACT_SIZE}-byte limit of EIP-170: ${oversized.join(", ")}. ` +
        "Move logic into a library or a separate contract.",
    );
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
});

import { BrowserProvider, type Eip1193Provider, type JsonRpcSigner } from "ethers";

/** Wallet description of an EIP-6963 announcement. */
export interface WalletInfo {
  uuid: string;
  name: string;
  /** Data URI of the wallet's icon. */
  icon: string;
  /** Reverse DNS name of the wallet, such as `io.metamask`. */
  rdns: string;
}

/** A wallet the page can connect to. */
export interface WalletChoice {
  info: WalletInfo;
  provider: Eip1193Provider;
}

/** A connected wallet: the account and the signer that sends its transactions and signatures. */
export interface Connection {
  wallet: WalletChoice;
  provider: BrowserProvider;
  signer: JsonRpcSigner;
  account: string;
  chainId: bigint;
}

interface AnnounceProviderEvent extends Event {
  detail: WalletChoice;
}

/** Time to wait for EIP-6963 announcements before falling back to `window.ethereum`, in ms. */
const ANNOUNCE_WAIT_MS = 300;

/**
 * Discovers wallets with EIP-6963: listens for `eip6963:announceProvider` and dispatches
 * `eip6963:requestProvider`. Calls `onChange` with the list each time a wallet announces itself.
 * When no wallet announced itself after a short wait, a legacy `window.ethereum` is offered under
 * `fallbackName`.
 */
export function discoverWallets(fallbackName: string, onChange: (wallets: WalletChoice[]) => void): void {
  const wallets = new Map<string, WalletChoice>();
  window.addEventListener("eip6963:announceProvider", (event) => {
    const { detail } = event as AnnounceProviderEvent;
    if (typeof detail?.info?.uuid !== "string" || typeof detail.provider?.request !== "function") return;
    wallets.set(detail.info.uuid, detail);
    onChange([...wallets.values()]);
  });
  window.dispatchEvent(new Event("eip6963:requestProvider"));

  setTimeout(() => {
    const legacy = (window as { ethereum?: Eip1193Provider }).ethereum;
    // onChange renders the page again, which would clear a form being filled in, so it runs only on a change.
    if (wallets.size > 0 || legacy === undefined) return;
    wallets.set("window.ethereum", {
      info: { uuid: "window.ethereum", name: fallbackName, icon: "", rdns: "" },
      provider: legacy,
    });
    onChange([...wallets.values()]);
  }, ANNOUNCE_WAIT_MS);
}

/** Asks `wallet` for an account with `eth_requestAccounts` and returns the connection. */
export async function connectWallet(wallet: WalletChoice): Promise<Connection> {
  const provider = new BrowserProvider(wallet.provider);
  const accounts = (await provider.send("eth_requestAccounts", [])) as string[];
  if (accounts.length === 0) throw new Error("The wallet returned no account.");
  const signer = await provider.getSigner(accounts[0]);
  const { chainId } = await provider.getNetwork();
  return { wallet, provider, signer, account: await signer.getAddress(), chainId };
}

/**
 * Asks the wallet to switch to `chainId` with `wallet_switchEthereumChain`, then returns a new
 * connection, because ethers' BrowserProvider keeps the network it first saw.
 */
export async function switchChain(connection: Connection, chainId: bigint): Promise<Connection> {
  await connection.wallet.provider.request({
    method: "wallet_switchEthereumChain",
    params: [{ chainId: `0x${chainId.toString(16)}` }],
  });
  return connectWallet(connection.wallet);
}

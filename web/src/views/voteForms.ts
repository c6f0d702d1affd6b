import type { JudgmentProposal } from "../../../src/mj/judgmentProposals";
import { checkedValue, el, radio, uniqueId } from "../dom";
import { UserError, errorMessage } from "../errors";
import { t } from "../i18n";
import { signBallotFile, signVoteFile, type SignedFile } from "../signing";
import { onRightChain, type AppState } from "../state";
import { setStatus } from "../status";
import { VoteSupport, castBallot, castVote, checkCanVote, walletChainId } from "../voting";
import type { Connection } from "../wallets";
import { stateLabel } from "./home";
import { scaleLabels } from "./results";

/**
 * Renders the yes/no/abstain form with a reason, a button that votes and one that signs for a relay.
 * An account that `voted` already gets a notice instead, since the governor counts one vote each.
 */
export function renderVoteForm(state: AppState, proposalId: bigint, stateName: string, voted: boolean): HTMLElement {
  const section = voteSection();
  const connection = state.connection;
  const blocker =
    voteBlocker(state, stateName) ??
    (voted ? el("p", { testId: "already-voted", text: t("alreadyVoted") }) : undefined);
  if (connection === undefined || blocker !== undefined) {
    section.append(blocker ?? votePrerequisite(state));
    return section;
  }

  const form = el("form", { attrs: { novalidate: "" } });
  const group = "support";
  const reasonId = uniqueId("reason");
  const reason = el("textarea", { testId: "reason", attrs: { id: reasonId, rows: "3", maxlength: "2000" } });
  form.append(
    el(
      "fieldset",
      {},
      el("legend", { text: t("voteLegend") }),
      radio(group, String(VoteSupport.For), t("supportFor"), "vote-for"),
      radio(group, String(VoteSupport.Against), t("supportAgainst"), "vote-against"),
      radio(group, String(VoteSupport.Abstain), t("supportAbstain"), "vote-abstain"),
    ),
    el("label", { text: t("reasonLabel"), attrs: { for: reasonId } }),
    reason,
  );

  const submit = el("button", { testId: "submit-vote", text: t("submitVote"), attrs: { type: "submit" } });
  const sign = el("button", { testId: "sign-vote", text: t("signVote"), attrs: { type: "button" } });
  const signedOutput = el("div", { className: "signed" });
  form.append(el("div", { className: "buttons" }, submit));

  const readSupport = (): number | undefined => {
    const value = checkedValue(form, group);
    if (value === undefined) {
      setStatus(t("chooseSupport"), "error");
      focusFirstRadio(form, group);
      return undefined;
    }
    return Number(value);
  };

  bindVoteButtons(state, connection, stateName, { form, submit, sign, signedOutput }, readSupport, {
    send: async (support) => {
      const block = await castVote(connection.signer, state.config, proposalId, support, reason.value);
      return t("voteCounted", { block });
    },
    sign: (support) => signVoteFile(connection.signer, state.reader, state.config, proposalId, support, reason.value),
  });

  section.append(form, signSection(sign, signedOutput));
  return section;
}

/** Renders one radio group per option with the scale's grade labels, and buttons to vote or sign. */
export function renderBallotForm(
  state: AppState,
  proposal: JudgmentProposal,
  stateName: string,
  labels: readonly string[],
): HTMLElement {
  const section = voteSection();
  const connection = state.connection;
  const blocker = voteBlocker(state, stateName);
  if (connection === undefined || blocker !== undefined) {
    section.append(blocker ?? votePrerequisite(state));
    return section;
  }

  const grades = scaleLabels(proposal);
  const form = el("form", { attrs: { novalidate: "" } });
  labels.forEach((label, option) => {
    const fieldset = el(
      "fieldset",
      { className: "grades" },
      el("legend", { text: t("gradeLegend", { option: label }) }),
    );
    // Best grade first, as members read a scale from "Excellent" down.
    for (let grade = grades.length - 1; grade >= 0; grade -= 1) {
      fieldset.append(radio(`grade-${option}`, String(grade), grades[grade], `grade-${option}-${grade}`));
    }
    form.append(fieldset);
  });
  const submit = el("button", { testId: "submit-ballot", text: t("submitBallot"), attrs: { type: "submit" } });
  const sign = el("button", { testId: "sign-ballot", text: t("signBallot"), attrs: { type: "button" } });
  const signedOutput = el("div", { className: "signed" });
  form.append(el("div", { className: "buttons" }, submit));

  const readGrades = (): number[] | undefined => {
    const values = labels.map((_, option) => checkedValue(form, `grade-${option}`));
    const missing = values.findIndex((value) => value === undefined);
    if (missing !== -1) {
      setStatus(t("chooseAllGrades"), "error");
      focusFirstRadio(form, `grade-${missing}`);
      return undefined;
    }
    return values.map(Number);
  };

  bindVoteButtons(state, connection, stateName, { form, submit, sign, signedOutput }, readGrades, {
    send: async (chosen) => {
      const block = await castBallot(connection.signer, state.config, proposal.id, chosen);
      return t("ballotCounted", { block });
    },
    sign: (chosen) => signBallotFile(connection.signer, state.reader, state.config, proposal, chosen),
  });

  section.append(form, signSection(sign, signedOutput));
  return section;
}

/** Elements of a vote form that {@link bindVoteButtons} wires up. */
interface VoteFormElements {
  form: HTMLFormElement;
  submit: HTMLButtonElement;
  sign: HTMLButtonElement;
  signedOutput: HTMLElement;
}

/** Ways to send a choice: as a transaction, returning the status message, or as a signed file. */
interface VoteSenders<Choice> {
  send(choice: Choice): Promise<string>;
  sign(choice: Choice): Promise<SignedFile>;
}

/**
 * Wires the form's submit button to send the choice that `readChoice` returns, and the sign button
 * to sign it for a relay. Both first check membership, the proposal's state and the wallet's chain.
 */
function bindVoteButtons<Choice>(
  state: AppState,
  connection: Connection,
  stateName: string,
  elements: VoteFormElements,
  readChoice: () => Choice | undefined,
  senders: VoteSenders<Choice>,
): void {
  const { form, submit, sign, signedOutput } = elements;
  form.addEventListener("submit", (event) => {
    event.preventDefault();
    const choice = readChoice();
    if (choice === undefined) return;
    void run(submit, async () => {
      await checkBeforeSending(state, connection, stateName);
      setStatus(t("sending"));
      setStatus(await senders.send(choice), "success");
      state.refresh();
    });
  });
  sign.addEventListener("click", () => {
    const choice = readChoice();
    if (choice === undefined) return;
    void run(sign, async () => {
      await checkBeforeSending(state, connection, stateName);
      setStatus(t("signing"));
      showSignedFile(signedOutput, await senders.sign(choice));
    });
  });
}

/**
 * Checks membership and the proposal's state, then reads the wallet's current chain id. When the
 * wallet moved to another chain after it connected, the page renders again with its switch button.
 *
 * @throws UserError in the member's language for the first problem found.
 */
async function checkBeforeSending(state: AppState, connection: Connection, stateName: string): Promise<void> {
  await checkCanVote(state.reader, state.config, connection.account, stateName, stateLabel(stateName));
  const chainId = await walletChainId(connection);
  const expected = BigInt(state.config.chainId);
  if (chainId === expected) return;
  if (state.connection === connection) {
    state.connection = { ...connection, chainId };
    state.refresh();
  }
  throw new UserError(t("wrongChain", { actual: chainId, network: state.config.networkName, expected }));
}

/** Moves the keyboard focus to the first radio of group `name`, which the member left empty. */
function focusFirstRadio(form: HTMLFormElement, name: string): void {
  form.querySelector<HTMLInputElement>(`input[type="radio"][name="${CSS.escape(name)}"]`)?.focus();
}

/** Returns the message that replaces the form when the member cannot vote now, or undefined. */
function voteBlocker(state: AppState, stateName: string): HTMLElement | undefined {
  if (state.connection === undefined || !onRightChain(state)) return votePrerequisite(state);
  if (stateName !== "Active") {
    return el("p", { testId: "vote-closed", text: t("proposalNotActive", { state: stateLabel(stateName) }) });
  }
  return undefined;
}

/** Returns what the member must do before voting: connect a wallet, or switch it to the cooperative's chain. */
function votePrerequisite(state: AppState): HTMLElement {
  if (state.connection === undefined) return el("p", { text: t("connectToVote") });
  return el("p", { className: "warning", text: t("switchToVote", { network: state.config.networkName }) });
}

function voteSection(): HTMLElement {
  return el(
    "section",
    { attrs: { "aria-labelledby": "vote-heading" } },
    el("h2", { text: t("voteHeading"), attrs: { id: "vote-heading" } }),
  );
}

function signSection(sign: HTMLButtonElement, output: HTMLElement): HTMLElement {
  return el(
    "div",
    { className: "sign" },
    el("h3", { text: t("signHeading") }),
    el("p", { text: t("signExplanation") }),
    sign,
    output,
  );
}

/** Runs `action` with `button` disabled, and shows its error in the status region. */
async function run(button: HTMLButtonElement, action: () => Promise<void>): Promise<void> {
  button.disabled = true;
  try {
    await action();
  } catch (error) {
    setStatus(errorMessage(error), "error");
  } finally {
    button.disabled = false;
  }
}

/** Shows the signed file as a download link and as read-only text to copy. */
function showSignedFile(container: HTMLElement, file: SignedFile): void {
  const textId = uniqueId("signed");
  const url = URL.createObjectURL(new Blob([file.json], { type: "application/json" }));
  const text = el("textarea", { testId: "signed-vote", attrs: { id: textId, readonly: "", rows: "12" } });
  text.value = file.json;
  container.replaceChildren(
    el("p", { text: t("signed") }),
    el(
      "p",
      {},
      el("a", { testId: "download-signed", text: t("downloadSigned"), attrs: { href: url, download: file.fileName } }),
    ),
    el("label", { text: t("signedVoteLabel"), attrs: { for: textId } }),
    text,
    el("p", {}, `${t("relayHint")} `, el("code", { testId: "relay-command", text: file.relayCommand })),
  );
  setStatus(t("signed"), "success");
}
